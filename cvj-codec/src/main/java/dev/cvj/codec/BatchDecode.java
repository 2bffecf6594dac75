package dev.cvj.codec;

import dev.cvj.cuda.Device;
import dev.cvj.cuda.Event;
import dev.cvj.cuda.Stream;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.ImageFormat;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One decode call: probe every image (nvJPEG's parser says which path takes it), decode what nvJPEG refuses on the
 * CPU, allocate the outputs, run the hardware batch and the hybrid threads, retry a GPU failure on the CPU, upload
 * the CPU images, and gather the result. Everything it allocated is closed if it throws.
 */
final class BatchDecode {
    private final ImageDecoder owner;
    private final NvJpegDecoder nv;
    private final List<EncodedImage> images;
    private final ImageFormat format;
    private final Stream stream;
    private final int n;
    private final int channels;
    private final DecodePath[] paths;
    private final String[] refusals;  // why nvJPEG did not take an image (kept for the failure message)
    private final String[] failures;
    private final HostPixels[] host;
    private final int[] widths;
    private final int[] heights;
    /** The encoded bytes where worker threads can read them: nvJPEG's pinned staging, else Java arrays. */
    private final List<MemorySegment> staged;
    private final byte[][] arrays;

    /** Runs on the caller's thread, which may be the only one allowed to read the input segments (confined arenas). */
    BatchDecode(ImageDecoder owner, NvJpegDecoder nv, List<EncodedImage> images, ImageFormat format, Stream stream) {
        this.owner = owner;
        this.nv = nv;
        this.images = images;
        this.format = format;
        this.stream = stream;
        this.n = images.size();
        this.channels = format == ImageFormat.Y8 ? 1 : 3;
        this.paths = new DecodePath[n];
        this.refusals = new String[n];
        this.failures = new String[n];
        this.host = new HostPixels[n];
        this.widths = new int[n];
        this.heights = new int[n];
        this.staged = nv == null ? null : nv.stage(images);
        this.arrays = nv != null ? null : images.stream().map(EncodedImage::bytes).toArray(byte[][]::new);
    }

    private byte[] bytes(int i) {
        return arrays != null ? arrays[i] : staged.get(i).toArray(ValueLayout.JAVA_BYTE);
    }

    DecodeResult run(boolean oneTensor) {
        if (nv == null) {
            java.util.Arrays.fill(paths, DecodePath.CPU);
        } else {
            probe(staged);
        }
        decodeOnCpu(all(DecodePath.CPU));
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (failures[i] == null) {
                ok.add(i);
            }
        }
        Tensor stacked = null;
        Tensor[] outputs = new Tensor[n];
        try {
            stacked = oneTensor ? allocateStacked(ok, outputs) : null;
            if (!oneTensor) {
                for (int i : ok) {
                    outputs[i] = allocate(new long[] {heights[i], widths[i], channels}, TensorLayout.HWC);
                }
            }
            if (nv != null) {
                decodeOnGpu(staged, outputs);
            }
            for (int i : ok) {
                if (failures[i] == null && host[i] != null) {
                    upload(host[i], outputs[i]);
                } else if (failures[i] != null && stacked != null) {
                    upload(new HostPixels(widths[i], heights[i], channels, new byte[widths[i] * heights[i] * channels]),
                            outputs[i]); // a row whose image failed late is zeros, not garbage
                }
            }
            return gather(ok, outputs, stacked);
        } catch (RuntimeException e) {
            if (stacked != null) {
                stacked.close();
            }
            for (Tensor t : outputs) {
                if (t != null && !oneTensor) {
                    t.close();
                }
            }
            throw e;
        }
    }

    private List<Integer> all(DecodePath p) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (paths[i] == p && failures[i] == null) {
                l.add(i);
            }
        }
        return l;
    }

    /** nvJPEG's parser on every image, one share per worker thread. */
    private void probe(List<MemorySegment> staged) {
        List<NvJpegDecoder.Worker> workers = nv.workers();
        owner.parallel(workers.size(), w -> {
            for (int i = w; i < n; i += workers.size()) {
                String name = images.get(i).name();
                if (!endsWithEndOfImage(staged.get(i))) {
                    paths[i] = DecodePath.CPU;
                    refusals[i] = "nvJPEG not tried: no end-of-image marker (a truncated or non-JPEG file)";
                    continue;
                }
                NvJpegDecoder.Probe p = workers.get(w).probe(staged.get(i), name);
                if (p.path() == null) {
                    paths[i] = DecodePath.CPU;
                    refusals[i] = p.refusal();
                } else {
                    paths[i] = p.path();
                    widths[i] = p.width();
                    heights[i] = p.height();
                }
            }
        });
    }

    /** Whether the last 4 KiB hold the EOI marker (FF D9); entropy-coded data never does (FF is stuffed as FF 00). */
    static boolean endsWithEndOfImage(MemorySegment data) {
        long size = data.byteSize();
        for (long i = size - 2; i >= Math.max(0, size - 4096); i--) {
            if (data.get(ValueLayout.JAVA_BYTE, i) == (byte) 0xFF && data.get(ValueLayout.JAVA_BYTE, i + 1) == (byte) 0xD9) {
                return true;
            }
        }
        return false;
    }

    /** ImageIO on {@code indices}, in parallel; an image it cannot decode becomes a failure naming every decoder tried. */
    private void decodeOnCpu(List<Integer> indices) {
        owner.parallel(indices.size(), j -> {
            int i = indices.get(j);
            try {
                HostPixels p = ImageIoDecoder.decode(bytes(i), format);
                if (paths[i] != DecodePath.CPU && (p.width() != widths[i] || p.height() != heights[i])) {
                    throw new IOException("ImageIO decoded " + p.width() + "x" + p.height() + " where the JPEG header says "
                            + widths[i] + "x" + heights[i]);
                }
                host[i] = p;
                widths[i] = p.width();
                heights[i] = p.height();
                paths[i] = DecodePath.CPU;
            } catch (IOException | RuntimeException e) {
                failures[i] = (refusals[i] == null ? "" : refusals[i] + "; ") + e.getMessage();
                paths[i] = null;
            }
        });
    }

    private Tensor allocate(long[] shape, TensorLayout layout) {
        return owner.device() == null ? Tensor.allocateHost(shape, DataType.U8, layout)
                : Tensor.allocate(shape, DataType.U8, layout, stream);
    }

    /** One NHWC tensor for the images that decoded so far; {@code outputs} get its rows (NHWC views, N = 1). */
    private Tensor allocateStacked(List<Integer> ok, Tensor[] outputs) {
        for (int i : ok) {
            if (widths[i] != widths[ok.getFirst()] || heights[i] != heights[ok.getFirst()]) {
                throw new IllegalArgumentException("ImageDecoder.decodeToTensor: the images differ in size ('"
                        + images.get(ok.getFirst()).name() + "' is " + widths[ok.getFirst()] + "x" + heights[ok.getFirst()]
                        + ", '" + images.get(i).name() + "' " + widths[i] + "x" + heights[i] + "); use decode for an "
                        + "ImageBatchVarShape");
            }
        }
        int h = ok.isEmpty() ? 0 : heights[ok.getFirst()], w = ok.isEmpty() ? 0 : widths[ok.getFirst()];
        Tensor t = allocate(new long[] {ok.size(), h, w, channels}, TensorLayout.NHWC);
        for (int j = 0; j < ok.size(); j++) {
            outputs[ok.get(j)] = t.slice(0, j, 1);
        }
        return t;
    }

    private void decodeOnGpu(List<MemorySegment> staged, Tensor[] outputs) {
        long[] dst = new long[n];
        long[] pitch = new long[n];
        long[] bytes = new long[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = staged.get(i).byteSize();
            if (outputs[i] != null) {
                dst[i] = outputs[i].address();
                pitch[i] = outputs[i].strides()[outputs[i].rank() - 3]; // H's stride: device rows may be padded
            }
        }
        int fmt = NvJpegDecoder.outputFormat(format);
        List<Integer> hardware = all(DecodePath.HARDWARE);
        List<Integer> moved = nv.planSplit(hardware, all(DecodePath.GPU_HYBRID), bytes);
        for (int i : moved) {
            paths[i] = DecodePath.GPU_HYBRID;
        }
        List<Integer> engines = all(DecodePath.HARDWARE);
        List<Integer> hybrid = all(DecodePath.GPU_HYBRID);
        String[] failed = new String[1];
        nv.markSplitStart(stream);
        int threadsUsed = decodeHybrid(hybrid, staged, dst, pitch, fmt, () -> { // the engines run alongside
            if (!engines.isEmpty()) {
                failed[0] = nv.decodeHardware(engines, staged, dst, pitch, fmt, stream);
                nv.markHardwareDone(stream);
            }
        });
        if (failed[0] != null) { // the batch call failed as a whole: its images take the hybrid path
            for (int i : engines) {
                paths[i] = DecodePath.GPU_HYBRID;
                refusals[i] = failed[0];
            }
            decodeHybrid(engines, staged, dst, pitch, fmt, () -> { });
            hybrid = new ArrayList<>(hybrid);
            hybrid.addAll(engines);
        } else if (!moved.isEmpty()) {
            nv.splitRecorded(new NvJpegDecoder.SplitWork(sum(engines, bytes), sum(hybrid, bytes), threadsUsed));
        }
        List<Integer> retry = new ArrayList<>();
        for (int i : hybrid) {
            if (failures[i] != null) {
                refusals[i] = failures[i];
                failures[i] = null;
                retry.add(i);
            }
        }
        decodeOnCpu(retry);
    }

    private static long sum(List<Integer> indices, long[] bytes) {
        long s = 0;
        for (int i : indices) {
            s += bytes[i];
        }
        return s;
    }

    /**
     * Decodes {@code hybrid} on the hybrid workers (their GPU phases on their own streams) while {@code alongside}
     * runs on this thread; then the caller's stream waits for every worker. Returns the number of workers used.
     */
    private int decodeHybrid(List<Integer> hybrid, List<MemorySegment> staged, long[] dst, long[] pitch, int fmt,
            Runnable alongside) {
        List<NvJpegDecoder.Worker> workers = nv.workers();
        int used = Math.min(workers.size(), hybrid.size());
        List<String> names = images.stream().map(EncodedImage::name).toList();
        try (Event ready = stream.record()) { // the outputs are allocated in stream order on the caller's stream
            ImageDecoder.Running running = owner.start(used, w -> {
                List<Integer> share = new ArrayList<>();
                for (int j = w; j < hybrid.size(); j += used) {
                    share.add(hybrid.get(j));
                }
                workers.get(w).decodeHybrid(share, staged, names, dst, pitch, fmt, ready, failures);
            });
            RuntimeException first = null;
            try {
                alongside.run();
            } catch (RuntimeException e) {
                first = e;
            }
            try {
                running.await(); // even after the engines' side failed: the workers still use this call's buffers
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            } finally {
                for (int w = 0; w < used; w++) { // the caller's stream waits for every worker's GPU phase
                    NvJpegDecoder.Worker worker = workers.get(w);
                    worker.done.record(worker.stream);
                    stream.waitFor(worker.done);
                }
            }
            if (first != null) {
                throw first;
            }
        }
        return used;
    }

    private void upload(HostPixels p, Tensor out) {
        if (owner.device() == null) {
            out.copyFromBytes(p.pixels());
            return;
        }
        try (Tensor h = Tensor.allocateHost(out.shape(), DataType.U8, out.layout())) {
            h.copyFromBytes(p.pixels());
            out.copyFrom(h, stream); // the copy holds the host memory until it has run
        }
    }

    private DecodeResult gather(List<Integer> ok, Tensor[] outputs, Tensor stacked) {
        List<DecodeFailure> failed = new ArrayList<>();
        List<Integer> decoded = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (failures[i] != null) {
                failed.add(new DecodeFailure(i, images.get(i).name(), failures[i]));
                paths[i] = null;
            } else {
                decoded.add(i);
            }
        }
        List<Integer> rows = stacked != null ? ok : decoded; // a stacked tensor keeps a (zero) row for a late failure
        Device d = owner.device();
        ImageBatchVarShape batch = d == null ? ImageBatchVarShape.createHost(rows.size()) : ImageBatchVarShape.create(rows.size(), d);
        try {
            for (int i : rows) {
                batch.pushBack(outputs[i]); // the batch holds the memory
            }
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
        if (stacked == null) {
            for (Tensor t : outputs) {
                if (t != null) {
                    t.close();
                }
            }
        }
        return new DecodeResult(batch, stacked, rows.stream().mapToInt(Integer::intValue).toArray(), paths, failed);
    }
}
