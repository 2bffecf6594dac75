package dev.cvj.interop;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * DLPack's {@code DLDataType}: {@code { uint8_t code; uint8_t bits; uint16_t lanes; }} (4 bytes), and
 * its mapping to the {@code __cuda_array_interface__} typestr ({@code "<f4"}, {@code "|u1"}, ...).
 */
public final class DLDataType {
    /** {@code kDLInt}: signed integers. */
    public static final int INT = 0;
    /** {@code kDLUInt}: unsigned integers. */
    public static final int UINT = 1;
    /** {@code kDLFloat}: IEEE floats. */
    public static final int FLOAT = 2;
    /** {@code kDLBfloat}: bfloat16. */
    public static final int BFLOAT = 4;
    /** {@code kDLComplex}: complex numbers. */
    public static final int COMPLEX = 5;
    /** {@code kDLBool}: booleans. */
    public static final int BOOL = 6;

    /** The layout of {@code DLDataType}. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_BYTE.withName("code"),
            ValueLayout.JAVA_BYTE.withName("bits"),
            ValueLayout.JAVA_SHORT.withName("lanes")).withName("DLDataType");

    /** The byte offset of {@code code}. */
    public static final long CODE = 0;
    /** The byte offset of {@code bits}. */
    public static final long BITS = 1;
    /** The byte offset of {@code lanes}. */
    public static final long LANES = 2;

    /** The typestr cvj uses for bfloat16 (NumPy has none; ml_dtypes and JAX use the void kind). */
    static final String BF16_TYPESTR = "<V2";

    private DLDataType() {}

    /**
     * {@return the {@code code} field}
     *
     * @param s the {@code DLDataType} to read
     */
    public static int code(MemorySegment s) {
        return Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, CODE));
    }

    /**
     * {@return the {@code bits} field}
     *
     * @param s the {@code DLDataType} to read
     */
    public static int bits(MemorySegment s) {
        return Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, BITS));
    }

    /**
     * {@return the {@code lanes} field}
     *
     * @param s the {@code DLDataType} to read
     */
    public static int lanes(MemorySegment s) {
        return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, LANES));
    }

    /**
     * Writes the three fields.
     *
     * @param s the {@code DLDataType} to write
     * @param code the type code
     * @param bits the bits of one lane
     * @param lanes the lanes (1 for scalar types)
     */
    public static void set(MemorySegment s, int code, int bits, int lanes) {
        s.set(ValueLayout.JAVA_BYTE, CODE, (byte) code);
        s.set(ValueLayout.JAVA_BYTE, BITS, (byte) bits);
        s.set(ValueLayout.JAVA_SHORT, LANES, (short) lanes);
    }

    /**
     * {@return the DLPack {code, bits, lanes} of a typestr} Only little-endian (or byte-sized) types: DLPack has
     * native endianness. Throws {@link IllegalArgumentException} for a type DLPack cannot describe.
     *
     * @param typestr the typestr, e.g. {@code "<f4"}
     */
    public static int[] fromTypestr(String typestr) {
        if (typestr == null || typestr.length() < 3) {
            throw new IllegalArgumentException("typestr must look like \"<f4\", got " + typestr);
        }
        if (typestr.equals(BF16_TYPESTR) || typestr.equals("|V2") || typestr.equals("=V2")) {
            return new int[] {BFLOAT, 16, 1};
        }
        char order = typestr.charAt(0);
        char kind = typestr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(typestr.substring(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("typestr " + typestr + " has no byte size");
        }
        if (order == '>' && size > 1) {
            throw new IllegalArgumentException("DLPack describes native (little-endian) data only; typestr " + typestr + " is big-endian");
        }
        int code = switch (kind) {
            case 'i' -> INT;
            case 'u' -> UINT;
            case 'f' -> FLOAT;
            case 'c' -> COMPLEX;
            case 'b' -> BOOL;
            default -> throw new IllegalArgumentException("DLPack cannot describe typestr " + typestr + " (kind '" + kind + "')");
        };
        if (size < 1 || size > 16) {
            throw new IllegalArgumentException("typestr " + typestr + " has an unsupported byte size");
        }
        return new int[] {code, size * 8, 1};
    }

    /**
     * {@return the typestr of a DLPack data type} Throws {@link IllegalArgumentException} for vector types ({@code
     * lanes != 1}), sub-byte types, sizes a code does not come in (a 3-byte float), and codes with no typestr (FP8
     * and other exotic formats).
     *
     * @param code the DLPack type code
     * @param bits the bits of one lane
     * @param lanes the lanes (1 for scalar types)
     */
    public static String toTypestr(int code, int bits, int lanes) {
        if (lanes != 1) {
            throw new IllegalArgumentException("DLPack vector types (lanes = " + lanes + ") are not supported");
        }
        if (bits % 8 != 0 || bits == 0) {
            throw new IllegalArgumentException("DLPack types of " + bits + " bits (not whole bytes) are not supported");
        }
        int size = bits / 8;
        boolean defined = switch (code) {
            case INT, UINT -> size == 1 || size == 2 || size == 4 || size == 8;
            case FLOAT -> size == 2 || size == 4 || size == 8;
            case COMPLEX -> size == 8 || size == 16;
            case BOOL -> size == 1;
            default -> true; // the switch below names the code
        };
        if (!defined) {
            throw new IllegalArgumentException("DLPack type code " + code + " with " + bits + " bits is not a type cvj reads");
        }
        return switch (code) {
            case INT -> (size == 1 ? "|i" : "<i") + size;
            case UINT -> (size == 1 ? "|u" : "<u") + size;
            case FLOAT -> "<f" + size;
            case COMPLEX -> "<c" + size;
            case BOOL -> "|b" + size;
            case BFLOAT -> {
                if (bits != 16) {
                    throw new IllegalArgumentException("kDLBfloat with " + bits + " bits is not supported");
                }
                yield BF16_TYPESTR;
            }
            default -> throw new IllegalArgumentException("DLPack type code " + code + " has no typestr in cvj");
        };
    }
}
