package dev.cvj.cli;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.Interpolation;
import dev.cvj.ops.Resize;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cvj resize}: images resized (bilinear) to one size or by their shorter side, written as JPEGs, folder to folder. */
@Command(name = "resize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Resize images (bilinear) and write them as JPEG, folder to folder.",
                "Files that fail are listed and skipped; the exit status is then 1."})
final class ResizeCommand extends ImageFolderCommand {
    @Option(names = "--size", paramLabel = "WxH", description = "The output size, e.g. 640x480.")
    String size;

    @Option(names = "--short-side", paramLabel = "N", description = "Scale so that the shorter side is N, keeping the aspect ratio.")
    Integer shortSide;

    private int width;
    private int height;

    @Override
    void checkOptions() {
        CommandLine cl = spec.commandLine();
        if ((size == null) == (shortSide == null)) {
            throw new CommandLine.ParameterException(cl, "give one of --size WxH and --short-side N");
        }
        if (size != null) {
            String[] p = size.toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                width = Integer.parseInt(p[0]);
                height = p.length == 2 ? Integer.parseInt(p[1]) : -1;
            } catch (NumberFormatException e) {
                height = -1;
            }
            if (p.length != 2 || width < 1 || height < 1) {
                throw new CommandLine.ParameterException(cl, "--size must be WxH with W and H >= 1, got '" + size + "'");
            }
        } else if (shortSide < 1) {
            throw new CommandLine.ParameterException(cl, "--short-side must be >= 1, got " + shortSide);
        }
    }

    @Override
    Tensor transform(Tensor image, Stream stream) {
        ImageSize target;
        if (shortSide != null) {
            long h = image.shape(image.rank() - 3), w = image.shape(image.rank() - 2);
            double scale = (double) shortSide / Math.min(w, h);
            target = ImageSize.of((int) Math.max(1, Math.round(w * scale)), (int) Math.max(1, Math.round(h * scale)));
        } else {
            target = ImageSize.of(width, height);
        }
        return Resize.resize(image, target, Interpolation.LINEAR, stream);
    }
}
