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

    /** A file to read, and its path relative to the folder it was found in (its name, when given as a file). */
    record InputFile(Path file, Path relative) {}

    private InputFiles() {}

    /** The files of {@code inputs}; throws IllegalArgumentException naming an input that does not exist or cannot be listed. */
    static List<Path> expand(List<Path> inputs) {
        return expandWithNames(inputs).stream().map(InputFile::file).toList();
    }

    /** {@link #expand}, each file with its path relative to its input folder (for outputs that mirror the inputs). */
    static List<InputFile> expandWithNames(List<Path> inputs) {
        List<InputFile> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                if (!Files.isReadable(in)) {
                    throw new IllegalArgumentException("cannot read folder '" + in + "': permission denied");
                }
                try (Stream<Path> walk = Files.walk(in)) {
                    walk.filter(Files::isRegularFile).filter(InputFiles::isImageName).sorted()
                            .forEach(f -> files.add(new InputFile(f, in.relativize(f))));
                } catch (IOException | UncheckedIOException e) {
                    throw new IllegalArgumentException("cannot list folder '" + in + "': " + e.getMessage());
                }
            } else if (Files.exists(in)) {
                files.add(new InputFile(in, in.getFileName()));
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
