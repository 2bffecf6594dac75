package dev.cvj.reliability;

import dev.cvj.cuda.Stream;
import dev.cvj.ops.OperatorInfo;
import dev.cvj.ops.Operators;
import dev.cvj.ops.VarShapeCall;
import dev.cvj.tensor.DataType;
import dev.cvj.tensor.ImageBatchVarShape;
import dev.cvj.tensor.Tensor;
import dev.cvj.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registered varshape operators ({@link OperatorInfo#takesVarShape}) in the stress run and the fuzzer: a
 * batch of random images of random sizes, a sampled call, the device batch against the host batch (stress), and
 * malformed uses of the same calls (fuzzer): parameters drawn for another batch size, closed and empty batches,
 * batches of another data type, images whose tensors were closed after the push.
 */
final class VarShapeSteps {
    private VarShapeSteps() {}

    static final List<OperatorInfo> OPERATORS = Operators.all().stream().filter(OperatorInfo::takesVarShape).toList();

    /** 1..{@code max} random U8 RGB HWC host images of 1..{@code maxSide} pixels per side. */
    static List<Tensor> hostImages(Random r, int max, int maxSide) {
        List<Tensor> out = new ArrayList<>();
        int n = 1 + r.nextInt(max);
        for (int i = 0; i < n; i++) {
            Tensor t = Tensor.allocateHost(new long[] {1 + r.nextInt(maxSide), 1 + r.nextInt(maxSide), 3}, DataType.U8,
                    TensorLayout.HWC);
            byte[] b = new byte[(int) t.elementCount()];
            r.nextBytes(b);
            t.copyFrom(b);
            out.add(t);
        }
        return out;
    }

    static ImageBatchVarShape batchOf(List<Tensor> images, Stream s) {
        ImageBatchVarShape b = s == null ? ImageBatchVarShape.createHost(images.size())
                : ImageBatchVarShape.create(images.size(), s.device());
        images.forEach(b::pushBack);
        return b;
    }

    /**
     * One varshape step on {@code s}: a random registered varshape call on a device batch, queued, then checked
     * image by image against the same call on the host batch. Null when right, else what differs.
     */
    static String check(Random r, Stream s, AtomicLong steps, AtomicLong elements) {
        if (OPERATORS.isEmpty()) {
            return null;
        }
        List<Tensor> host = hostImages(r, 8, r.nextInt(8) == 0 ? 300 : 48);
        List<Tensor> device = new ArrayList<>();
        VarShapeCall call = null;
        try (ImageBatchVarShape hb = batchOf(host, null)) {
            for (Tensor h : host) {
                device.add(h.toDevice(s.device(), s));
            }
            call = OPERATORS.get(r.nextInt(OPERATORS.size())).sampleVarShape(r, hb);
            try (ImageBatchVarShape db = batchOf(device, s); VarShapeCall.Output gpu = call.apply().apply(db, s);
                 VarShapeCall.Output cpu = call.apply().apply(hb, null)) {
                steps.incrementAndGet();
                for (int i = 0; i < cpu.images().size(); i++) {
                    String m = RandomOps.mismatch(call.description() + " image " + i, call.integerTolerance(),
                            cpu.images().get(i), gpu.images().get(i));
                    if (m != null) {
                        return "varshape " + m;
                    }
                    elements.addAndGet(cpu.images().get(i).elementCount());
                }
            }
            return null;
        } catch (RuntimeException e) {
            return "varshape " + (call == null ? "call" : call.description()) + " threw " + e;
        } finally {
            host.forEach(Tensor::close);
            device.forEach(Tensor::close);
        }
    }

    /** A fuzzed varshape call on the pool's place (host, or its device and stream). */
    static BadInputFuzzer.Call next(Random r, BadInputFuzzer.Pool p) {
        OperatorInfo op = OPERATORS.get(r.nextInt(OPERATORS.size()));
        Stream s = p.device ? p.stream : null;
        List<Tensor> hosts = hostImages(r, 5, 24);
        List<Tensor> imgs = new ArrayList<>();
        for (Tensor h : hosts) {
            imgs.add(p.device ? p.alloc(h.shape(), h.dtype(), h.layout()) : p.keep(h));
        }
        ImageBatchVarShape sampleOn = batchOf(imgs, s);
        VarShapeCall call = op.sampleVarShape(r, sampleOn);
        int kind = r.nextInt(6);
        ImageBatchVarShape target = switch (kind) {
            case 0 -> sampleOn; // valid
            case 1 -> { // parameters drawn for another count
                List<Tensor> other = new ArrayList<>(imgs);
                if (other.size() > 1 && r.nextBoolean()) {
                    other.remove(other.size() - 1);
                } else {
                    other.add(imgs.get(0));
                }
                yield batchOf(other, s);
            }
            case 2 -> { // closed
                ImageBatchVarShape b = batchOf(imgs, s);
                b.close();
                yield b;
            }
            case 3 -> s == null ? ImageBatchVarShape.createHost(4) : ImageBatchVarShape.create(4, s.device()); // empty
            case 4 -> { // another data type
                List<Tensor> f = new ArrayList<>();
                DataType other = r.nextBoolean() ? DataType.F32 : DataType.S8;
                for (Tensor t : imgs) {
                    f.add(p.alloc(t.shape(), other, TensorLayout.HWC));
                }
                yield batchOf(f, s);
            }
            default -> { // the images' own tensors closed after the push: the batch holds their memory
                List<Tensor> own = new ArrayList<>();
                for (Tensor h : hosts) {
                    own.add(p.device ? h.toDevice(s.device(), s) : h.toHost());
                }
                ImageBatchVarShape b = batchOf(own, s);
                own.forEach(Tensor::close);
                yield b;
            }
        };
        hosts.forEach(h -> {
            if (p.device) {
                h.close();
            }
        });
        String what = "varshape " + call.description() + " on " + target + " (case " + kind + ")";
        return new BadInputFuzzer.Call(what, () -> {
            try {
                return call.apply().apply(target, s);
            } finally {
                target.close(); // safe with launches queued (the batch frees in stream order)
                sampleOn.close();
            }
        }, true);
    }
}
