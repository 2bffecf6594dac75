package dev.cvj.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemoryLayout.PathElement;
import org.junit.jupiter.api.Test;

/** The struct cudaPointerGetAttributes writes, as driver_types.h of CUDA 12 and 13 declares it. */
class PointerAttributesTest {
    @Test
    void layoutIsTheCuda12And13Struct() {
        // struct cudaPointerAttributes { enum cudaMemoryType type; int device; void *devicePointer;
        //                                void *hostPointer; long reserved[8]; }  (LP64: 4 + 4 + 8 + 8 + 64)
        assertEquals(88, PointerAttributes.LAYOUT.byteSize());
        assertEquals(0, PointerAttributes.LAYOUT.byteOffset(PathElement.groupElement("type")));
        assertEquals(4, PointerAttributes.LAYOUT.byteOffset(PathElement.groupElement("device")));
        assertEquals(8, PointerAttributes.LAYOUT.byteOffset(PathElement.groupElement("devicePointer")));
        assertEquals(16, PointerAttributes.LAYOUT.byteOffset(PathElement.groupElement("hostPointer")));
        assertEquals(24, PointerAttributes.LAYOUT.byteOffset(PathElement.groupElement("reserved")));
        assertEquals(8, PointerAttributes.LAYOUT.byteAlignment());
    }
}
