package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.TensorLayout;
import org.junit.jupiter.api.Test;

/**
 * The size checks an allocating form makes before its output exists: the byte count fits a long, and a device
 * image's rows fit the kernels' 32-bit row indexing ({@link PixelGrid#MAX_DEVICE_ROW_BYTES}).
 */
class OutputsTest {
    private static final OpCheck OP = OpCheck.of("Example");

    private static void refused(Runnable call, String words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith("Example: ") && e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void byteCountsPastALongAreRefused() {
        long m = Integer.MAX_VALUE;
        refused(() -> Outputs.checkSize(OP, new long[] {m, m, m, 4}, DataType.U8, TensorLayout.NHWC, false), "2^63-1");
        refused(() -> Outputs.checkSize(OP, new long[] {1L << 31, 1L << 31, 2}, DataType.F64, TensorLayout.HWC, false), "2^63-1");
        refused(() -> Outputs.checkSize(OP, new long[] {2, -1, 3}, DataType.U8, TensorLayout.HWC, false), "negative");
        assertDoesNotThrow(() -> Outputs.checkSize(OP, new long[] {0, m, m, 4}, DataType.F64, TensorLayout.NHWC, false));
        assertDoesNotThrow(() -> Outputs.checkSize(OP, new long[] {1, 1L << 29, 4}, DataType.U8, TensorLayout.HWC, false));
    }

    @Test
    void deviceRowsLongerThanTheKernelsAddressAreRefused() {
        long limit = PixelGrid.MAX_DEVICE_ROW_BYTES;
        assertDoesNotThrow(() -> Outputs.checkSize(OP, new long[] {1, limit, 1}, DataType.U8, TensorLayout.HWC, true));
        refused(() -> Outputs.checkSize(OP, new long[] {1, limit + 1, 1}, DataType.U8, TensorLayout.HWC, true), "rows of");
        refused(() -> Outputs.checkSize(OP, new long[] {1, 1L << 29, 4}, DataType.U8, TensorLayout.HWC, true), "rows of 2147483648");
        refused(() -> Outputs.checkSize(OP, new long[] {1, 4, 1, 1L << 28}, DataType.F64, TensorLayout.NCHW, true), "rows of");
        // the host has no such limit, and shapes without W and C are not images
        assertDoesNotThrow(() -> Outputs.checkSize(OP, new long[] {1, 1L << 29, 4}, DataType.U8, TensorLayout.HWC, false));
        assertDoesNotThrow(() -> Outputs.checkSize(OP, new long[] {1L << 32}, DataType.U8, TensorLayout.of("N"), true));
    }
}
