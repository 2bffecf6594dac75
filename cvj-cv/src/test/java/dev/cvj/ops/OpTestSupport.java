package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;

/**
 * Tensors from bytes and back, random images, the goldens of src/test/golden/gen_pixel_ops.py, and the refusal
 * assertion.
 */
final class OpTestSupport {
    private OpTestSupport() {}

    /** {@code call} throws an IllegalArgumentException whose message starts with {@code prefix} and holds {@code part}. */
    static void refused(String prefix, Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(prefix) && e.getMessage().contains(part), e.getMessage());
    }

    /** {@code call} throws an IllegalArgumentException or (a null argument) NullPointerException holding {@code part}. */
    static void rejected(String part, Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof NullPointerException, e.toString());
        assertTrue(e.getMessage().contains(part), "expected \"" + part + "\" in: " + e.getMessage());
    }

    /** A dense host tensor holding {@code bytes}. */
    static Tensor host(byte[] bytes, DataType t, TensorLayout l, long... shape) {
        Tensor x = Tensor.allocateHost(shape, t, l);
        if (bytes.length != x.byteSize()) {
            throw new IllegalArgumentException(bytes.length + " bytes for " + x);
        }
        MemorySegment.copy(bytes, 0, x.hostSegment(), ValueLayout.JAVA_BYTE, 0, bytes.length);
        return x;
    }

    /** The elements of {@code t} (host or device, any strides) as dense C-order bytes. */
    static byte[] bytes(Tensor t) {
        Tensor h = t.isHost() ? t : t.toHost();
        try {
            long[] shape = h.shape();
            long[] st = h.strides();
            int e = h.dtype().byteSize();
            byte[] out = new byte[Math.toIntExact(h.elementCount() * e)];
            MemorySegment seg = h.hostSegment();
            long[] idx = new long[shape.length];
            for (int i = 0; i < h.elementCount(); i++) {
                long off = 0;
                for (int d = 0; d < shape.length; d++) {
                    off += idx[d] * st[d];
                }
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, out, i * e, e);
                for (int d = shape.length - 1; d >= 0; d--) {
                    if (++idx[d] < shape[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            return out;
        } finally {
            if (h != t) {
                h.close();
            }
        }
    }

    /** Element i of dense bytes as double. */
    static double value(byte[] b, DataType t, int i) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return switch (t) {
            case U8 -> b[i] & 0xff;
            case S8 -> b[i];
            case U16 -> bb.getShort(2 * i) & 0xffff;
            case S16 -> bb.getShort(2 * i);
            case F16 -> Float.float16ToFloat(bb.getShort(2 * i));
            case S32 -> bb.getInt(4 * i);
            case F32 -> bb.getFloat(4 * i);
            case F64 -> bb.getDouble(8 * i);
            default -> throw new IllegalArgumentException(t.name());
        };
    }

    /** Random valid elements: integers over their range, floats in [-300, 300], F16 in [-60, 60]. */
    static byte[] random(Random r, DataType t, long count) {
        int e = t.byteSize();
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(count * e)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < count; i++) {
            switch (t) {
                case F32 -> b.putFloat((r.nextFloat() - 0.5f) * 600f);
                case F64 -> b.putDouble((r.nextDouble() - 0.5) * 600);
                case F16 -> b.putShort(Float.floatToFloat16((r.nextFloat() - 0.5f) * 120f));
                default -> {
                    for (int k = 0; k < e; k++) {
                        b.put((byte) r.nextInt(256));
                    }
                }
            }
        }
        return b.array();
    }

    /** A random host tensor. */
    static Tensor randomHost(Random r, DataType t, TensorLayout l, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return host(random(r, t, n), t, l, shape);
    }

    /** A device copy of a host tensor. */
    static Tensor device(Tensor host, Stream s) {
        return host.toDevice(s.device(), s);
    }

    static void assertBytesEqual(byte[] expected, byte[] actual, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " bytes, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                throw new AssertionError(what + ": first difference at byte " + i + ": " + (actual[i] & 0xff) + " != expected "
                        + (expected[i] & 0xff));
            }
        }
    }

    /** Asserts |a - e| <= absTol + relTol * |e| element by element; returns the largest difference. */
    static double assertClose(byte[] expected, DataType te, byte[] actual, DataType ta, double absTol, double relTol,
                              String what) {
        int n = expected.length / te.byteSize();
        if (actual.length / ta.byteSize() != n) {
            throw new AssertionError(what + ": " + actual.length / ta.byteSize() + " elements, expected " + n);
        }
        double max = 0;
        for (int i = 0; i < n; i++) {
            double e = value(expected, te, i), a = value(actual, ta, i);
            double d = Math.abs(a - e);
            if (!(d <= absTol + relTol * Math.abs(e)) && !(Double.isNaN(e) && Double.isNaN(a))) {
                throw new AssertionError(what + ": element " + i + " is " + a + ", expected " + e + " (tolerance " + absTol
                        + " + " + relTol + " * |expected|)");
            }
            max = Math.max(max, d);
        }
        return max;
    }

    // ---- goldens ----

    record Case(String name, Map<String, String> p) {
        String s(String k) {
            String v = p.get(k);
            if (v == null) {
                throw new IllegalStateException(name + " has no " + k);
            }
            return v;
        }

        int i(String k) {
            return Integer.parseInt(s(k));
        }

        double d(String k) {
            return Double.parseDouble(s(k));
        }

        DataType type(String k) {
            return DataType.valueOf(s(k));
        }
    }

    static List<Case> manifest(String op) {
        String text = new String(resource(op, "manifest.txt"), StandardCharsets.UTF_8);
        List<Case> out = new ArrayList<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            String[] parts = line.trim().split(" ");
            Map<String, String> p = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                p.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            out.add(new Case(parts[0], p));
        }
        return out;
    }

    static byte[] resource(String op, String file) {
        String path = "/golden/" + op + "/" + file;
        try (InputStream in = OpTestSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
