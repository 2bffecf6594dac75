package dev.cvj.cuda.interop;

import dev.cvj.cuda.IpcMemoryHandle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a process needs to map an array that another process shares through CUDA IPC: the allocation's
 * {@link IpcMemoryHandle}, the offset of element 0 from the allocation's start, the exporter's device ordinal,
 * and the array's shape, typestr, byte strides ({@code null}: C-contiguous) and read-only flag. Its JSON form
 * ({@link #toJson()}) is what {@code python/cvj_ipc.py} reads and writes:
 * <pre>{@code {"version": 1, "handle": "<128 hex digits>", "offset": 0, "device": 0, "shape": [480, 640, 3],
 * "typestr": "|u1", "strides": null, "readonly": false}}</pre>
 *
 * <p>Every field is checked when the record is built, with an {@link IllegalArgumentException} naming the field;
 * {@link #fromJson} also refuses keys it does not know, so a misspelt {@code "readOnly"} cannot silently open a
 * read-only array writable.
 *
 * @param handle the IPC handle of the whole allocation
 * @param offset the byte offset of element 0 from the allocation's start
 * @param device the exporter's device ordinal
 * @param shape the extent of each dimension
 * @param typestr the element type as the CUDA array interface writes it, e.g. {@code "<f4"}
 * @param strides the byte step of each dimension, or null for C-contiguous
 * @param readOnly whether the importer may only read
 */
public record IpcDescriptor(IpcMemoryHandle handle, long offset, int device, long[] shape, String typestr,
                            long[] strides, boolean readOnly) {
    /** The descriptor version this record reads and writes. */
    public static final int VERSION = 1;
    private static final Set<String> KEYS = Set.of("version", "handle", "offset", "device", "shape", "typestr",
            "strides", "readonly");

    /** Checks every field; copies the arrays. */
    public IpcDescriptor {
        if (handle == null) {
            throw new IllegalArgumentException("handle: is null");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset: must be >= 0, got " + offset);
        }
        if (device < 0) {
            throw new IllegalArgumentException("device: must be a device ordinal >= 0, got " + device);
        }
        // Validates shape, typestr and strides the way every interface is checked.
        CudaArrayInterface probe = CudaArrayInterface.of(shape, typestr, 1, readOnly, strides, OptionalLong.empty());
        shape = probe.shape();
        strides = probe.strides();
    }

    /** {@return the extent of each dimension (a copy)} */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** {@return the byte step of each dimension (a copy), or null for C-contiguous} */
    @Override
    public long[] strides() {
        return strides == null ? null : strides.clone();
    }

    /** {@return bytes the array spans from element 0} */
    public long byteSpan() {
        return CudaArrayInterface.of(shape, typestr, 1, readOnly, strides, OptionalLong.empty()).byteSpan();
    }

    /** {@return one line of JSON (see the class notes)} */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", (long) VERSION);
        m.put("handle", handle.toHex());
        m.put("offset", offset);
        m.put("device", (long) device);
        m.put("shape", Arrays.stream(shape).boxed().toList());
        m.put("typestr", typestr);
        m.put("strides", strides == null ? null : Arrays.stream(strides).boxed().toList());
        m.put("readonly", readOnly);
        return Json.write(m);
    }

    /**
     * Reads {@link #toJson()}'s form, as {@code cvj_ipc.export_to_java} writes it too. Required: {@code handle},
     * {@code shape}, {@code typestr}; optional: {@code version} (1), {@code offset} (0), {@code device} (0),
     * {@code strides} (null) and {@code readonly} (false). Any other key is refused.
     *
     * @param json the JSON text
     * @return the descriptor
     */
    public static IpcDescriptor fromJson(String json) {
        Map<String, Object> m = JsonFields.parseObject(json, "an IPC descriptor");
        JsonFields.refuseUnknownKeys(m, KEYS, "an IPC descriptor");
        if (m.containsKey("version")) {
            JsonFields.toLong(m.get("version"), "version", VERSION, VERSION);
        }
        IpcMemoryHandle handle = IpcMemoryHandle.fromHex(JsonFields.string(JsonFields.required(m, "handle"), "handle"));
        long offset = m.containsKey("offset") ? JsonFields.toLong(m.get("offset"), "offset", 0, Long.MAX_VALUE) : 0;
        int device = m.containsKey("device")
                ? (int) JsonFields.toLong(m.get("device"), "device", 0, Integer.MAX_VALUE) : 0;
        long[] shape = JsonFields.toLongs(JsonFields.required(m, "shape"), "shape");
        String typestr = JsonFields.string(JsonFields.required(m, "typestr"), "typestr");
        Object st = m.get("strides");
        long[] strides = st == null ? null : JsonFields.toLongs(st, "strides");
        boolean readOnly = m.containsKey("readonly") && JsonFields.bool(m.get("readonly"), "readonly");
        return new IpcDescriptor(handle, offset, device, shape, typestr, strides, readOnly);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpcDescriptor e && handle.equals(e.handle) && offset == e.offset && device == e.device
                && Arrays.equals(shape, e.shape) && typestr.equals(e.typestr) && Arrays.equals(strides, e.strides)
                && readOnly == e.readOnly;
    }

    @Override
    public int hashCode() {
        return Objects.hash(handle, offset, device, Arrays.hashCode(shape), typestr, Arrays.hashCode(strides), readOnly);
    }

    @Override
    public String toString() {
        return "IpcDescriptor" + toJson();
    }

}
