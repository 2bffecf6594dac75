package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.DataType;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No GPU needed: every public operator of {@code dev.cvj.ops} (a class with a public static method taking two
 * or more tensors, or a list of them) is registered in {@link Operators}, so the placement tests, the fuzzer,
 * the stress runs, the benchmarks and docs/OPERATORS.md cover operators added later too; and every registered
 * sample call is valid on the CPU path (both forms, output as announced).
 */
class OperatorsTest {
    private static List<String> opsClassNames() throws IOException, URISyntaxException {
        Path where = Path.of(Resize.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.list(where.resolve("dev/cvj/ops"))) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
                        .forEach(n -> names.add(n.substring(0, n.length() - 6)));
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                jar.stream().map(e -> e.getName()).filter(n -> n.matches("dev/cvj/ops/[^/$]+\\.class"))
                        .forEach(n -> names.add(n.substring("dev/cvj/ops/".length(), n.length() - 6)));
            }
        }
        return names;
    }

    private static boolean isOperator(Class<?> c) {
        if (!Modifier.isPublic(c.getModifiers()) || c.isEnum() || c.isInterface()) {
            return false;
        }
        for (Method m : c.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            long tensors = Stream.of(m.getParameterTypes()).filter(t -> t == Tensor.class).count();
            boolean list = Stream.of(m.getParameterTypes()).anyMatch(t -> t == List.class);
            if (tensors >= 2 || (list && tensors >= 1)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyOperatorIsRegistered() throws Exception {
        Set<String> ops = new TreeSet<>();
        for (String n : opsClassNames()) {
            Class<?> c = Class.forName("dev.cvj.ops." + n);
            if (isOperator(c)) {
                ops.add(n);
            }
        }
        assertTrue(ops.size() >= 13, "found only " + ops);
        Set<String> registered = new TreeSet<>();
        for (OperatorInfo o : Operators.all()) {
            assertTrue(registered.add(o.name()), "registered twice: " + o.name());
        }
        Set<String> missing = new TreeSet<>(ops);
        missing.removeAll(registered);
        assertTrue(missing.isEmpty(), "operators not in Operators.all(): " + missing + " (registered: " + registered + ")");
        Set<String> stale = new TreeSet<>(registered);
        stale.removeAll(ops);
        assertTrue(stale.isEmpty(), "registered names that are no operator class: " + stale);
    }

    @Test
    void everySampleCallRunsOnTheCpuAsAnnounced() {
        Random r = new Random(13);
        for (OperatorInfo o : Operators.all()) {
            for (int i = 0; i < 40; i++) {
                long[] shape = i % 2 == 0 ? new long[] {1 + r.nextInt(3), 1 + r.nextInt(9), 1 + r.nextInt(9), 3}
                        : new long[] {1 + r.nextInt(9), 1 + r.nextInt(9), 3};
                try (Tensor src = Tensor.allocateHost(shape, DataType.U8,
                        shape.length == 4 ? TensorLayout.NHWC : TensorLayout.HWC)) {
                    OperatorCall c = o.sample(r, src);
                    try (Tensor out = c.apply().apply(src, null);
                         Tensor dst = Tensor.allocateHost(c.dstShape(), c.dstType(), c.dstLayout())) {
                        assertArrayEquals(c.dstShape(), out.shape(), c.toString());
                        assertEquals(c.dstType(), out.dtype(), c.toString());
                        assertEquals(c.dstLayout(), out.layout(), c.toString());
                        c.into().run(dst, src, null);
                        assertArrayEquals(OpPlacementCases.bytes(out), OpPlacementCases.bytes(dst), c.toString());
                    }
                }
            }
        }
    }
}
