package dev.cvj.interop;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * DLPack's {@code DLDevice}: {@code { int32_t device_type; int32_t device_id; }} (8 bytes), with the
 * device types cvj produces or reads.
 */
public final class DLDevice {
    /** {@code kDLCPU}: ordinary host memory. */
    public static final int CPU = 1;
    /** {@code kDLCUDA}: CUDA device memory. */
    public static final int CUDA = 2;
    /** {@code kDLCUDAHost}: pinned host memory ({@code cudaMallocHost}). */
    public static final int CUDA_HOST = 3;
    /** {@code kDLCUDAManaged}: managed memory ({@code cudaMallocManaged}). */
    public static final int CUDA_MANAGED = 13;

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("device_type"),
            ValueLayout.JAVA_INT.withName("device_id")).withName("DLDevice");

    public static final long DEVICE_TYPE = 0;
    public static final long DEVICE_ID = 4;

    private DLDevice() {}

    public static int deviceType(MemorySegment s) {
        return s.get(ValueLayout.JAVA_INT, DEVICE_TYPE);
    }

    public static int deviceId(MemorySegment s) {
        return s.get(ValueLayout.JAVA_INT, DEVICE_ID);
    }

    public static void set(MemorySegment s, int deviceType, int deviceId) {
        s.set(ValueLayout.JAVA_INT, DEVICE_TYPE, deviceType);
        s.set(ValueLayout.JAVA_INT, DEVICE_ID, deviceId);
    }

    /** A readable name for a device type ("kDLCUDA"), for error messages. */
    public static String typeName(int type) {
        return switch (type) {
            case CPU -> "kDLCPU";
            case CUDA -> "kDLCUDA";
            case CUDA_HOST -> "kDLCUDAHost";
            case 4 -> "kDLOpenCL";
            case 7 -> "kDLVulkan";
            case 8 -> "kDLMetal";
            case 10 -> "kDLROCM";
            case CUDA_MANAGED -> "kDLCUDAManaged";
            case 14 -> "kDLOneAPI";
            default -> "device type " + type;
        };
    }
}
