package dev.cvj.cli;

import dev.cvj.cuda.Stream;
import dev.cvj.tensor.Tensor;
import picocli.CommandLine.Command;

/** {@code cvj convert}: images (JPEG, PNG, ...) to JPEGs of a given quality and subsampling, folder to folder. */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-encode images as JPEG (quality, chroma subsampling), folder to folder.",
                "Files that fail are listed and skipped; the exit status is then 1."})
final class ConvertCommand extends ImageFolderCommand {
    @Override
    Tensor transform(Tensor image, Stream stream) {
        return image;
    }
}
