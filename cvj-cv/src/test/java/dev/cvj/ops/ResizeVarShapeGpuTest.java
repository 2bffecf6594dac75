package dev.cvj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.test.GpuTest;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageSize;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Resize of a device ImageBatchVarShape (one launch) against the CPU path of each image and against the
 * single-image GPU path, on fresh random inputs with padded rows (seed printed by {@link dev.cvj.cuda.test.Seeds}).
 * Tolerances: against the single-image GPU path 0 (the same device functions and scale factors); against the CPU
 * path those of ResizeGpuTest: NEAREST and same-size images exact, interpolated integers within 1, F32 1e-5 and
 * F16 1e-3 relative.
 */
@GpuTest
class ResizeVarShapeGpuTest {
    private final Device dev = Device.get(0);

    /** The single-image GPU Resize of each device image to its size, on the host. */
    private static List<Tensor> perImageGpu(List<Tensor> devSrc, List<ImageSize> sizes, Interpolation interp) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < devSrc.size(); i++) {
            try (Tensor d = Resize.resize(devSrc.get(i), sizes.get(i), interp)) {
                out.add(d.toHost());
            }
        }
        return out;
    }

    private static String againstGpuImages(List<Tensor> got, List<Tensor> want) {
        for (int i = 0; i < got.size(); i++) {
            String m = ImageTensors.mismatch(got.get(i), want.get(i), 0, 0);
            if (m != null) {
                return "image " + i + " differs from the single-image GPU result: " + m;
            }
        }
        return null;
    }

    private static int intTol(Interpolation interp) {
        return interp == Interpolation.NEAREST ? 0 : 1;
    }

    private static double relTol(Interpolation interp, DataType t) {
        return interp == Interpolation.NEAREST ? 0 : t == DataType.F16 ? 1e-3 : 1e-5;
    }

    /** One size: batches of 1, 7 and 64 images, every interpolation, type and channel count tried. */
    @Test
    void toOneSizeMatchesCpuAndSingleImageGpu(Random rnd) {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (int count : new int[] {1, 7, 64}) {
            for (DataType t : List.of(DataType.U8, DataType.U16, DataType.S16, DataType.F32, DataType.F16)) {
                for (int c : new int[] {1, 3, 4}) {
                    if (count == 64 && t != DataType.U8 && t != DataType.F32) {
                        continue;
                    }
                    ImageSize out = VarShapeImages.randomSize(rnd, 120, 90);
                    List<ImageSize> sizes = VarShapeImages.randomSizes(rnd, count, 300, 200);
                    sizes.set(0, out);
                    if (count > 1) {
                        sizes.set(1, ImageSize.of(out.width() * 2, out.height() * 2));
                    }
                    try (VarShapeImages imgs = new VarShapeImages()) {
                        List<Tensor> host = imgs.hostImages(rnd, sizes, c, t);
                        List<Tensor> devImgs = new ArrayList<>();
                        for (Tensor h : host) {
                            devImgs.add(imgs.deviceImage(rnd, h, dev));
                        }
                        try (ImageBatchVarShape batch = ImageBatchVarShape.create(count, dev)) {
                            devImgs.forEach(batch::pushBack);
                            for (Interpolation interp : Interpolation.values()) {
                                cases++;
                                List<Tensor> want = perImageGpu(devImgs, Collections.nCopies(count, out), interp);
                                try (Tensor d = Resize.resize(batch, out, interp); Tensor got = d.toHost()) {
                                    List<Tensor> gotImgs = new ArrayList<>();
                                    for (int i = 0; i < count; i++) {
                                        gotImgs.add(VarShapeImages.imageOf(got, i));
                                    }
                                    String m = againstGpuImages(gotImgs, want);
                                    if (m == null) {
                                        m = VarShapeImages.againstPerImage(host, gotImgs, Collections.nCopies(count, out),
                                                interp, intTol(interp), relTol(interp, t));
                                    }
                                    if (m != null) {
                                        failures.add(count + " images " + t + " c" + c + " -> " + out + " " + interp + ": " + m);
                                    }
                                } finally {
                                    want.forEach(Tensor::close);
                                }
                            }
                        }
                    }
                }
            }
        }
        System.out.println("ResizeVarShapeGpuTest one size: " + cases + " cases, " + failures.size() + " failing");
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** A size per image: a device varshape dst of padded images, every interpolation. */
    @Test
    void sizePerImageMatchesCpuAndSingleImageGpu(Random rnd) {
        List<String> failures = new ArrayList<>();
        for (int count : new int[] {1, 7, 64}) {
            for (DataType t : List.of(DataType.U8, DataType.F32, DataType.U16)) {
                VarShapeImages.SizePairs sizes = VarShapeImages.sizePairs(rnd, count);
                List<ImageSize> in = sizes.in(), out = sizes.out();
                try (VarShapeImages imgs = new VarShapeImages()) {
                    List<Tensor> host = imgs.hostImages(rnd, in, 3, t);
                    List<Tensor> devSrc = new ArrayList<>();
                    List<Tensor> devDst = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        devSrc.add(imgs.deviceImage(rnd, host.get(i), dev));
                        devDst.add(imgs.deviceImage(rnd, imgs.hostImage(rnd, out.get(i), 3, t), dev));
                    }
                    try (ImageBatchVarShape sb = ImageBatchVarShape.create(count, dev);
                         ImageBatchVarShape db = ImageBatchVarShape.create(count, dev)) {
                        devSrc.forEach(sb::pushBack);
                        devDst.forEach(db::pushBack);
                        for (Interpolation interp : Interpolation.values()) {
                            Resize.resizeInto(db, sb, interp);
                            List<Tensor> got = new ArrayList<>();
                            for (Tensor d : devDst) {
                                got.add(d.toHost());
                            }
                            List<Tensor> want = perImageGpu(devSrc, out, interp);
                            String m = againstGpuImages(got, want);
                            if (m == null) {
                                m = VarShapeImages.againstPerImage(host, got, out, interp, intTol(interp), relTol(interp, t));
                            }
                            if (m != null) {
                                failures.add(count + " images " + t + " " + interp + ": " + m);
                            }
                            got.forEach(Tensor::close);
                            want.forEach(Tensor::close);
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Large images (the U8 LINEAR and AREA shrinks the single-image path runs warp-staged): still the same bits. */
    @Test
    void largeImagesMatchSingleImageGpu(Random rnd) {
        List<ImageSize> sizes = List.of(ImageSize.of(1920, 1080), ImageSize.of(3000, 2000), VarShapeImages.randomSize(rnd, 3000, 2000),
                ImageSize.of(448, 448));
        try (VarShapeImages imgs = new VarShapeImages()) {
            List<Tensor> host = imgs.hostImages(rnd, sizes, 3, DataType.U8);
            List<Tensor> devImgs = new ArrayList<>();
            for (Tensor h : host) {
                devImgs.add(imgs.deviceImage(rnd, h, dev));
            }
            try (ImageBatchVarShape batch = ImageBatchVarShape.create(sizes.size(), dev)) {
                devImgs.forEach(batch::pushBack);
                ImageSize out = ImageSize.of(224, 224);
                for (Interpolation interp : Interpolation.values()) {
                    List<Tensor> want = perImageGpu(devImgs, Collections.nCopies(sizes.size(), out), interp);
                    try (Tensor d = Resize.resize(batch, out, interp); Tensor got = d.toHost()) {
                        List<Tensor> gotImgs = new ArrayList<>();
                        for (int i = 0; i < sizes.size(); i++) {
                            gotImgs.add(VarShapeImages.imageOf(got, i));
                        }
                        assertNull(againstGpuImages(gotImgs, want), interp.toString());
                    } finally {
                        want.forEach(Tensor::close);
                    }
                }
            }
        }
    }

    /** A batch changed between calls uploads its descriptors again, an unchanged one does not; results follow. */
    @Test
    void changedBatchUploadsItsDescriptorsAgain(Random rnd) {
        try (VarShapeImages imgs = new VarShapeImages(); ImageBatchVarShape batch = ImageBatchVarShape.create(4, dev)) {
            List<Tensor> host = new ArrayList<>(imgs.hostImages(rnd, VarShapeImages.randomSizes(rnd, 3, 200, 150), 3, DataType.U8));
            for (Tensor h : host) {
                batch.pushBack(imgs.deviceImage(rnd, h, dev));
            }
            ImageSize out = ImageSize.of(64, 48);
            List<ImageSize> outs = Collections.nCopies(4, out);
            try (Tensor d = Resize.resize(batch, out, Interpolation.LINEAR); Tensor got = d.toHost()) {
                assertEquals(1, batch.uploadCount());
                assertNull(VarShapeImages.againstPerImage(host, List.of(VarShapeImages.imageOf(got, 0),
                        VarShapeImages.imageOf(got, 1), VarShapeImages.imageOf(got, 2)), outs, Interpolation.LINEAR, 1, 0));
            }
            try (Tensor d = Resize.resize(batch, out, Interpolation.LINEAR)) {
                assertEquals(1, batch.uploadCount());
            }
            batch.popBack();
            host.remove(2);
            Tensor replacement = imgs.hostImage(rnd, ImageSize.of(317, 211), 3, DataType.U8);
            Tensor extra = imgs.hostImage(rnd, ImageSize.of(5, 3), 3, DataType.U8);
            host.add(replacement);
            host.add(extra);
            batch.pushBack(imgs.deviceImage(rnd, replacement, dev));
            batch.pushBack(imgs.deviceImage(rnd, extra, dev));
            try (Tensor d = Resize.resize(batch, out, Interpolation.LINEAR); Tensor got = d.toHost()) {
                assertEquals(2, batch.uploadCount());
                List<Tensor> gotImgs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    gotImgs.add(VarShapeImages.imageOf(got, i));
                }
                assertNull(VarShapeImages.againstPerImage(host, gotImgs, outs, Interpolation.LINEAR, 1, 0));
            }
        }
    }

    /** Host batch with a device dst, and the other way round: refused before any GPU work. */
    @Test
    void placementRefused(Random rnd) {
        try (VarShapeImages imgs = new VarShapeImages();
             Tensor devDst = Tensor.allocate(new long[] {1, 4, 4, 3}, DataType.U8, TensorLayout.NHWC);
             Tensor hostDst = Tensor.allocateHost(new long[] {1, 4, 4, 3}, DataType.U8, TensorLayout.NHWC)) {
            Tensor hostImg = imgs.hostImage(rnd, ImageSize.of(9, 7), 3, DataType.U8);
            try (ImageBatchVarShape hb = VarShapeImages.hostBatch(List.of(hostImg));
                 ImageBatchVarShape db = ImageBatchVarShape.create(1, dev)) {
                db.pushBack(imgs.deviceImage(rnd, hostImg, dev));
                for (Runnable call : List.<Runnable>of(() -> Resize.resizeInto(devDst, hb, Interpolation.LINEAR),
                        () -> Resize.resizeInto(hostDst, db, Interpolation.LINEAR),
                        () -> Resize.resizeInto(hb, db, Interpolation.LINEAR))) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
                    assertTrue(e.getMessage().startsWith("Resize: "), e.getMessage());
                }
                assertEquals(0, db.uploadCount());
            }
        }
    }
}
