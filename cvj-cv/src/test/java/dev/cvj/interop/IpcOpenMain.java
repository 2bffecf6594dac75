package dev.cvj.interop;

import dev.cvj.cuda.Device;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The importing process of {@link InteropMultiGpuTest}: {@code IpcOpenMain DESC.json EXPECT.bin DEVICE} opens
 * the exported buffer on device {@code DEVICE} (or on the exporter's device when DEVICE is -1), checks it holds
 * the little-endian floats of EXPECT.bin, writes {@code x * 2 + 1} back, closes the mapping and prints
 * {@code OK ...} (exit 0; 1 on a mismatch). The thread's current device stays 0.
 */
public final class IpcOpenMain {
    private IpcOpenMain() {}

    public static void main(String[] args) throws IOException {
        CudaIpc.IpcExport e = CudaIpc.IpcExport.fromJson(Files.readString(Path.of(args[0])));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))).order(ByteOrder.LITTLE_ENDIAN);
        float[] want = new float[b.remaining() / 4];
        for (int i = 0; i < want.length; i++) {
            want[i] = b.getFloat();
        }
        int on = Integer.parseInt(args[2]);
        Device.get(0).makeCurrent();
        try (CudaBuffer shared = on < 0 ? CudaIpc.open(e) : CudaIpc.open(e, Device.get(on))) {
            float[] got = new float[want.length];
            CudaCopies.d2h(shared, got);
            for (int i = 0; i < got.length; i++) {
                if (Float.compare(got[i], want[i]) != 0) {
                    System.out.println("FAIL element " + i + ": " + got[i] + ", exporter wrote " + want[i]);
                    System.exit(1);
                }
                got[i] = got[i] * 2f + 1f;
            }
            CudaCopies.h2d(got, shared);
            System.out.println("OK opened a cuda:" + e.device() + " export on " + shared.device() + ", " + got.length
                    + " floats, current device " + Device.current().ordinal());
        }
        System.exit(Device.current().ordinal() == 0 ? 0 : 1);
    }
}
