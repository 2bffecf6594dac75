package dev.cvj.cuda;

import dev.cvj.cuda.raw.CudaLibrary;
import dev.cvj.cuda.raw.Driver;
import dev.cvj.cuda.raw.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;

/**
 * A CUDA status code with its name and description, as the library that returned it spells them.
 *
 * @param api         which API returned the code (runtime, driver and NVRTC number their codes apart)
 * @param code        the numeric status
 * @param name        e.g. {@code cudaErrorMemoryAllocation}, {@code CUDA_ERROR_ILLEGAL_ADDRESS}
 * @param description the library's own explanation
 */
public record CudaError(Api api, int code, String name, String description) {

    /** The API a status code came from. */
    public enum Api {
        /** The CUDA Runtime ({@code cudaError_t}). */
        RUNTIME,
        /** The CUDA Driver ({@code CUresult}). */
        DRIVER,
        /** NVRTC ({@code nvrtcResult}). */
        NVRTC
    }

    /** {@code cudaSuccess}. */
    public static final int SUCCESS = 0;
    /** {@code cudaErrorInvalidValue}. */
    public static final int ERROR_INVALID_VALUE = 1;
    /** {@code cudaErrorMemoryAllocation}. */
    public static final int ERROR_MEMORY_ALLOCATION = 2;
    public static final int ERROR_INSUFFICIENT_DRIVER = 35;
    public static final int ERROR_NO_DEVICE = 100;
    public static final int ERROR_INVALID_DEVICE = 101;
    public static final int ERROR_NOT_READY = 600;
    public static final int ERROR_ILLEGAL_ADDRESS = 700;

    /**
     * Codes after which the context is unusable: every later call in the process fails the same way
     * (the same numbers in the runtime and the driver).
     */
    private static final Set<Integer> STICKY = Set.of(
            214, // ECC uncorrectable
            700, // illegal address
            702, // launch timeout
            710, // device-side assert
            714, // hardware stack error
            715, // illegal instruction
            716, // misaligned address
            717, // invalid address space
            718, // invalid PC
            719, // launch failure
            999  // unknown
    );

    /**
     * {@return the error for a runtime status code} Never throws, even when libcudart is missing.
     *
     * @param code the status code
     */
    public static CudaError runtime(int code) {
        String name = "cudaError_" + code;
        String text = "(no description: libcudart not loaded)";
        if (CudaLibrary.CUDART.isAvailable()) {
            name = cString(Runtime.cudaGetErrorName(code), name);
            text = cString(Runtime.cudaGetErrorString(code), text);
        }
        return new CudaError(Api.RUNTIME, code, name, text);
    }

    /**
     * {@return the error for a driver ({@code CUresult}) status code}
     *
     * @param code the status code
     */
    public static CudaError driver(int code) {
        String name = "CUresult_" + code;
        String text = "(no description: libcuda not loaded)";
        if (CudaLibrary.DRIVER.isAvailable()) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                if (Driver.cuGetErrorName(code, out) == 0) {
                    name = cString(out.get(ValueLayout.ADDRESS, 0), name);
                }
                if (Driver.cuGetErrorString(code, out) == 0) {
                    text = cString(out.get(ValueLayout.ADDRESS, 0), text);
                }
            }
        }
        return new CudaError(Api.DRIVER, code, name, text);
    }

    /** NVRTC's status names ({@code nvrtcResult}), for when libnvrtc cannot say them itself. */
    private static final String[] NVRTC_NAMES = {
            "NVRTC_SUCCESS", "NVRTC_ERROR_OUT_OF_MEMORY", "NVRTC_ERROR_PROGRAM_CREATION_FAILURE",
            "NVRTC_ERROR_INVALID_INPUT", "NVRTC_ERROR_INVALID_PROGRAM", "NVRTC_ERROR_INVALID_OPTION",
            "NVRTC_ERROR_COMPILATION", "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE",
            "NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION", "NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION",
            "NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID", "NVRTC_ERROR_INTERNAL_ERROR", "NVRTC_ERROR_TIME_FILE_WRITE_FAILED"};
    private static final String[] NVRTC_TEXT = {
            "no error", "NVRTC ran out of host memory", "the program could not be created",
            "an argument is invalid (e.g. no code of the requested kind was generated)", "the program handle is invalid",
            "a compiler option is invalid", "the source did not compile (see the compiler log)",
            "a builtin operation failed", "name expressions must be added before compiling",
            "lowered names exist only after compiling", "the name expression is not valid",
            "internal NVRTC error", "the timing file could not be written"};

    /**
     * {@return the error for an {@code nvrtcResult}} Never throws, even when libnvrtc is missing.
     *
     * @param code the status code
     */
    public static CudaError nvrtc(int code) {
        String name = code >= 0 && code < NVRTC_NAMES.length ? NVRTC_NAMES[code] : "nvrtcResult_" + code;
        String text = code >= 0 && code < NVRTC_TEXT.length ? NVRTC_TEXT[code] : "unknown NVRTC status";
        if (CudaLibrary.NVRTC.isAvailable()) {
            name = cString(dev.cvj.cuda.raw.Nvrtc.nvrtcGetErrorString(code), name);
        }
        return new CudaError(Api.NVRTC, code, name, text);
    }

    /** {@return whether this is an out-of-memory error} */
    public boolean isOutOfMemory() {
        return code == ERROR_MEMORY_ALLOCATION && api != Api.NVRTC;
    }

    /** {@return whether this error leaves the CUDA context unusable for the rest of the process} */
    public boolean isSticky() {
        return api != Api.NVRTC && STICKY.contains(code);
    }

    static String cString(MemorySegment p, String fallback) {
        if (p == null || p.equals(MemorySegment.NULL)) {
            return fallback;
        }
        return p.reinterpret(4096).getString(0);
    }

    @Override
    public String toString() {
        return name + " (" + code + "): " + description;
    }
}
