package dev.cvj.cuda;

/** Device attributes ({@code cudaDeviceAttr}) that cvj reads; {@link Device#attribute(int)} takes any code. */
public enum DeviceAttribute {
    MAX_THREADS_PER_BLOCK(1),
    MAX_BLOCK_DIM_X(2),
    MAX_GRID_DIM_X(5),
    MAX_GRID_DIM_Y(6),
    MAX_GRID_DIM_Z(7),
    MAX_SHARED_MEMORY_PER_BLOCK(8),
    TOTAL_CONSTANT_MEMORY(9),
    WARP_SIZE(10),
    MAX_PITCH(11),
    MAX_REGISTERS_PER_BLOCK(12),
    CLOCK_RATE_KHZ(13),
    MULTIPROCESSOR_COUNT(16),
    CAN_MAP_HOST_MEMORY(19),
    PCI_BUS_ID(33),
    PCI_DEVICE_ID(34),
    MEMORY_CLOCK_RATE_KHZ(36),
    GLOBAL_MEMORY_BUS_WIDTH(37),
    L2_CACHE_SIZE(38),
    MAX_THREADS_PER_MULTIPROCESSOR(39),
    ASYNC_ENGINE_COUNT(40),
    UNIFIED_ADDRESSING(41),
    TEXTURE_PITCH_ALIGNMENT(51),
    COMPUTE_CAPABILITY_MAJOR(75),
    COMPUTE_CAPABILITY_MINOR(76),
    PAGEABLE_MEMORY_ACCESS(88),
    CONCURRENT_MANAGED_ACCESS(89),
    MAX_SHARED_MEMORY_PER_BLOCK_OPTIN(97),
    MEMORY_POOLS_SUPPORTED(115);

    private final int code;

    DeviceAttribute(int code) {
        this.code = code;
    }

    /** The {@code cudaDeviceAttr} value. */
    public int code() {
        return code;
    }
}
