package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.tensor.Tensor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No GPU needed: every public operator of {@code dev.cvj.ops} (a class with a public static method taking two
 * or more tensors, or a list of them) has a case in {@link OpPlacementCases}, so the placement GPU tests cover
 * operators added later too.
 */
class OpPlacementCasesTest {
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
    void everyOperatorHasAPlacementCase() throws Exception {
        Set<String> ops = new TreeSet<>();
        for (String n : opsClassNames()) {
            Class<?> c = Class.forName("dev.cvj.ops." + n);
            if (isOperator(c)) {
                ops.add(n);
            }
        }
        assertTrue(ops.size() >= 13, "found only " + ops);
        Set<String> covered = new TreeSet<>();
        for (String n : OpPlacementCases.names()) {
            covered.add(n.replaceAll("\\(.*\\)", ""));
        }
        Set<String> missing = new TreeSet<>(ops);
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "operators without a placement case: " + missing + " (covered: " + covered + ")");
    }
}
