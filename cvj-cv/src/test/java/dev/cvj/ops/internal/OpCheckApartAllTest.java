package dev.cvj.ops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvj.cuda.test.Seeds;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpCheck.apartAll (pairwise for few pairs, a sorted sweep for many) against {@link OpCheck#apart} called on every
 * pair: the same refusal or the same acceptance, on random row ranges of one buffer, with and without same-index
 * views allowed, and for tensors in separate Java arrays whose offsets coincide.
 */
@ExtendWith(Seeds.class)
class OpCheckApartAllTest {
    private final OpCheck op = OpCheck.of("Test");

    @Test
    void agreesWithEveryPair(Random rnd) {
        try (Tensor buf = Tensor.allocateHost(new long[] {4000, 4}, DataType.U8, TensorLayout.HW)) {
            for (int round = 0; round < 400; round++) {
                int nd = 1 + rnd.nextInt(round % 2 == 0 ? 3 : 80), ns = 1 + rnd.nextInt(round % 2 == 0 ? 3 : 80);
                boolean spread = rnd.nextBoolean(); // far apart ranges: mostly accepted
                List<Tensor> dsts = rows(rnd, buf, nd, spread), srcs = rows(rnd, buf, ns, spread);
                if (rnd.nextInt(4) == 0) { // same views at equal indices
                    for (int i = 0; i < Math.min(nd, ns); i++) {
                        srcs.set(i, dsts.get(i));
                    }
                }
                boolean same = rnd.nextBoolean();
                assertEquals(pairwise(dsts, srcs, same), outcome(() -> op.apartAll(i -> "dst " + i, dsts, j -> "src " + j, srcs, same)),
                        "round " + round + ": " + nd + " dsts, " + ns + " srcs, same views allowed " + same);
            }
        }
    }

    @Test
    void separateArraysAtEqualOffsetsDoNotOverlap() {
        List<Tensor> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            a.add(Tensor.wrapHost(java.lang.foreign.MemorySegment.ofArray(new byte[16]), new long[] {16}, DataType.U8, TensorLayout.of("W"), null));
            b.add(Tensor.wrapHost(java.lang.foreign.MemorySegment.ofArray(new byte[16]), new long[] {16}, DataType.U8, TensorLayout.of("W"), null));
        }
        assertEquals("accepted", outcome(() -> op.apartAll(i -> "dst " + i, a, j -> "src " + j, b, false)));
    }

    private static List<Tensor> rows(Random rnd, Tensor buf, int n, boolean spread) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 1 + rnd.nextInt(spread ? 2 : 40);
            int start = rnd.nextInt(4000 - len);
            out.add(buf.slice(0, start, len));
        }
        return out;
    }

    /** "accepted", or the refusal's message, of apart on every pair (dst-major order: the first refusal). */
    private String pairwise(List<Tensor> dsts, List<Tensor> srcs, boolean same) {
        return outcome(() -> {
            for (int i = 0; i < dsts.size(); i++) {
                for (int j = 0; j < srcs.size(); j++) {
                    op.apart("dst " + i, dsts.get(i), "src " + j, srcs.get(j), same && i == j);
                }
            }
        });
    }

    /** Refused or not (which pair is named first may differ between the two orders of search). */
    private static String outcome(Runnable r) {
        try {
            r.run();
            return "accepted";
        } catch (IllegalArgumentException e) {
            return "refused";
        }
    }
}
