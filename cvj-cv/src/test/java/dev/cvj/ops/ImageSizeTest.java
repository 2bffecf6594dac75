package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import org.junit.jupiter.api.Test;

/** A resize's size names its width and its height. */
class ImageSizeTest {
    @Test
    void imageSizeNamesWidthAndHeight() {
        ImageSize s = ImageSize.of(320, 180);
        assertEquals("320 x 180 (W x H)", s.toString());
        try (Tensor t0 = Tensor.allocateHost(new long[] {6, 8, 3}, DataType.U8, TensorLayout.HWC)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Resize.resize(t0, ImageSize.of(0, 4), Interpolation.NEAREST));
            assertTrue(e.getMessage().contains("Resize: output size 0 x 4 (W x H) must be at least 1 x 1"), e.getMessage());
        }
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ImageSize.of(-1, 4))
                .getMessage().contains("must be >= 0"));
        try (Tensor t = Tensor.allocateHost(new long[] {6, 8, 3}, DataType.U8, TensorLayout.HWC);
             Tensor r = Resize.resize(t, s, Interpolation.NEAREST)) {
            assertEquals(180, r.shape('H'));
            assertEquals(320, r.shape('W'));
        }
    }
}
