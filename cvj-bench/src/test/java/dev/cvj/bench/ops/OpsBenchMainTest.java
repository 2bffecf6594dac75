package dev.cvj.bench.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.ops.OperatorInfo;
import dev.cvj.ops.Operators;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** No GPU needed: the benchmark harness measures every registered operator. */
class OpsBenchMainTest {
    @Test
    void everyRegisteredOperatorHasARow() {
        // CenterCrop runs CustomCrop's copy at a computed corner: custom_crop_224 times the same kernel
        assertEquals(List.of("CenterCrop"), OpsBenchMain.unmeasured());
        Set<String> names = Operators.all().stream().map(OperatorInfo::name).collect(Collectors.toSet());
        for (String op : OpsBenchMain.MEASURES.values()) {
            assertTrue(names.contains(op), op + " is not a registered operator");
        }
    }
}
