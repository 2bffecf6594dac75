package dev.cvj.cuda;

import dev.cvj.cuda.raw.Nvrtc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * CUDA C++ source compiled at run time with NVRTC ({@code libnvrtc}, from the CUDA toolkit).
 *
 * <pre>{@code
 * Program.Compiled saxpy = Program.compile(SOURCE, "saxpy.cu", List.of("-std=c++17"), device);
 * try (Module m = saxpy.load(device)) {
 *     m.kernel("saxpy").launch(...);
 * }
 * }</pre>
 *
 * <p>Without an {@code -arch} option the program is compiled for the device: machine code
 * ({@code -arch=sm_XY}, a CUBIN) when NVRTC knows the device's architecture, else PTX for the newest
 * architecture NVRTC knows that the device can run ({@code -arch=compute_XY}), which the driver
 * compiles when loading it. A compile error is a {@link CompileException} carrying the compiler log.
 *
 * <p>Templates: add each instantiation you need with {@link #addNameExpression} (e.g.
 * {@code "scale<float>"}) before compiling, then look its kernel up by {@link Compiled#loweredName}.
 * A {@code Program} is a mutable description, not thread-safe; each compile is independent.
 */
public final class Program {
    private static volatile int[] supportedArchs;

    private final String source;
    private final String name;
    private final List<String> nameExpressions = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Program(String source, String name) {
        this.source = source;
        this.name = name;
    }

    /**
     * {@return a program of {@code source}; {@code name} is the file name the compiler's messages use, e.g. {@code
     * "saxpy.cu"}}
     *
     * @param source the CUDA C++ source
     * @param name the file name the compiler's messages use
     */
    public static Program of(String source, String name) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("program name must not be blank");
        }
        if (source.indexOf('\0') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("source and name must not contain NUL characters");
        }
        return new Program(source, name);
    }

    /**
     * Compiles {@code source} for the current device (see the class notes for the architecture).
     *
     * @param source the CUDA C++ source
     * @param name the file name the compiler's messages use
     * @param options NVRTC options, e.g. {@code List.of("-std=c++17")}
     * @return the compiled code
     */
    public static Compiled compile(String source, String name, List<String> options) {
        Program p = of(source, name);
        checkOptions(options);
        return p.compile(options, Device.current());
    }

    /**
     * Compiles {@code source} for {@code device}.
     *
     * @param source the CUDA C++ source
     * @param name the file name the compiler's messages use
     * @param options NVRTC options, e.g. {@code List.of("-std=c++17")}
     * @param device the device
     * @return the compiled code
     */
    public static Compiled compile(String source, String name, List<String> options, Device device) {
        Program p = of(source, name);
        checkOptions(options);
        Objects.requireNonNull(device, "device");
        return p.compile(options, device);
    }

    /**
     * Asks for the lowered (mangled) name of a {@code __global__} function or template instantiation,
     * e.g. {@code "scale<float>"} or {@code "&ns::kernel"}: {@link Compiled#loweredName} returns it.
     *
     * @param expression the name expression
     * @return this program
     */
    public Program addNameExpression(String expression) {
        Objects.requireNonNull(expression, "expression");
        if (expression.isBlank() || expression.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid name expression: \"" + expression + "\"");
        }
        if (!nameExpressions.contains(expression)) {
            nameExpressions.add(expression);
        }
        return this;
    }

    /**
     * Makes {@code #include "includeName"} find {@code contents}, without a file.
     *
     * @param includeName the name {@code #include} uses
     * @param contents the header's text
     * @return this program
     */
    public Program addHeader(String includeName, String contents) {
        Objects.requireNonNull(includeName, "includeName");
        Objects.requireNonNull(contents, "contents");
        if (includeName.isBlank() || includeName.indexOf('\0') >= 0 || contents.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid header \"" + includeName + "\"");
        }
        headers.put(includeName, contents);
        return this;
    }

    /**
     * Compiles for {@code device}'s architecture (unless {@code options} name one).
     *
     * @param options NVRTC options, e.g. {@code List.of("-std=c++17")}
     * @param device the device
     * @return the compiled code
     */
    public Compiled compile(List<String> options, Device device) {
        checkOptions(options);
        Objects.requireNonNull(device, "device");
        return compile(options, device.computeCapability());
    }

    /**
     * Compiles for compute capability {@code computeCapability} ({@code major * 10 + minor}, e.g. 90),
     * unless {@code options} already name an architecture. Needs no device.
     *
     * @param options NVRTC options, e.g. {@code List.of("-std=c++17")}
     * @param computeCapability the compute capability, {@code major * 10 + minor}
     * @return the compiled code
     */
    public Compiled compile(List<String> options, int computeCapability) {
        checkOptions(options);
        if (computeCapability < 10) {
            throw new IllegalArgumentException("compute capability is major * 10 + minor, e.g. 90; got " + computeCapability);
        }
        List<String> all = new ArrayList<>(options);
        String arch = null;
        if (!namesArchitecture(options)) {
            arch = archOption(computeCapability, supportedArchitectures());
            all.add(arch);
        }
        return run(all, arch);
    }

    /**
     * The {@code -arch} option for a device of {@code computeCapability}: {@code -arch=sm_XY} when NVRTC
     * supports it, else PTX ({@code compute_XY}) for the newest supported architecture not above it.
     */
    static String archOption(int computeCapability, int[] supported) {
        int best = -1;
        for (int a : supported) {
            if (a == computeCapability) {
                return "-arch=sm_" + computeCapability;
            }
            if (a < computeCapability && a > best) {
                best = a;
            }
        }
        // Older than everything NVRTC supports: ask for it anyway and let NVRTC say why it can't.
        return best < 0 ? "-arch=sm_" + computeCapability : "-arch=compute_" + best;
    }

    static boolean namesArchitecture(List<String> options) {
        for (String o : options) {
            if (o.startsWith("-arch") || o.startsWith("--gpu-architecture")) {
                return true;
            }
        }
        return false;
    }

    static void checkOptions(List<String> options) {
        Objects.requireNonNull(options, "options");
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            if (o == null) {
                throw new NullPointerException("options[" + i + "] is null");
            }
            if (o.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("options[" + i + "] contains a NUL character");
            }
        }
    }

    private Compiled run(List<String> options, String arch) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment progOut = arena.allocate(ValueLayout.ADDRESS);
            int nh = headers.size();
            MemorySegment hdrs = MemorySegment.NULL;
            MemorySegment names = MemorySegment.NULL;
            if (nh > 0) {
                hdrs = arena.allocate(ValueLayout.ADDRESS, nh);
                names = arena.allocate(ValueLayout.ADDRESS, nh);
                int i = 0;
                for (var e : headers.entrySet()) {
                    names.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(e.getKey()));
                    hdrs.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(e.getValue()));
                    i++;
                }
            }
            CudaException.checkNvrtc(Nvrtc.nvrtcCreateProgram(progOut, arena.allocateFrom(source), arena.allocateFrom(name),
                    nh, hdrs, names), "nvrtcCreateProgram(" + name + ")");
            long prog = progOut.get(ValueLayout.JAVA_LONG, 0);
            try {
                for (String expr : nameExpressions) {
                    CudaException.checkNvrtc(Nvrtc.nvrtcAddNameExpression(prog, arena.allocateFrom(expr)),
                            "nvrtcAddNameExpression(\"" + expr + "\")");
                }
                MemorySegment opts = arena.allocate(ValueLayout.ADDRESS, Math.max(1, options.size()));
                for (int i = 0; i < options.size(); i++) {
                    opts.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(options.get(i)));
                }
                int rc = Nvrtc.nvrtcCompileProgram(prog, options.size(), opts);
                String log = log(prog, arena);
                String call = "nvrtcCompileProgram(" + name + ", " + options + ")";
                if (rc == 6 /* NVRTC_ERROR_COMPILATION */ || rc == 5 /* NVRTC_ERROR_INVALID_OPTION */) {
                    throw new CompileException(CudaError.nvrtc(rc), name, call, log);
                }
                CudaException.checkNvrtc(rc, call);
                byte[] ptx = output(prog, arena, true);
                byte[] cubin = output(prog, arena, false);
                Map<String, String> lowered = new LinkedHashMap<>();
                MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                for (String expr : nameExpressions) {
                    CudaException.checkNvrtc(Nvrtc.nvrtcGetLoweredName(prog, arena.allocateFrom(expr), out),
                            "nvrtcGetLoweredName(\"" + expr + "\")");
                    lowered.put(expr, CudaError.cString(out.get(ValueLayout.ADDRESS, 0), null));
                }
                String ptxText = ptx == null ? null : new String(ptx, 0, cLength(ptx), java.nio.charset.StandardCharsets.UTF_8);
                return new Compiled(name, arch == null ? null : arch.substring("-arch=".length()), ptxText, cubin, log, lowered);
            } finally {
                progOut.set(ValueLayout.JAVA_LONG, 0, prog);
                Nvrtc.nvrtcDestroyProgram(progOut);
            }
        }
    }

    private static int cLength(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n;
    }

    private static String log(long prog, Arena arena) {
        MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
        if (Nvrtc.nvrtcGetProgramLogSize(prog, size) != 0) {
            return "";
        }
        long n = size.get(ValueLayout.JAVA_LONG, 0);
        if (n <= 1) {
            return "";
        }
        MemorySegment buf = arena.allocate(n);
        if (Nvrtc.nvrtcGetProgramLog(prog, buf) != 0) {
            return "";
        }
        return buf.getString(0);
    }

    /** PTX or CUBIN bytes, or null when NVRTC made none of that kind (CUBIN needs {@code sm_}). */
    private static byte[] output(long prog, Arena arena, boolean ptx) {
        MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
        int rc = ptx ? Nvrtc.nvrtcGetPTXSize(prog, size) : Nvrtc.nvrtcGetCUBINSize(prog, size);
        long n = size.get(ValueLayout.JAVA_LONG, 0);
        if (rc != 0 || n <= (ptx ? 1 : 0)) {
            return null;
        }
        MemorySegment buf = arena.allocate(n, 16);
        rc = ptx ? Nvrtc.nvrtcGetPTX(prog, buf) : Nvrtc.nvrtcGetCUBIN(prog, buf);
        CudaException.checkNvrtc(rc, ptx ? "nvrtcGetPTX" : "nvrtcGetCUBIN");
        return buf.toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * NVRTC's version, e.g. {@code "13.0"}; throws {@code CudaLibraryException} when libnvrtc is missing.
     *
     * @return NVRTC's version
     */
    public static String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment minor = arena.allocate(ValueLayout.JAVA_INT);
            CudaException.checkNvrtc(Nvrtc.nvrtcVersion(major, minor), "nvrtcVersion");
            return major.get(ValueLayout.JAVA_INT, 0) + "." + minor.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** {@return the architectures NVRTC can compile machine code for, ascending, e.g. {@code [75, 80, ..., 120]}} */
    public static int[] supportedArchitectures() {
        int[] a = supportedArchs;
        if (a == null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
                CudaException.checkNvrtc(Nvrtc.nvrtcGetNumSupportedArchs(n), "nvrtcGetNumSupportedArchs");
                int count = n.get(ValueLayout.JAVA_INT, 0);
                MemorySegment out = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, count));
                CudaException.checkNvrtc(Nvrtc.nvrtcGetSupportedArchs(out), "nvrtcGetSupportedArchs");
                a = Arrays.copyOf(out.toArray(ValueLayout.JAVA_INT), count);
                Arrays.sort(a);
            }
            supportedArchs = a;
        }
        return a.clone();
    }

    /** The output of a successful compile. Immutable. */
    public static final class Compiled {
        private final String name;
        private final String arch;
        private final String ptx;
        private final byte[] cubin;
        private final String log;
        private final Map<String, String> lowered;

        Compiled(String name, String arch, String ptx, byte[] cubin, String log, Map<String, String> lowered) {
            if (ptx == null && cubin == null) {
                throw new IllegalStateException("NVRTC compiled " + name + " but produced neither PTX nor CUBIN");
            }
            this.name = name;
            this.arch = arch;
            this.ptx = ptx;
            this.cubin = cubin;
            this.log = log;
            this.lowered = Collections.unmodifiableMap(lowered);
        }

        /** {@return the program's name} */
        public String name() {
            return name;
        }

        /**
         * {@return the architecture cvj chose, e.g. {@code sm_90} or {@code compute_120}; empty when the options
         * named it}
         */
        public Optional<String> architecture() {
            return Optional.ofNullable(arch);
        }

        /** {@return the PTX text, when NVRTC made some (compiles for a {@code compute_} architecture)} */
        public Optional<String> ptx() {
            return Optional.ofNullable(ptx);
        }

        /** {@return the CUBIN (machine code), when NVRTC made one (compiles for an {@code sm_} architecture)} */
        public Optional<byte[]> cubin() {
            return Optional.ofNullable(cubin).map(byte[]::clone);
        }

        /** {@return the compiler's log: warnings, possibly empty} */
        public String log() {
            return log;
        }

        /**
         * {@return the lowered (mangled) name of a name expression added before compiling}
         *
         * @param expression the name expression
         */
        public String loweredName(String expression) {
            Objects.requireNonNull(expression, "expression");
            String l = lowered.get(expression);
            if (l == null) {
                throw new IllegalArgumentException("\"" + expression + "\" was not added with addNameExpression before"
                        + " compiling; added: " + lowered.keySet());
            }
            return l;
        }

        /** {@return every name expression and its lowered name} */
        public Map<String, String> loweredNames() {
            return lowered;
        }

        /** {@return the image {@link #load} uses: the CUBIN if there is one, else the PTX} */
        public byte[] image() {
            return cubin != null ? cubin.clone() : ptx.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        /**
         * Loads the code on {@code device} (caller closes the module).
         *
         * @param device the device
         * @return the module
         */
        public Module load(Device device) {
            Objects.requireNonNull(device, "device");
            return Module.load(device, image());
        }

        @Override
        public String toString() {
            return "Program.Compiled[" + name + (arch != null ? ", " + arch : "") + (cubin != null ? ", cubin " + cubin.length + " bytes" : "")
                    + (ptx != null ? ", ptx " + ptx.length() + " chars" : "") + "]";
        }
    }
}
