package dev.cvj.cli;

import dev.cvj.codec.ImageDecoder;
import dev.cvj.cuda.Device;
import dev.cvj.ops.Backend;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cvj info}: the devices, the driver, the libraries found, and the backends that will run. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the CUDA devices, the driver and runtime, the libraries found and the backends that will run.")
final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("java: " + System.getProperty("java.vm.name") + " " + Runtime.version());
        String why = Device.unavailableReason();
        if (why != null) {
            out.println("CUDA devices: none (" + why + ")");
        } else {
            out.println("CUDA driver: " + version(Device.driverVersion()) + ", runtime: " + version(Device.runtimeVersion()));
            for (int i = 0; i < Device.count(); i++) {
                Device d = Device.get(i);
                Device.MemoryInfo m = d.memoryInfo();
                out.printf("device %d: %s, compute capability %d.%d, %d SMs, %d MiB (%d MiB free)%n", i, d.name(),
                        d.computeCapability() / 10, d.computeCapability() % 10, d.multiprocessorCount(),
                        m.total() >> 20, m.free() >> 20);
            }
        }
        out.println("libnvjpeg: " + ImageDecoder.nvJpegLibrary());
        out.println("operators: " + Backend.describe());
        try (ImageDecoder d = ImageDecoder.create()) {
            out.println("decoder: " + d.describe());
        }
        return 0;
    }

    private static String version(int v) {
        return v / 1000 + "." + (v % 1000) / 10;
    }
}
