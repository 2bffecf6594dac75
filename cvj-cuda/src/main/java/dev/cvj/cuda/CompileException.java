package dev.cvj.cuda;

/**
 * NVRTC could not compile a {@link Program}. The message ends with the full compiler log, which
 * {@link #log()} also returns on its own; {@link #error()} is {@code NVRTC_ERROR_COMPILATION} (or
 * {@code NVRTC_ERROR_INVALID_OPTION} for a bad option).
 */
public class CompileException extends CudaException {
    private static final long serialVersionUID = 1L;

    /** The compiler's log. */
    private final String log;
    /** The name of the program that failed. */
    private final String programName;

    /**
     * A failed compilation.
     *
     * @param error the NVRTC error
     * @param programName the program's name
     * @param call the call that failed
     * @param log the compiler's log (null or blank: none)
     */
    public CompileException(CudaError error, String programName, String call, String log) {
        super(error, call, message(error, call) + (log == null || log.isBlank() ? " (the compiler wrote no log)"
                : ". Compiler log of " + programName + ":\n" + log.strip()));
        this.log = log == null ? "" : log;
        this.programName = programName;
    }

    /**
     * Everything the compiler wrote (errors and warnings), possibly empty.
     *
     * @return the compiler's log, possibly empty
     */
    public String log() {
        return log;
    }

    /** {@return the name the program was created with (the file name errors refer to)} */
    public String programName() {
        return programName;
    }
}
