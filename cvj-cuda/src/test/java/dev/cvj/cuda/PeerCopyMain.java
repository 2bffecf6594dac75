package dev.cvj.cuda;

import java.util.Arrays;
import java.util.Random;

/**
 * Peer copies between devices 0 and 1 in a process that never enables peer access (run in its own JVM by
 * {@link MultiGpuTest}: once enabled, peer access stays on for the whole process). Copies 0 -> 1 on a
 * device-1 stream and 1 -> 0 synchronously, from a thread whose current device is 0, checks the bytes and
 * the current device, prints {@code OK ...} and exits 0; exits 1 on a mismatch.
 */
public final class PeerCopyMain {
    private PeerCopyMain() {}

    public static void main(String[] args) {
        Device d0 = Device.get(0).makeCurrent();
        Device d1 = Device.get(1);
        Random random = new Random();
        byte[] src = new byte[(4 << 20) + random.nextInt(4096)];
        random.nextBytes(src);
        try (DeviceMemory a = DeviceMemory.allocate(d0, src.length); DeviceMemory b = DeviceMemory.allocate(d1, src.length);
             DeviceMemory c = DeviceMemory.allocate(d0, src.length); Stream s1 = Stream.create(d1)) {
            a.copyFrom(src);
            b.copyFrom(a, 0, s1);
            byte[] back = new byte[src.length];
            b.copyToAsync(back, s1);
            c.copyFrom(b);
            byte[] round = new byte[src.length];
            c.copyTo(round);
            boolean ok = Arrays.equals(src, back) && Arrays.equals(src, round) && Device.current().ordinal() == 0;
            System.out.println((ok ? "OK" : "FAIL") + " peer copies of " + src.length + " bytes without peer access"
                    + " (canAccessPeer 0->1 " + d0.canAccessPeer(d1) + ", 1->0 " + d1.canAccessPeer(d0) + "), current device "
                    + Device.current().ordinal());
            System.exit(ok ? 0 : 1);
        }
    }
}
