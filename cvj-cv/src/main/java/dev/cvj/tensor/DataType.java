package dev.cvj.tensor;

/**
 * Element types of a {@link Tensor}, with their CUDA Array Interface {@code typestr}.
 *
 * <pre>{@code
 * DataType.F32.typestr();              // "<f4"
 * DataType.fromTypestr("|u1");         // U8
 * DataType.F16.byteSize();             // 2
 * }</pre>
 *
 * {@code BF16} has no numpy type; cvj writes it as {@code "<V2"} (raw 2-byte values, the convention of
 * ml_dtypes/JAX exports), and reads {@code "<V2"} or {@code "|V2"} back as {@code BF16}.
 */
public enum DataType {
    /** Unsigned 8-bit integer. */
    U8(1, 'u', false, false),
    /** Signed 8-bit integer. */
    S8(1, 'i', true, false),
    /** Unsigned 16-bit integer. */
    U16(2, 'u', false, false),
    /** Signed 16-bit integer. */
    S16(2, 'i', true, false),
    /** Unsigned 32-bit integer. */
    U32(4, 'u', false, false),
    /** Signed 32-bit integer. */
    S32(4, 'i', true, false),
    /** Unsigned 64-bit integer. */
    U64(8, 'u', false, false),
    /** Signed 64-bit integer. */
    S64(8, 'i', true, false),
    /** IEEE half-precision float. */
    F16(2, 'f', true, true),
    /** Bfloat16 (the upper half of an F32). */
    BF16(2, 'V', true, true),
    /** IEEE single-precision float. */
    F32(4, 'f', true, true),
    /** IEEE double-precision float. */
    F64(8, 'f', true, true);

    private final int byteSize;
    private final char kind;
    private final boolean signed;
    private final boolean floating;

    DataType(int byteSize, char kind, boolean signed, boolean floating) {
        this.byteSize = byteSize;
        this.kind = kind;
        this.signed = signed;
        this.floating = floating;
    }

    /** {@return bytes per element} */
    public int byteSize() {
        return byteSize;
    }

    /**
     * {@return the CUDA Array Interface type string: {@code "|u1"}, {@code "|i1"}, {@code "<u2"}, ..., {@code "<f4"}}
     */
    public String typestr() {
        return (byteSize == 1 ? "|" : "<") + kind + byteSize;
    }

    /** {@return whether the type is a floating-point type (F16, BF16, F32, F64)} */
    public boolean isFloatingPoint() {
        return floating;
    }

    /** {@return whether the type represents negative values (signed integers and floating-point types)} */
    public boolean isSigned() {
        return signed;
    }

    /**
     * {@return the type of a CUDA Array Interface {@code typestr}} Byte order {@code <} (little-endian), {@code =}
     * (native, little-endian on every CUDA host) and {@code |} are accepted; {@code >} (big-endian) only for one-byte
     * types. Throws {@link IllegalArgumentException} for a type cvj has no equivalent of (complex, bool, datetime,
     * ...).
     *
     * @param typestr the typestr, e.g. {@code "<f4"}
     */
    public static DataType fromTypestr(String typestr) {
        if (typestr == null || typestr.length() < 3) {
            throw new IllegalArgumentException("typestr \"" + typestr + "\" is not of the form [<>|=]<kind><bytes>");
        }
        char order = typestr.charAt(0);
        char k = typestr.charAt(1);
        int n;
        try {
            n = Integer.parseInt(typestr.substring(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("typestr \"" + typestr + "\" has no valid item size");
        }
        if ("<>|=".indexOf(order) < 0) {
            throw new IllegalArgumentException("typestr \"" + typestr + "\" has an unknown byte order '" + order + "'");
        }
        if (order == '>' && n > 1) {
            throw new IllegalArgumentException("typestr \"" + typestr + "\" is big-endian; cvj supports little-endian data only");
        }
        for (DataType t : values()) {
            if (t.kind == k && t.byteSize == n) {
                return t;
            }
        }
        throw new IllegalArgumentException("typestr \"" + typestr + "\" has no cvj DataType (supported: u1 i1 u2 i2 u4 i4 u8 i8 f2 V2(bf16) f4 f8)");
    }
}
