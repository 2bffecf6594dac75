package dev.cvj.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import org.junit.jupiter.api.Test;

/** The struct layouts match dlpack.h (v1.x, 64-bit): sizes and field offsets. */
class DLPackLayoutTest {
    private static long offset(StructLayout l, String field) {
        return l.byteOffset(PathElement.groupElement(field));
    }

    @Test
    void smallStructs() {
        assertEquals(8, DLDevice.LAYOUT.byteSize());
        assertEquals(DLDevice.DEVICE_TYPE, offset(DLDevice.LAYOUT, "device_type"));
        assertEquals(DLDevice.DEVICE_ID, offset(DLDevice.LAYOUT, "device_id"));
        assertEquals(4, DLDataType.LAYOUT.byteSize());
        assertEquals(DLDataType.CODE, offset(DLDataType.LAYOUT, "code"));
        assertEquals(DLDataType.BITS, offset(DLDataType.LAYOUT, "bits"));
        assertEquals(DLDataType.LANES, offset(DLDataType.LAYOUT, "lanes"));
        assertEquals(8, DLManagedTensorVersioned.VERSION_LAYOUT.byteSize());
    }

    @Test
    void dlTensor() {
        assertEquals(48, DLTensor.LAYOUT.byteSize());
        assertEquals(0, DLTensor.DATA);
        assertEquals(DLTensor.DATA, offset(DLTensor.LAYOUT, "data"));
        assertEquals(8, DLTensor.DEVICE);
        assertEquals(DLTensor.DEVICE, offset(DLTensor.LAYOUT, "device"));
        assertEquals(16, DLTensor.NDIM);
        assertEquals(DLTensor.NDIM, offset(DLTensor.LAYOUT, "ndim"));
        assertEquals(20, DLTensor.DTYPE);
        assertEquals(DLTensor.DTYPE, offset(DLTensor.LAYOUT, "dtype"));
        assertEquals(24, DLTensor.SHAPE);
        assertEquals(DLTensor.SHAPE, offset(DLTensor.LAYOUT, "shape"));
        assertEquals(32, DLTensor.STRIDES);
        assertEquals(DLTensor.STRIDES, offset(DLTensor.LAYOUT, "strides"));
        assertEquals(40, DLTensor.BYTE_OFFSET);
        assertEquals(DLTensor.BYTE_OFFSET, offset(DLTensor.LAYOUT, "byte_offset"));
    }

    @Test
    void managedTensors() {
        assertEquals(64, DLManagedTensor.LAYOUT.byteSize());
        assertEquals(0, offset(DLManagedTensor.LAYOUT, "dl_tensor"));
        assertEquals(48, DLManagedTensor.MANAGER_CTX);
        assertEquals(DLManagedTensor.MANAGER_CTX, offset(DLManagedTensor.LAYOUT, "manager_ctx"));
        assertEquals(56, DLManagedTensor.DELETER);
        assertEquals(DLManagedTensor.DELETER, offset(DLManagedTensor.LAYOUT, "deleter"));

        StructLayout v = DLManagedTensorVersioned.LAYOUT;
        assertEquals(80, v.byteSize());
        assertEquals(0, offset(v, "version"));
        assertEquals(4, v.byteOffset(PathElement.groupElement("version"), PathElement.groupElement("minor")));
        assertEquals(8, DLManagedTensorVersioned.MANAGER_CTX);
        assertEquals(DLManagedTensorVersioned.MANAGER_CTX, offset(v, "manager_ctx"));
        assertEquals(16, DLManagedTensorVersioned.DELETER);
        assertEquals(DLManagedTensorVersioned.DELETER, offset(v, "deleter"));
        assertEquals(24, DLManagedTensorVersioned.FLAGS);
        assertEquals(DLManagedTensorVersioned.FLAGS, offset(v, "flags"));
        assertEquals(32, DLManagedTensorVersioned.DL_TENSOR);
        assertEquals(DLManagedTensorVersioned.DL_TENSOR, offset(v, "dl_tensor"));
        assertEquals(32 + 24, v.byteOffset(PathElement.groupElement("dl_tensor"), PathElement.groupElement("shape")));
    }

    @Test
    void dataTypesMapToTypestrs() {
        assertArrayEquals(new int[] {DLDataType.FLOAT, 32, 1}, DLDataType.fromTypestr("<f4"));
        assertArrayEquals(new int[] {DLDataType.UINT, 8, 1}, DLDataType.fromTypestr("|u1"));
        assertArrayEquals(new int[] {DLDataType.INT, 16, 1}, DLDataType.fromTypestr("<i2"));
        assertArrayEquals(new int[] {DLDataType.FLOAT, 16, 1}, DLDataType.fromTypestr("<f2"));
        assertArrayEquals(new int[] {DLDataType.BFLOAT, 16, 1}, DLDataType.fromTypestr("<V2"));
        assertArrayEquals(new int[] {DLDataType.BOOL, 8, 1}, DLDataType.fromTypestr("|b1"));
        assertArrayEquals(new int[] {DLDataType.COMPLEX, 64, 1}, DLDataType.fromTypestr("<c8"));
        assertEquals("<f8", DLDataType.toTypestr(DLDataType.FLOAT, 64, 1));
        assertEquals("|i1", DLDataType.toTypestr(DLDataType.INT, 8, 1));
        assertEquals("<u4", DLDataType.toTypestr(DLDataType.UINT, 32, 1));
        assertEquals("<V2", DLDataType.toTypestr(DLDataType.BFLOAT, 16, 1));
        assertEquals("|b1", DLDataType.toTypestr(DLDataType.BOOL, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> DLDataType.fromTypestr(">f4"));
        assertThrows(IllegalArgumentException.class, () -> DLDataType.fromTypestr("|O8"));
        assertThrows(IllegalArgumentException.class, () -> DLDataType.toTypestr(DLDataType.FLOAT, 32, 4));
        assertThrows(IllegalArgumentException.class, () -> DLDataType.toTypestr(17, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> DLDataType.toTypestr(8, 8, 1));
    }
}
