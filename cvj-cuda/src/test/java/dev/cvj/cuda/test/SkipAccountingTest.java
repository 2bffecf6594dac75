package dev.cvj.cuda.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.test.PythonScript.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/skipcheck.py, the skip accounting of scripts/gpu-test.sh and scripts/gpu-sanitize-all.sh: the launcher's
 * "tests found" count, the GPUs of {@code nvidia-smi -L}, and the verdict (at most the multigpu tests may skip,
 * and only on a machine with fewer than 2 GPUs). Runs in CI (python3, no GPU).
 */
class SkipAccountingTest {
    private static final Path SCRIPT = PythonScript.inRepository("scripts/skipcheck.py");

    @TempDir
    Path tmp;

    private static Run skipcheck(String... args) throws IOException, InterruptedException {
        return PythonScript.run(SCRIPT, args);
    }

    private Run check(int skipped, int multigpu, int gpus, String... more) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("check", "--skipped", "" + skipped, "--multigpu", "" + multigpu,
                "--gpus", "" + gpus));
        args.addAll(List.of(more));
        return skipcheck(args.toArray(String[]::new));
    }

    private Path file(String name, String... lines) throws IOException {
        return Files.writeString(tmp.resolve(name), String.join("\n", lines) + "\n");
    }

    @Test
    void onOneGpuTheMultigpuTestsMaySkipAndNoOtherTest() throws IOException, InterruptedException {
        Run ok = check(18, 18, 1);
        assertEquals(0, ok.status(), ok.out());
        assertEquals("gpu-test: skips OK: 18 skipped, at most 18 may (18 multigpu tests on 1 GPU (they need 2))", ok.out());
        Run one = check(19, 18, 1);
        assertEquals(1, one.status(), one.out());
        assertTrue(one.out().startsWith("gpu-test: FAILED: 19 tests skipped, at most 18 may"), one.out());
    }

    @Test
    void theWholeSuiteSkippedFails() throws IOException, InterruptedException {
        // a GPU machine whose CUDA library did not load, were the switch off: every test skipped
        Run r = check(141, 18, 1);
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("must not pass by skipping"), r.out());
    }

    @Test
    void withEnoughGpusNothingMaySkip() throws IOException, InterruptedException {
        Run r = check(1, 18, 2);
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("at most 0 may (18 multigpu tests on 2 GPUs (enough: none may skip))"), r.out());
        assertEquals(0, check(0, 18, 8).status());
    }

    @Test
    void withoutAnyGpuTheMultigpuTestsStillCountOnly() throws IOException, InterruptedException {
        // no nvidia-smi: 0 GPUs; the GPU tests then fail under the switch, and the skips stay bounded
        assertEquals(0, check(4, 4, 0).status());
        assertEquals(1, check(5, 4, 0).status());
    }

    @Test
    void extraAllowanceIsAddedAndNamed() throws IOException, InterruptedException {
        Run r = check(20, 18, 1, "--extra", "2", "--extra-why=--expect-skips", "--what", "initcheck");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().startsWith("initcheck: skips OK: 20 skipped, at most 20 may"), r.out());
        assertTrue(r.out().contains("+ 2 allowed by --expect-skips"), r.out());
        assertEquals(1, check(3, 0, 2, "--extra", "2").status());
    }

    @Test
    void badCountsAreAnErrorNotAPass() throws IOException, InterruptedException {
        assertEquals(2, skipcheck("check", "--skipped", "", "--multigpu", "18", "--gpus", "1").status());
        assertEquals(2, skipcheck("check", "--skipped", "-1", "--multigpu", "18", "--gpus", "1").status());
        assertEquals(2, skipcheck("check", "--multigpu", "18", "--gpus", "1").status());
    }

    @Test
    void countsTheTestsALauncherDiscoveryFound() throws IOException, InterruptedException {
        Path out = file("discover.txt",
                ".",
                "'-- JUnit Jupiter",
                "  '-- MultiGpuTest",
                "    +-- wrongDeviceIsRejected()",
                "",
                "[         2 containers found ]",
                "[        18 tests found      ]");
        assertEquals(new Run(0, "18"), skipcheck("found", out.toString()));
        Path none = file("none.txt", "[         1 containers found ]", "[         0 tests found      ]");
        assertEquals(new Run(0, "0"), skipcheck("found", none.toString()));
        Path crashed = file("crashed.txt", "Error: Unable to access jarfile");
        assertEquals(new Run(0, "0"), skipcheck("found", crashed.toString()));
    }

    @Test
    void countsGpusAsNvidiaSmiListsThemCappedByVisibleDevices() throws IOException, InterruptedException {
        Path two = file("smi.txt",
                "GPU 0: NVIDIA H200 (UUID: GPU-1b2c3d4e-0000-0000-0000-000000000000)",
                "GPU 1: NVIDIA H200 (UUID: GPU-5f6a7b8c-0000-0000-0000-000000000000)");
        assertEquals(new Run(0, "2"), skipcheck("gpus", two.toString()));
        assertEquals(new Run(0, "1"), skipcheck("gpus", two.toString(), "--visible", "1"));
        assertEquals(new Run(0, "2"), skipcheck("gpus", two.toString(), "--visible", "0,1,2"));
        Path mig = file("mig.txt",
                "GPU 0: NVIDIA H200 (UUID: GPU-1b2c3d4e-0000-0000-0000-000000000000)",
                "  MIG 1g.18gb     Device  0: (UUID: MIG-00000000-0000-0000-0000-000000000000)");
        assertEquals(new Run(0, "1"), skipcheck("gpus", mig.toString()));
        Path empty = file("empty.txt", "");
        assertEquals(new Run(0, "0"), skipcheck("gpus", empty.toString()));
    }
}
