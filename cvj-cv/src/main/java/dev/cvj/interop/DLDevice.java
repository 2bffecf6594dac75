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

    /** The layout of {@code DLDevice}. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("device_type"),
            ValueLayout.JAVA_INT.withName("device_id")).withName("DLDevice");

    /** The byte offset of {@code device_type}. */
    public static final long DEVICE_TYPE = 0;
    /** The byte offset of {@code device_id}. */
    public static final long DEVICE_ID = 4;

    private DLDevice() {}

    /**
     * {@return the {@code device_type} field}
     *
     * @param s the {@code DLDevice} to read
     */
    public static int deviceType(MemorySegment s) {
        return s.get(ValueLayout.JAVA_INT, DEVICE_TYPE);
    }

    /**
     * {@return the {@code device_id} field}
     *
     * @param s the {@code DLDevice} to read
     */
    public static int deviceId(MemorySegment s) {
        return s.get(ValueLayout.JAVA_INT, DEVICE_ID);
    }

    /**
     * Writes the two fields.
     *
     * @param s the {@code DLDevice} to write
     * @param deviceType the device type, e.g. {@link #CUDA}
     * @param deviceId the device's ordinal
     */
    public static void set(MemorySegment s, int deviceType, int deviceId) {
        s.set(ValueLayout.JAVA_INT, DEVICE_TYPE, deviceType);
        s.set(ValueLayout.JAVA_INT, DEVICE_ID, deviceId);
    }

    /**
     * {@return a readable name for a device type ("kDLCUDA"), for error messages}
     *
     * @param type the DLPack device type
     */
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
