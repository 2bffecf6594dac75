package dev.cvj.bench.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sizes file every varshape peer reads: its format and its errors. No GPU. */
class VarShapeSizesTest {
    @Test
    void pairsInFileOrderCommentsAndBlankLinesSkipped() {
        int[][] sizes = VarShapeSizes.parse(List.of("# what the file is", "640 480", "", "  1920\t1080  ", "# end"), "t");
        assertArrayEquals(new int[][] {{640, 480}, {1920, 1080}}, sizes);
    }

    @Test
    void aBadLineNamesTheFileAndTheLine() {
        for (String bad : new String[] {"640", "640 480 3", "640x480", "0 480", "640 -1", "w h"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VarShapeSizes.parse(List.of("# sizes", bad), "sizes.txt"), bad);
            assertTrue(e.getMessage().contains("sizes.txt line 2"), e.getMessage());
        }
    }

    @Test
    void aFileWithoutSizesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VarShapeSizes.parse(List.of("# only a comment"), "empty.txt"));
        assertTrue(e.getMessage().contains("empty.txt has no 'W H' line"), e.getMessage());
    }

    @Test
    void aMissingFileSaysWhereItLookedAndWhatToDo(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> VarShapeSizes.read(dir.resolve("none.txt")));
        assertTrue(e.getMessage().contains("none.txt") && e.getMessage().contains("--varshape-sizes"), e.getMessage());
    }
}
