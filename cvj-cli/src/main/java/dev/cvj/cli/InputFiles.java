package dev.cvj.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The image files named on the command line: files as given, folders searched recursively, in sorted order. */
final class InputFiles {
    /** The file name extensions taken from folders (a file named explicitly is taken whatever its name). */
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "jpe", "png", "bmp", "gif");

    private InputFiles() {}

    /** The files of {@code inputs}; throws IllegalArgumentException naming an input that does not exist or cannot be listed. */
    static List<Path> expand(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                if (!Files.isReadable(in)) {
                    throw new IllegalArgumentException("cannot read folder '" + in + "': permission denied");
                }
                try (Stream<Path> walk = Files.walk(in)) {
                    walk.filter(Files::isRegularFile).filter(InputFiles::isImageName).sorted().forEach(files::add);
                } catch (IOException | UncheckedIOException e) {
                    throw new IllegalArgumentException("cannot list folder '" + in + "': " + e.getMessage());
                }
            } else if (Files.exists(in)) {
                files.add(in);
            } else {
                throw new IllegalArgumentException("no such file or folder: '" + in + "'");
            }
        }
        return files;
    }

    static boolean isImageName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
