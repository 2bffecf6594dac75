package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/OPERATORS.md is the registry's support table ({@link Operators}): this test fails when they differ, and
 * writes the table the registry gives to {@code cvj-cv/target/OPERATORS.md} (copy it over the doc).
 */
class OperatorsDocTest {
    static String table() {
        StringBuilder b = new StringBuilder();
        b.append("# cvj operators\n\n");
        b.append("What each operator accepts. Generated from the operator registry (`dev.cvj.ops.Operators`) and checked\n");
        b.append("against it by `OperatorsDocTest`; each operator's Javadoc has the full table (shapes, parameters).\n");
        b.append("Every operator runs on host tensors (the CPU path) and on device tensors (the GPU), refuses a mix,\n");
        b.append("and refuses a dst that overlaps its src in memory (").append(String.join(", ", Operators.all().stream()
                .filter(OperatorInfo::inPlace).map(OperatorInfo::name).toList())).append(" accept the very same view).\n");
        b.append("Operators marked in the Varshape column also take an `ImageBatchVarShape` (images of different sizes,\n");
        b.append("one launch for the batch); their Javadoc says what they return for it.\n\n");
        b.append("| Operator | Layouts | Data types | Channels | Varshape |\n");
        b.append("|---|---|---|---|---|\n");
        for (OperatorInfo o : Operators.all()) {
            b.append("| ").append(o.name()).append(" | ").append(o.layouts()).append(" | ").append(o.dataTypes())
                    .append(" | ").append(o.channels()).append(" | ").append(o.takesVarShape() ? "yes" : "").append(" |\n");
        }
        return b.toString();
    }

    @Test
    void docsTableIsTheRegistrys() throws IOException {
        Path doc = Path.of("..", "docs", "OPERATORS.md");
        String want = table();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "OPERATORS.md"), want);
        assertTrue(Files.exists(doc), doc.toAbsolutePath() + " is missing: copy cvj-cv/target/OPERATORS.md there");
        assertEquals(want, Files.readString(doc), "docs/OPERATORS.md differs from the registry: copy cvj-cv/target/OPERATORS.md over it");
    }
}
