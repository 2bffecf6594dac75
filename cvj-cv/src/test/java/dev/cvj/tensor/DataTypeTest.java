package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataTypeTest {
    @ParameterizedTest
    @CsvSource({"U8,|u1,1", "S8,|i1,1", "U16,<u2,2", "S16,<i2,2", "U32,<u4,4", "S32,<i4,4", "U64,<u8,8", "S64,<i8,8",
            "F16,<f2,2", "BF16,<V2,2", "F32,<f4,4", "F64,<f8,8"})
    void typestrAndSize(DataType t, String typestr, int size) {
        assertEquals(typestr, t.typestr());
        assertEquals(size, t.byteSize());
        assertEquals(t, DataType.fromTypestr(typestr));
    }

    @ParameterizedTest
    @CsvSource({"<u1,U8", "=u1,U8", ">u1,U8", "=f4,F32", "|V2,BF16", "|i1,S8", "=i8,S64"})
    void acceptsEquivalentByteOrders(String typestr, DataType t) {
        assertEquals(t, DataType.fromTypestr(typestr));
    }

    @ParameterizedTest
    @ValueSource(strings = {">f4", ">i2", "<c8", "|b1", "<f16", "<u3", "<M8", "f4", "<f", "~f4", "<fx"})
    void rejectsTypesWithoutEquivalent(String typestr) {
        var e = assertThrows(IllegalArgumentException.class, () -> DataType.fromTypestr(typestr));
        assertTrue(e.getMessage().contains(typestr), e.getMessage());
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> DataType.fromTypestr(null));
    }

    @Test
    void signednessAndFloatingPoint() {
        assertFalse(DataType.U8.isSigned());
        assertFalse(DataType.U64.isSigned());
        assertTrue(DataType.S16.isSigned());
        assertTrue(DataType.F16.isSigned());
        assertTrue(DataType.BF16.isFloatingPoint());
        assertTrue(DataType.F64.isFloatingPoint());
        assertFalse(DataType.S32.isFloatingPoint());
        assertFalse(DataType.U16.isFloatingPoint());
    }
}
