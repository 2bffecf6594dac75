package dev.cvj.cuda.interop;

import static dev.cvj.cuda.interop.JsonFields.describe;
import static dev.cvj.cuda.interop.JsonFields.required;
import static dev.cvj.cuda.interop.JsonFields.toLong;
import static dev.cvj.cuda.interop.JsonFields.toLongs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CUDA Array Interface, version 3: the value of Python's {@code __cuda_array_interface__}, with which
 * CuPy, PyTorch, Numba, JAX, CV-CUDA and cvj share device arrays without copying.
 *
 * <p>Every field is checked when the record is built; a bad value is an {@link IllegalArgumentException}
 * naming the field. The fields:
 * <ul>
 * <li>{@code shape}: the extent of each dimension, each {@code >= 0} (rank 0 is a scalar);</li>
 * <li>{@code typestr}: the element type, {@code [<>|=][biufcmMOSUV]<bytes>}, e.g. {@code "|u1"}, {@code "<f4"};</li>
 * <li>{@code data}, {@code readOnly}: the device pointer of element 0 ({@code 0} only for an empty array)
 * and whether the consumer may write;</li>
 * <li>{@code strides}: byte step of each dimension, or {@code null} for C-contiguous. cvj refuses negative
 * strides (the memory would lie before {@code data});</li>
 * <li>{@code stream}: empty when absent (no synchronization needed); otherwise the producer's stream:
 * {@code 1} the legacy default stream, {@code 2} the per-thread default stream, any other value a
 * {@code cudaStream_t}. {@code 0} is invalid (it is ambiguous, the spec forbids it). Only version 3 has it;</li>
 * <li>{@code descr}: the numpy-style record description, a list of {@code [name, typestr]} (or
 * {@code [name, typestr, shape]}) lists, or {@code null} when absent ({@link #toMap()} then writes the
 * default {@code [["", typestr]]});</li>
 * <li>{@code version}: 3 (versions 0 to 2 are accepted when read, without a stream).</li>
 * </ul>
 * The v2 field {@code mask} is not supported: {@link #fromMap} rejects a map whose {@code mask} is not null.
 *
 * <pre>{@code
 * var cai = CudaArrayInterface.of(new long[] {480, 640, 3}, "|u1", pointer, false, null, OptionalLong.of(2));
 * String json = cai.toJson();   // {"shape": [480, 640, 3], "typestr": "|u1", "data": [pointer, false], ...}
 * CudaArrayInterface back = CudaArrayInterface.fromJson(json);
 * }</pre>
 *
 * The arrays passed in and returned are copied, so the record is immutable; {@code equals} compares contents.
 *
 * @param shape the extent of each dimension, each at least 0
 * @param typestr the element type, e.g. {@code "|u1"} or {@code "<f4"}
 * @param data the device pointer of element 0 (0 only for an empty array)
 * @param readOnly whether the consumer may only read
 * @param strides the byte step of each dimension, or null for C-contiguous
 * @param stream the producer's stream (empty: absent)
 * @param descr the {@code descr} field, or null when absent
 * @param version the interface version, 3
 */
public record CudaArrayInterface(long[] shape, String typestr, long data, boolean readOnly,
                                 long[] strides, OptionalLong stream, List<Object> descr, int version) {

    /** The version this record writes. */
    public static final int VERSION = 3;
    /** The {@code stream} value of the legacy default stream. */
    public static final long STREAM_LEGACY = 1;
    /** The {@code stream} value of the per-thread default stream. */
    public static final long STREAM_PER_THREAD = 2;

    private static final Pattern TYPESTR = Pattern.compile("[<>|=][biufcmMOSUV][0-9]+");
    private static final Set<String> KEYS = Set.of("shape", "typestr", "data", "version", "strides", "stream", "descr", "mask");

    /** Checks every field (see the class notes); copies the arrays and the descr list. */
    public CudaArrayInterface {
        if (shape == null) {
            throw new IllegalArgumentException("shape: is null");
        }
        shape = shape.clone();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0) {
                throw new IllegalArgumentException("shape: dimension " + d + " is negative (" + shape[d] + ") in "
                        + Arrays.toString(shape));
            }
        }
        if (typestr == null) {
            throw new IllegalArgumentException("typestr: is null");
        }
        if (!TYPESTR.matcher(typestr).matches()) {
            throw new IllegalArgumentException("typestr: \"" + typestr
                    + "\" is not of the form [<>|=][biufcmMOSUV]<bytes>, e.g. \"<f4\" or \"|u1\"");
        }
        int item = parseItemSize(typestr);
        if (strides != null) {
            strides = strides.clone();
            if (strides.length != shape.length) {
                throw new IllegalArgumentException("strides: " + strides.length + " strides for a shape of rank "
                        + shape.length + " (" + Arrays.toString(strides) + " vs " + Arrays.toString(shape) + ")");
            }
            for (int d = 0; d < strides.length; d++) {
                if (strides[d] < 0) {
                    throw new IllegalArgumentException("strides: dimension " + d + " has a negative stride ("
                            + strides[d] + "); cvj does not support negative strides");
                }
            }
        }
        if (stream == null) {
            throw new IllegalArgumentException("stream: is null (use OptionalLong.empty() when absent)");
        }
        if (version < 0 || version > 3) {
            throw new IllegalArgumentException("version: " + version + " is not a CUDA Array Interface version (0 to 3)");
        }
        if (stream.isPresent()) {
            if (version < 3) {
                throw new IllegalArgumentException("stream: only version 3 has a stream field, this is version " + version);
            }
            if (stream.getAsLong() == 0) {
                throw new IllegalArgumentException("stream: 0 is invalid (use 1 for the legacy default stream, "
                        + "2 for the per-thread default stream, or leave it absent)");
            }
            if (!isPlausibleStream(stream.getAsLong())) {
                throw new IllegalArgumentException("stream: 0x" + Long.toHexString(stream.getAsLong()) + " is not a CUDA"
                        + " stream (1, 2, or a cudaStream_t: an 8-byte aligned user-space pointer)");
            }
        }
        if (descr != null) {
            descr = checkDescr(descr);
        }
        long count = count(shape);
        if (data < 0) {
            throw new IllegalArgumentException("data: pointer 0x" + Long.toHexString(data) + " is not a device address");
        }
        if (data == 0 && count != 0) {
            throw new IllegalArgumentException("data: null pointer for " + count + " elements (only an empty array may have data 0)");
        }
        span(shape, strides, item); // overflow check
    }

    /**
     * {@return whether {@code handle} can be a {@code stream} field: 1 (legacy default stream), 2 (per-thread default
     * stream), or what a {@code cudaStream_t} is, a pointer the driver allocated: 8-byte aligned, above the first
     * page and below 2^48 (the top of user space on x86-64 and AArch64)} CUDA dereferences the handle without any
     * check, so a garbage value crashes the process (it did, under the bad-input fuzzer); a plausible pointer that is
     * not a stream cannot be told apart and is trusted, like any pointer handed to CUDA.
     *
     * @param handle a stream handle
     */
    public static boolean isPlausibleStream(long handle) {
        return handle == STREAM_LEGACY || handle == STREAM_PER_THREAD
                || (handle >= 4096 && handle < (1L << 48) && (handle & 7) == 0);
    }

    /**
     * {@return a version-3 interface with no {@code descr}}
     *
     * @param shape the extent of each dimension, each at least 0
     * @param typestr the element type, e.g. {@code "|u1"} or {@code "<f4"}
     * @param data the device pointer of element 0 (0 only for an empty array)
     * @param readOnly whether the consumer may only read
     * @param strides the byte step of each dimension, or null for C-contiguous
     * @param stream the producer's stream (empty: absent)
     */
    public static CudaArrayInterface of(long[] shape, String typestr, long data, boolean readOnly, long[] strides,
                                        OptionalLong stream) {
        return new CudaArrayInterface(shape, typestr, data, readOnly, strides, stream, null, VERSION);
    }

    private static int parseItemSize(String typestr) {
        try {
            int n = Integer.parseInt(typestr.substring(2));
            if (n <= 0) {
                throw new IllegalArgumentException("typestr: \"" + typestr + "\" has an item size of " + n + " bytes");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("typestr: \"" + typestr + "\" has an item size that is too large");
        }
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            try {
                n = Math.multiplyExact(n, s);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape: " + Arrays.toString(shape) + " has more than 2^63-1 elements");
            }
        }
        return n;
    }

    private static long span(long[] shape, long[] strides, int item) {
        long n = count(shape);
        if (n == 0) {
            return 0;
        }
        try {
            if (strides == null) {
                return Math.multiplyExact(n, (long) item);
            }
            long last = 0;
            for (int d = 0; d < shape.length; d++) {
                last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, strides[d]));
            }
            return Math.addExact(last, item);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("strides: shape " + Arrays.toString(shape) + " with strides "
                    + (strides == null ? "C-contiguous" : Arrays.toString(strides)) + " spans more than 2^63-1 bytes");
        }
    }

    private static List<Object> checkDescr(List<?> descr) {
        List<Object> out = new ArrayList<>(descr.size());
        for (int k = 0; k < descr.size(); k++) {
            Object e = descr.get(k);
            if (!(e instanceof List<?> entry) || entry.size() < 2 || entry.size() > 3) {
                throw new IllegalArgumentException("descr: entry " + k + " is not a [name, type] or [name, type, shape] list: " + e);
            }
            if (!(entry.get(0) instanceof String)) {
                throw new IllegalArgumentException("descr: entry " + k + " has a name that is not a string: " + entry.get(0));
            }
            Object type = entry.get(1);
            if (type instanceof String ts) {
                if (!TYPESTR.matcher(ts).matches()) {
                    throw new IllegalArgumentException("descr: entry " + k + " has a bad typestr \"" + ts + "\"");
                }
            } else if (type instanceof List<?> nested) {
                type = checkDescr(nested);
            } else {
                throw new IllegalArgumentException("descr: entry " + k + " has a type that is neither a typestr nor a list: " + type);
            }
            List<Object> copy = new ArrayList<>(entry.size());
            copy.add(entry.get(0));
            copy.add(type);
            if (entry.size() == 3) {
                copy.add(List.copyOf(longList(entry.get(2), "descr: entry " + k + " shape")));
            }
            out.add(List.copyOf(copy));
        }
        return List.copyOf(out);
    }

    // ---- accessors (copies) --------------------------------------------------------------------------

    /** {@return the extent of each dimension (a copy)} */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** {@return the strides as given, {@code null} for C-contiguous} */
    @Override
    public long[] strides() {
        return strides == null ? null : strides.clone();
    }

    /** {@return bytes per element, from {@code typestr}} */
    public int itemSize() {
        return parseItemSize(typestr);
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return shape.length;
    }

    /** {@return the product of the shape (1 for a scalar, 0 when any dimension is 0)} */
    public long elementCount() {
        return count(shape);
    }

    /**
     * {@return the C-contiguous byte strides of {@code shape} for items of {@code itemSize} bytes}
     *
     * @param shape the extent of each dimension, each at least 0
     * @param itemSize the bytes of one item
     */
    public static long[] contiguousStrides(long[] shape, int itemSize) {
        long[] s = new long[shape.length];
        long step = itemSize;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= Math.max(shape[d], 1);
        }
        return s;
    }

    /** {@return the strides, the C-contiguous ones when {@link #strides()} is null} */
    public long[] stridesOrContiguous() {
        return strides != null ? strides.clone() : contiguousStrides(shape, itemSize());
    }

    /**
     * {@return whether the elements are densely packed in C order (as numpy decides it: strides of dimensions of
     * extent 1 do not matter, and an empty array is contiguous)}
     */
    public boolean isContiguous() {
        if (strides == null || elementCount() == 0) {
            return true;
        }
        long[] c = contiguousStrides(shape, itemSize());
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1 && strides[d] != c[d]) {
                return false;
            }
        }
        return true;
    }

    /** {@return bytes from {@code data} to one past the last element (0 for an empty array)} */
    public long byteSpan() {
        return span(shape, strides, itemSize());
    }

    /**
     * {@return this interface with another stream field (empty: absent)}
     *
     * @param newStream the new stream field (empty: absent)
     */
    public CudaArrayInterface withStream(OptionalLong newStream) {
        return new CudaArrayInterface(shape, typestr, data, readOnly, strides, newStream, descr, VERSION);
    }

    // ---- maps and JSON -------------------------------------------------------------------------------

    /**
     * Reads Python's dict shape: {@code shape} a list of integers, {@code typestr} a string, {@code data} a
     * 2-element list {@code [pointer, readOnly]}, {@code version} an integer, and optionally {@code strides}
     * (null or a list), {@code stream} (null or an integer), {@code descr} (a list of lists) and {@code mask}
     * (only null is accepted). Integers may be any integral {@link Number} type. Unknown keys are an error.
     *
     * @param map the interface as Python's dict shape
     * @return the interface
     */
    public static CudaArrayInterface fromMap(Map<String, ?> map) {
        if (map == null) {
            throw new IllegalArgumentException("interface map is null");
        }
        JsonFields.refuseUnknownKeys(map, KEYS, "a CUDA Array Interface");
        if (map.get("mask") != null) {
            throw new IllegalArgumentException("mask: masked arrays are not supported (mask must be absent or None)");
        }
        long[] shape = toLongs(required(map, "shape"), "shape");
        String typestr = JsonFields.string(required(map, "typestr"), "typestr");
        Object d = required(map, "data");
        if (!(d instanceof List<?> dl) || dl.size() != 2) {
            throw new IllegalArgumentException("data: must be a 2-element list [pointer, readOnly], got " + describe(d));
        }
        long data = toLong(dl.get(0), "data: pointer");
        if (!(dl.get(1) instanceof Boolean readOnly)) {
            throw new IllegalArgumentException("data: readOnly flag must be a boolean, got " + describe(dl.get(1)));
        }
        int v = (int) JsonFields.toLong(required(map, "version"), "version", 0, VERSION);
        Object st = map.get("strides");
        long[] strides = st == null ? null : toLongs(st, "strides");
        Object sm = map.get("stream");
        OptionalLong stream = sm == null ? OptionalLong.empty() : OptionalLong.of(toLong(sm, "stream"));
        Object de = map.get("descr");
        List<Object> descr = null;
        if (de != null) {
            if (!(de instanceof List<?> dlist)) {
                throw new IllegalArgumentException("descr: must be a list, got " + describe(de));
            }
            descr = new ArrayList<>(dlist);
        }
        return new CudaArrayInterface(shape, typestr, data, readOnly, strides, stream, descr, v);
    }

    /**
     * {@return this interface as Python's dict: keys {@code shape}, {@code typestr}, {@code data}, {@code version},
     * {@code strides} (null when C-contiguous), {@code stream} (null when absent), {@code descr} (the default {@code
     * [["", typestr]]} when absent)} Lists stand for tuples; integers are {@link Long}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", boxed(shape));
        m.put("typestr", typestr);
        m.put("data", Arrays.asList(data, readOnly));
        m.put("version", (long) version);
        m.put("strides", strides == null ? null : boxed(strides));
        m.put("stream", stream.isPresent() ? (Object) stream.getAsLong() : null);
        m.put("descr", descr != null ? descr : List.of(List.of("", typestr)));
        return m;
    }

    /**
     * {@link #toMap()} as JSON text.
     *
     * @return the JSON text
     */
    public String toJson() {
        return Json.write(toMap());
    }

    /**
     * Reads JSON text of the {@link #toMap()} shape.
     *
     * @param json the JSON text
     * @return the interface
     */
    public static CudaArrayInterface fromJson(String json) {
        return fromMap(JsonFields.parseObject(json, "a CUDA Array Interface"));
    }

    private static List<Long> boxed(long[] a) {
        List<Long> l = new ArrayList<>(a.length);
        for (long x : a) {
            l.add(x);
        }
        return List.copyOf(l);
    }

    private static List<Long> longList(Object o, String field) {
        long[] a = toLongs(o, field);
        return boxed(a);
    }

    // ---- value semantics over the arrays --------------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        return o instanceof CudaArrayInterface c && Arrays.equals(shape, c.shape) && typestr.equals(c.typestr)
                && data == c.data && readOnly == c.readOnly && Arrays.equals(strides, c.strides)
                && stream.equals(c.stream) && java.util.Objects.equals(descr, c.descr) && version == c.version;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(Arrays.hashCode(shape), typestr, data, readOnly, Arrays.hashCode(strides),
                stream, descr, version);
    }

    @Override
    public String toString() {
        return "CudaArrayInterface" + toJson();
    }
}
