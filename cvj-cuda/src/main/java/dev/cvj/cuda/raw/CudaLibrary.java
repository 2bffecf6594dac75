package dev.cvj.cuda.raw;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The native libraries cvj binds, and how each is found.
 *
 * <p>Search order, the way users install CUDA: the system property {@code cvj.<name>.path} or the
 * environment variable {@code CVJ_<NAME>_PATH} (a file, or a folder holding the library), then
 * {@code CUDA_HOME}, {@code CUDA_PATH} and {@code /usr/local/cuda} (toolkit libraries only: the driver
 * is never taken from a toolkit, whose {@code stubs/libcuda.so} would answer every call with an error),
 * then the platform loader's own search ({@code LD_LIBRARY_PATH}, the ld.so cache).
 *
 * <p>Loading is lazy and happens once; a failure is remembered and reported, with every place tried,
 * by each call into the missing library.
 */
public enum CudaLibrary {
    /** The CUDA Runtime, {@code libcudart}. */
    CUDART("cudart", List.of("libcudart.so.13", "libcudart.so.12", "libcudart.so"), true),
    /** The CUDA Driver, {@code libcuda.so.1}, installed with the NVIDIA driver. */
    DRIVER("cuda", List.of("libcuda.so.1", "libcuda.so"), false),
    /** The runtime compiler, {@code libnvrtc}. */
    NVRTC("nvrtc", List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"), true),
    /** The JPEG codec, {@code libnvjpeg} (bound by cvj-codec's {@code dev.cvj.codec.raw.NvJpeg}). */
    NVJPEG("nvjpeg", List.of("libnvjpeg.so.13", "libnvjpeg.so.12", "libnvjpeg.so"), true);

    private final String key;
    private final List<String> fileNames;
    private final boolean inToolkit;
    private volatile Loaded loaded;

    CudaLibrary(String key, List<String> fileNames, boolean inToolkit) {
        this.key = key;
        this.fileNames = fileNames;
        this.inToolkit = inToolkit;
    }

    private record Loaded(SymbolLookup lookup, String origin, CudaLibraryException failure) {}

    /** {@return the system property that names this library's file or folder explicitly} */
    public String property() {
        return "cvj." + key + ".path";
    }

    /** {@return the environment variable that names this library's file or folder explicitly} */
    public String environmentVariable() {
        return "CVJ_" + key.toUpperCase(Locale.ROOT) + "_PATH";
    }

    /** {@return whether the library could be found and opened} Never throws. */
    public boolean isAvailable() {
        return load().failure == null;
    }

    /** {@return where the library was loaded from, or throws {@link CudaLibraryException} naming every place tried} */
    public String origin() {
        Loaded l = load();
        if (l.failure != null) {
            throw l.failure;
        }
        return l.origin;
    }

    /** {@return the symbol lookup of the library; throws {@link CudaLibraryException} if it cannot be loaded} */
    public SymbolLookup lookup() {
        Loaded l = load();
        if (l.failure != null) {
            throw l.failure;
        }
        return l.lookup;
    }

    private Loaded load() {
        Loaded l = loaded;
        if (l == null) {
            synchronized (this) {
                l = loaded;
                if (l == null) {
                    l = search();
                    loaded = l;
                }
            }
        }
        return l;
    }

    /** {@return the candidate places, in order; exposed for tests and for error messages} */
    public List<String> candidates() {
        List<String> out = new ArrayList<>();
        String explicit = System.getProperty(property());
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv(environmentVariable());
        }
        if (explicit != null && !explicit.isBlank()) {
            addFileOrFolder(out, Path.of(explicit));
        }
        if (inToolkit) {
            for (String root : toolkitRoots()) {
                for (String sub : List.of("lib64", "lib", "targets/x86_64-linux/lib", "targets/sbsa-linux/lib")) {
                    for (String f : fileNames) {
                        out.add(Path.of(root, sub, f).toString());
                    }
                }
            }
        }
        out.addAll(fileNames); // bare names: the platform loader searches
        return out;
    }

    private void addFileOrFolder(List<String> out, Path p) {
        if (Files.isDirectory(p)) {
            for (String f : fileNames) {
                out.add(p.resolve(f).toString());
            }
        } else {
            out.add(p.toString());
        }
    }

    private static List<String> toolkitRoots() {
        List<String> roots = new ArrayList<>();
        for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank() && !roots.contains(v)) {
                roots.add(v);
            }
        }
        if (!roots.contains("/usr/local/cuda")) {
            roots.add("/usr/local/cuda");
        }
        return roots;
    }

    private Loaded search() {
        List<String> tried = new ArrayList<>();
        for (String candidate : candidates()) {
            boolean bare = !candidate.contains("/");
            if (!bare && !Files.exists(Path.of(candidate))) {
                tried.add(candidate + " (no such file)");
                continue;
            }
            try {
                // Global arena: a CUDA library stays loaded for the life of the process.
                SymbolLookup lookup = SymbolLookup.libraryLookup(candidate, Arena.global());
                return new Loaded(lookup, candidate, null);
            } catch (IllegalArgumentException e) {
                tried.add(candidate + " (" + (bare ? "loader: " : "") + e.getMessage() + ")");
            }
        }
        String hint = switch (this) {
            case DRIVER -> "libcuda.so.1 comes with the NVIDIA driver; install the driver, or name the file with -D"
                    + property() + "=... or " + environmentVariable() + ".";
            default -> "Install the CUDA toolkit (or its runtime package) and set CUDA_HOME, or name the file with -D"
                    + property() + "=... or " + environmentVariable() + ".";
        };
        return new Loaded(null, null, new CudaLibraryException(
                "cannot load " + fileNames.getFirst().replaceAll("\\.so.*", "") + " (" + name() + "). " + hint
                        + " Tried: " + String.join("; ", tried)));
    }
}
