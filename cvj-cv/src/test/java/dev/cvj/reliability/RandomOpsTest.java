package dev.cvj.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cvj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The soak and stress generators make valid calls only (on the CPU path, so CI checks them without a GPU). */
class RandomOpsTest {
    @Test
    void everyStepIsAValidCallAndChainsChain() {
        Random r = new Random();
        for (int i = 0; i < 400; i++) {
            List<Tensor> made = new ArrayList<>();
            try {
                Tensor cur = RandomOps.randomImage(r, 3, 20);
                made.add(cur);
                int n = 1 + r.nextInt(3);
                for (int k = 0; k <= n; k++) {
                    RandomOps.Step st = k < n ? RandomOps.shaping(r, cur, i % 9 == 8 ? -1 : (i + k) % 8)
                            : RandomOps.finalStep(r, cur, i % 6);
                    Tensor next = st.apply(cur, null);
                    made.add(next);
                    assertNotNull(next, st.describe());
                    if (k < n) {
                        assertEquals(cur.rank(), next.rank(), st.describe());
                        assertEquals(3, next.shape(next.rank() - 1), st.describe());
                    }
                    cur = next;
                }
            } finally {
                made.forEach(Tensor::close);
            }
        }
    }

    @Test
    void mismatchSeesADifference() {
        Random r = new Random();
        try (Tensor a = RandomOps.randomImage(r, 1, 8); Tensor b = a.toHost()) {
            RandomOps.Step st = RandomOps.shaping(r, a, 3);
            assertNull(RandomOps.mismatch(st, a, b));
            byte[] bytes = new byte[(int) b.elementCount()];
            b.copyTo(bytes);
            bytes[r.nextInt(bytes.length)] += 2;
            b.copyFrom(bytes);
            assertNotNull(RandomOps.mismatch(st, a, b));
        }
    }
}
