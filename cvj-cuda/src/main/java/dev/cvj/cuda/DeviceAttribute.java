package dev.cvj.cuda;

/** Device attributes ({@code cudaDeviceAttr}) that cvj reads; {@link Device#attribute(int)} takes any code. */
public enum DeviceAttribute {
    /** The most threads a block may have (1). */
    MAX_THREADS_PER_BLOCK(1),
    /** The largest x extent of a block (2). */
    MAX_BLOCK_DIM_X(2),
    /** The largest x extent of a grid (5). */
    MAX_GRID_DIM_X(5),
    /** The largest y extent of a grid (6). */
    MAX_GRID_DIM_Y(6),
    /** The largest z extent of a grid (7). */
    MAX_GRID_DIM_Z(7),
    /** The shared memory a block may use without opting in, in bytes (8). */
    MAX_SHARED_MEMORY_PER_BLOCK(8),
    /** The constant memory, in bytes (9). */
    TOTAL_CONSTANT_MEMORY(9),
    /** The threads of a warp (10). */
    WARP_SIZE(10),
    /** The largest pitch of a 2D copy, in bytes (11). */
    MAX_PITCH(11),
    /** The 32-bit registers a block may use (12). */
    MAX_REGISTERS_PER_BLOCK(12),
    /** The peak clock rate, in kHz (13). */
    CLOCK_RATE_KHZ(13),
    /** The number of streaming multiprocessors (16). */
    MULTIPROCESSOR_COUNT(16),
    /** 1 if the device can map host memory (19). */
    CAN_MAP_HOST_MEMORY(19),
    /** The PCI bus number (33). */
    PCI_BUS_ID(33),
    /** The PCI device number (34). */
    PCI_DEVICE_ID(34),
    /** The peak memory clock rate, in kHz (36). */
    MEMORY_CLOCK_RATE_KHZ(36),
    /** The global memory bus width, in bits (37). */
    GLOBAL_MEMORY_BUS_WIDTH(37),
    /** The L2 cache, in bytes (38). */
    L2_CACHE_SIZE(38),
    /** The most resident threads per multiprocessor (39). */
    MAX_THREADS_PER_MULTIPROCESSOR(39),
    /** The number of copy engines (40). */
    ASYNC_ENGINE_COUNT(40),
    /** 1 if the device shares a unified address space with the host (41). */
    UNIFIED_ADDRESSING(41),
    /** The pitch alignment of 2D textures, in bytes (51). */
    TEXTURE_PITCH_ALIGNMENT(51),
    /** The major compute capability (75). */
    COMPUTE_CAPABILITY_MAJOR(75),
    /** The minor compute capability (76). */
    COMPUTE_CAPABILITY_MINOR(76),
    /** 1 if the device can access pageable host memory coherently (88). */
    PAGEABLE_MEMORY_ACCESS(88),
    /** 1 if the device and the host can access managed memory at once (89). */
    CONCURRENT_MANAGED_ACCESS(89),
    /** The shared memory a block may use after opting in, in bytes (97). */
    MAX_SHARED_MEMORY_PER_BLOCK_OPTIN(97),
    /** 1 if the device supports stream-ordered memory pools (115). */
    MEMORY_POOLS_SUPPORTED(115);

    private final int code;

    DeviceAttribute(int code) {
        this.code = code;
    }

    /** {@return the {@code cudaDeviceAttr} value} */
    public int code() {
        return code;
    }
}
