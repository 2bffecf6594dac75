#!/usr/bin/env python3
"""Python peers for cvj's image-operator benchmarks: torchvision (transforms.v2.functional) on CUDA
tensors, OpenCV on the CPU, and a torch device-to-device copy.

    python3 bench/python/torch_ops.py [--out FILE] [--quick] [--reps 20] [--max-gb 20] [--only SUBSTR[,SUBSTR...]]
        [--varshape-sizes bench/varshape-sizes.txt]

Output: CSV lines "peer,op,batch,WxH,value[,,,,queued,expired]" on stdout (and in FILE with --out), after a header line
"peer,op,batch,WxH,median_ms". The value is the median time in ms for the whole batch, except in rows
whose op ends in "_imgs_per_s" (images per second: batch / median time) or "_GBps" (GB/s, 10^9 bytes/s).
Progress and notes go to stderr; lines starting with '#' in the CSV are notes (a missing library, a
skipped size).

Method (GPU): 3 input sets in rotation (so a run does not find its input in L2 from the run before),
3 warm-up runs, then `reps` runs each timed with a pair of torch.cuda.Event; median. Each GPU op is timed twice,
as cvj's GpuTimer does: on an idle GPU (value: Python's issue time is on the clock) and queued behind a 1 ms
torch.cuda._sleep (queued: the GPU's time alone; expired: how many of those runs the host issued only after the
spin had ended, e.g. because the op synchronized, so that their time includes the host's). Batches 1, 8, 32,
128 x sizes 224x224, 1280x720, 1920x1080, 3840x2160 (the grid of cvj's OpsBenchMain); a combination whose
tensors need more than --max-gb GB is skipped. Inputs are U8 NHWC (the layout images come in); ops that torchvision
defines on channels-first tensors (flip, gray, resize, normalize) get NCHW inputs made outside the timing.
The chain op is the classification pre-processing: `batch` separate U8 HWC frames -> stack -> resize
224x224 (bilinear, no antialias) -> F32 scaled to [0,1] -> normalize (ImageNet mean/std) -> contiguous NCHW.
Images of different sizes (the sizes of bench/varshape-sizes.txt, which every peer reads; size column
640x480-1920x1080, the range they were drawn from): resize_varshape_224 = a Python loop over the CUDA images (CHW
views of HWC U8 tensors), each resized to 224x224 (bilinear, no antialias), then torch.stack into [N,3,224,224];
preprocess_varshape_224 = the same, then F32 scaled to [0,1], normalize (ImageNet mean/std), contiguous NCHW.
preprocess_224 = one image's latency (batches 1, 2, 4, 8 of 640x480 U8 NHWC): resize the shorter side to 256, centre
crop 224, F32 scaled to [0,1], normalize, contiguous NCHW; peers torch (eager) and torch_compile (torch.compile of the
same function); cvj's rows of it come from PreprocessLatencyGpuMain (cvj_latency.csv).
Op names match cvj's OpsBenchMain rows (the report pairs them by name).
Method (CPU, OpenCV): one image, time.perf_counter, 3 warm-ups, median of `reps`; ms per image.
Warps and filters (the rows of cvj's FilterWarpRows, with its parameters; batches 1 and 32 x 224x224 and 1920x1080
only): torchvision's affine, perspective, rotate (bilinear) and gaussian_blur on NCHW U8; CuPy (peer "cupy",
cupyx.scipy.ndimage on the same NHWC U8 tensors, on torch's stream, timed the same way; skipped with a note when
CuPy is missing): affine_transform, rotate, map_coordinates (perspective and remap: per image, the coordinates made
before the timing), gaussian_filter, uniform_filter, convolve (OpenCV's 3x3 Laplacian kernel, the 5x5 kernel),
grey_erosion / grey_dilation, median_filter, and the thresholds on 1-channel images (adaptive: uniform_filter, then
a compare); borders replicated ('nearest') for filters, constant 0 for warps. OpenCV runs the same ops on one image.
Colour, photometric, statistics and training resizes (the same grid; cvj's PhotometricRows and the rows of the same
names; U8 NCHW for torchvision, U8 HWC RGB for OpenCV):
  adjust_brightness  torchvision adjust_brightness(x, 1.2) = saturate(1.2 x) (truncating); cvj BrightnessContrast
                     brightness 1.2, contrast 1; OpenCV convertScaleAbs(alpha=1.2)
  adjust_contrast    torchvision adjust_contrast(x, 1.5): blend about each image's mean grey level, which it computes
                     first (a reduction; cvj's BrightnessContrast takes the centre as a parameter: 128, so it does not);
                     OpenCV addWeighted(x, 1.5, x, 0, -64) (about 128, as cvj)
  brightness_contrast  cvj BrightnessContrast brightness 1.2, contrast 1.5, shift 10, centre 128 = saturate(1.8 x -
                     66.8); no torchvision op (adjust_brightness then adjust_contrast is another formula); OpenCV
                     addWeighted(x, 1.8, x, 0, -66.8)
  gamma_contrast     torchvision adjust_gamma(x, 2.2) (through F32 [0, 1]); OpenCV LUT of saturate(pow(i/255, 2.2) 255)
  color_twist        sepia 3x4 matrix (SEPIA); no torchvision op; OpenCV transform
  erase              torchvision erase of one 200x200 rectangle of 0 in the middle of each image (not in place: a
                     clone of the batch, then the rectangles)
  erase_inplace      the same with inplace=True: only the rectangles are written
  gaussian_noise     torchvision gaussian_noise(mean 0, sigma 0.1, clip) on F32 [0, 1] NCHW (it takes floats only; cvj's
                     rows run on U8 NHWC, sigma in the U8 scale: 25.5)
  histogram          1 channel (N, 1, H, W): torch.histc per image (256 bins over 0..255); OpenCV calcHist
  histogram_eq       1 channel: torchvision equalize; OpenCV equalizeHist
  min_max_loc        1 channel: aminmax + argmin + argmax over each image (batched reductions); OpenCV minMaxLoc
  rgb2hls, rgb2lab, rgb2xyz, rgb2ycrcb, yuyv2rgb   OpenCV cvtColor only (torchvision has none)
  hq_resize_224      1920x1080 -> 224x224, torchvision resize bilinear with antialias=True
  random_resized_crop_224  torchvision v2.RandomResizedCrop(224, antialias=True) on each image, a Python loop over the
                     batch, then torch.stack (as a training loader does)
  pillow_resize_224  Pillow Image.resize((224, 224), BILINEAR) of one 1920x1080 RGB image on one CPU core (peer
                     "pillow", ms per image)
"""
import argparse
import os
import statistics
import sys
import time

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
SIZES = [(224, 224), (1280, 720), (1920, 1080), (3840, 2160)]
VARSHAPE_SIZES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "varshape-sizes.txt")
VARSHAPE_LABEL = "640x480-1920x1080"  # the size column of every peer's varshape rows (cvj's VarShapeSizes.LABEL)
BATCHES = [1, 8, 32, 128]
# The warp and filter rows' grid and parameters (cvj's FilterWarpRows).
FW_BATCHES = [1, 32]
FW_SIZES = [(224, 224), (1920, 1080)]
FW_ANGLE = 15.0
FW_SCALE = 0.9
FW_SIGMA = 1.4
CONV_WEIGHTS = [1, 2, 3, 2, 1, 2, 4, 1, 4, 2, 3, 1, 9, 1, 3, 2, 4, 1, 4, 2, 1, 2, 3, 2, 1]
LAPLACIAN_3 = [2, 0, 2, 0, -8, 0, 2, 0, 2]  # OpenCV's Laplacian, ksize 3
# The photometric rows' parameters (cvj's PhotometricRows): brightness_contrast is dst = saturate(PM_ALPHA src + PM_BETA),
# cvj's BrightnessContrast with brightness 1.2, contrast 1.5, shift 10 and the contrast centre 128.
PM_BRIGHTNESS = 1.2
PM_CONTRAST = 1.5
PM_SHIFT = 10.0
PM_CENTER = 128.0
PM_ALPHA = PM_BRIGHTNESS * PM_CONTRAST
PM_BETA = PM_SHIFT + PM_BRIGHTNESS * PM_CENTER * (1 - PM_CONTRAST)
PM_GAMMA = 2.2
SEPIA = [[0.393, 0.769, 0.189, 0.0], [0.349, 0.686, 0.168, 0.0], [0.272, 0.534, 0.131, 0.0]]
ERASE = 200  # erase: one ERASE x ERASE rectangle of 0 in the middle of each image
NOISE_SIGMA = 0.1  # gaussian_noise: mean 0, this sigma, clipped to [0, 1]
SETS = 3
WARMUP = 3


class Csv:
    def __init__(self, path):
        self.f = open(path, "w") if path else None
        self.line("peer,op,batch,WxH,median_ms")

    def line(self, s):
        print(s, flush=True)
        if self.f:
            self.f.write(s + "\n")
            self.f.flush()

    def row(self, peer, op, batch, w, h, value, queued=None, expired=None):
        self.labelled_row(peer, op, batch, f"{w}x{h}", value, queued, expired)

    def labelled_row(self, peer, op, batch, size, value, queued=None, expired=None):
        tail = "" if queued is None else f",,,,{queued:.4f}" + ("" if expired is None else f",{expired}")
        self.line(f"{peer},{op},{batch},{size},{value:.4f}{tail}")

    def note(self, s):
        print(f"note: {s}", file=sys.stderr, flush=True)
        self.line(f"# {s}")


def log(s):
    print(s, file=sys.stderr, flush=True)


def wanted(args, op):
    return not args.only or any(part and part in op for part in args.only.split(","))


def fw_affine(w, h):
    """The forward 2x3 matrix (src to dst) of cvj's warp_affine_linear: 15 degrees, scale 0.9, about the centre."""
    import math
    a = FW_SCALE * math.cos(math.radians(FW_ANGLE))
    b = FW_SCALE * math.sin(math.radians(FW_ANGLE))
    cx, cy = w / 2.0, h / 2.0
    return [[a, b, (1 - a) * cx - b * cy], [-b, a, b * cx + (1 - a) * cy]]


def fw_perspective(w, h):
    """The forward 3x3 matrix (src to dst) of cvj's warp_perspective_linear."""
    return [[0.9, 0.05, 0.05 * w], [0.02, 0.9, 0.05 * h], [0.1 / w, 0.05 / h, 1.0]]


def fw_in_grid(b, w, h):
    return b in FW_BATCHES and (w, h) in FW_SIZES


# ----------------------------------------------------------------------------------------------- torch
BLOCK_MS = 1.0  # the blocking kernel of the queued timing (cvj's GpuTimer.BLOCK_MS)
_cycles_per_ms = None


def spin_cycles_per_ms(torch):
    """Clock cycles of torch.cuda._sleep per millisecond, measured once with events."""
    global _cycles_per_ms
    if _cycles_per_ms is None:
        n = 2_000_000
        torch.cuda._sleep(n)  # warm
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        torch.cuda._sleep(n)
        end.record()
        end.synchronize()
        _cycles_per_ms = n / start.elapsed_time(end)
    return _cycles_per_ms


def time_cuda(torch, fn, inputs, reps):
    """(idle, queued): median ms of fn(input) over reps runs, inputs used in rotation, after WARMUP runs; idle
    with the GPU idle at the start event (Python's issue time is on the clock), queued behind a kernel that spins
    for BLOCK_MS (torch.cuda._sleep) so that only the GPU's work is on the clock, as cvj's GpuTimer does."""
    for i in range(WARMUP):
        fn(inputs[i % len(inputs)])
    torch.cuda.synchronize()
    cycles = int(BLOCK_MS * spin_cycles_per_ms(torch))
    out = []
    expired = 0
    for queued in (False, True):
        times = []
        for r in range(reps):
            x = inputs[r % len(inputs)]
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            if queued:
                torch.cuda._sleep(cycles)
            start.record()
            fn(x)
            end.record()
            if queued and start.query():
                expired += 1
            end.synchronize()
            times.append(start.elapsed_time(end))
        out.append(statistics.median(times))
    if expired:
        log(f"note: {expired} of {reps} queued runs were issued after the spin ended")
    return out[0], out[1], expired


def bench_torch(args, csv):
    try:
        import torch
    except Exception as e:  # noqa: BLE001 - any import failure means "not here"
        csv.note(f"torch missing ({e.__class__.__name__}: {e}); torch peers skipped")
        return
    if not torch.cuda.is_available():
        csv.note("torch has no CUDA device here; torch peers skipped")
        return
    try:
        import torchvision
        from torchvision.transforms import v2  # noqa: F401
        import torchvision.transforms.v2.functional as F
        from torchvision.transforms import InterpolationMode
    except Exception as e:  # noqa: BLE001
        csv.note(f"torchvision (transforms.v2) missing ({e.__class__.__name__}: {e}); torchvision peers skipped")
        F = None
        torchvision = None
    dev = torch.device("cuda")
    log(f"torch {torch.__version__}, torchvision {getattr(torchvision, '__version__', 'missing')}, "
        f"CUDA {torch.version.cuda}, device {torch.cuda.get_device_name(0)}")
    csv.line(f"# torch {torch.__version__} torchvision {getattr(torchvision, '__version__', '-')} "
             f"cuda {torch.version.cuda} device {torch.cuda.get_device_name(0)}")
    reps = args.reps

    # Device-to-device copy bandwidth: 1 GiB, read + write bytes counted.
    if wanted(args, "d2d"):
        n = 1 << 30
        src = torch.empty(n, dtype=torch.uint8, device=dev).fill_(1)
        dst = torch.empty(n, dtype=torch.uint8, device=dev)
        ms, _, _ = time_cuda(torch, lambda s: dst.copy_(s), [src], reps)
        csv.line(f"torch,d2d_copy_1GiB_GBps,1,{n}B,{2 * n / (ms / 1e3) / 1e9:.4f}")
        del src, dst
        torch.cuda.empty_cache()

    if F is None:
        return
    if wanted(args, "preprocess_224"):
        bench_torch_preprocess(torch, F, InterpolationMode, args, csv, dev)
    if args.varshape:
        log(f"torch: images of different sizes ({args.varshape_sizes})")
        try:
            bench_torch_varshape(torch, F, InterpolationMode, args, csv, dev, args.varshape, reps)
        finally:
            torch.cuda.empty_cache()
    sizes = SIZES if not args.quick else [(224, 224), (1920, 1080)]
    for (w, h) in sizes:
        batches = list(BATCHES)
        if args.quick:
            batches = [1, 32]
        for b in batches:
            u8 = b * h * w * 3
            f32 = 4 * u8
            # Peak: 3 NHWC U8 sets + 3 NCHW U8 sets + a F32 output, or 3 F32 sets + 2 F32 temporaries.
            need = max(6 * u8 + f32, 5 * f32)
            if need > args.max_gb * 1e9:
                csv.note(f"skip torch batch {b} {w}x{h}: needs ~{need / 1e9:.1f} GB > {args.max_gb} GB")
                continue
            log(f"torch: batch {b} {w}x{h}")
            try:
                bench_torch_combo(torch, F, InterpolationMode, args, csv, dev, b, w, h, reps)
            except torch.cuda.OutOfMemoryError as e:
                csv.note(f"torch batch {b} {w}x{h}: out of memory ({str(e).splitlines()[0]})")
            finally:
                torch.cuda.empty_cache()


PREPROCESS_BATCHES = [1, 2, 4, 8]


def bench_torch_preprocess(torch, F, IM, args, csv, dev):
    """One image's pre-processing latency (cvj's PreprocessLatencyGpuMain): 640x480 RGB U8 NHWC -> resize the
    shorter side to 256 (bilinear, no antialias) -> centre crop 224 -> F32 scaled to [0,1], normalize (ImageNet
    mean/std) -> contiguous NCHW, batches 1, 2, 4, 8; eager (peer torch) and through torch.compile (peer
    torch_compile, skipped with a note when it fails here)."""
    reps = max(args.reps, 50)
    g = torch.Generator(device=dev)
    g.manual_seed(1234)

    def chain(x):
        y = F.resize(x.permute(0, 3, 1, 2), [256], interpolation=IM.BILINEAR, antialias=False)
        y = F.center_crop(y, [224, 224])
        y = F.to_dtype(y, torch.float32, scale=True)
        return F.normalize(y, MEAN, STD).contiguous()

    compiled = None
    try:
        compiled = torch.compile(chain)
    except Exception as e:  # noqa: BLE001 - torch.compile may be missing or broken here
        csv.note(f"torch.compile unavailable ({e.__class__.__name__}: {e}); torch_compile preprocess rows skipped")
    for b in PREPROCESS_BATCHES:
        inputs = [torch.randint(0, 256, (b, 480, 640, 3), dtype=torch.uint8, device=dev, generator=g) for _ in range(SETS)]
        bytes_ = b * 480 * 640 * 3 + b * 3 * 224 * 224 * 4
        for peer, fn in (("torch", chain), ("torch_compile", compiled)):
            if fn is None:
                continue
            try:
                for i in range(20):  # torch.compile compiles on the first calls (and per batch size)
                    fn(inputs[i % SETS])
                ms, q, x = time_cuda(torch, fn, inputs, reps)
                csv.line(f"{peer},preprocess_224,{b},640x480,{ms:.4f},,,{bytes_},{q:.4f},{x}")
            except Exception as e:  # noqa: BLE001
                csv.note(f"{peer} preprocess_224 batch {b} failed ({e.__class__.__name__}: {str(e).splitlines()[0]})")
                if peer == "torch_compile":
                    compiled = None
        del inputs
    torch.cuda.empty_cache()


def bench_torch_combo(torch, F, IM, args, csv, dev, b, w, h, reps):
    g = torch.Generator(device=dev)
    g.manual_seed(1234)
    nhwc = [torch.randint(0, 256, (b, h, w, 3), dtype=torch.uint8, device=dev, generator=g) for _ in range(SETS)]

    def run(op, fn, inputs):
        if wanted(args, op):
            csv.row("torch", op, b, w, h, *time_cuda(torch, fn, inputs, reps))

    run("reformat_nhwc_nchw", lambda x: x.permute(0, 3, 1, 2).contiguous(), nhwc)
    run("convert_u8_f32", lambda x: F.to_dtype(x, torch.float32, scale=True), nhwc)

    run("swap_rgb_bgr", lambda x: x.flip(-1), nhwc)
    frames = [list(x.unbind(0)) for x in nhwc]  # separate HWC frames (views), as decoded frames come
    run("stack", lambda fr: torch.stack(fr), frames)
    cx, cy = (w - 224) // 2, (h - 224) // 2
    run("custom_crop_224", lambda x: x[:, cy:cy + 224, cx:cx + 224, :].contiguous(), nhwc)

    def chain(fr):
        x = torch.stack(fr)
        y = F.resize(x.permute(0, 3, 1, 2), [224, 224], interpolation=IM.BILINEAR, antialias=False)
        y = F.to_dtype(y, torch.float32, scale=True)
        return F.normalize(y, MEAN, STD).contiguous()

    if wanted(args, "classify_chain"):
        ms, q, x = time_cuda(torch, chain, frames, reps)
        csv.row("torch", "classify_chain", b, w, h, ms, q, x)
        csv.row("torch", "classify_chain_imgs_per_s", b, w, h, b / (ms / 1e3), b / (q / 1e3), x)
    del frames

    nchw = [x.permute(0, 3, 1, 2).contiguous() for x in nhwc]
    del nhwc
    run("flip_horizontal", lambda x: F.horizontal_flip(x), nchw)
    run("rgb_to_gray", lambda x: F.rgb_to_grayscale(x), nchw)
    run("resize_linear_224", lambda x: F.resize(x, [224, 224], interpolation=IM.BILINEAR, antialias=False), nchw)
    run("resize_nearest_224", lambda x: F.resize(x, [224, 224], interpolation=IM.NEAREST), nchw)
    run("resize_cubic_224", lambda x: F.resize(x, [224, 224], interpolation=IM.BICUBIC, antialias=False), nchw)
    run("copy_make_border_16", lambda x: F.pad(x, [16, 16, 16, 16], fill=0, padding_mode="constant"), nchw)
    run("rccr_224_f32_nchw", lambda x: F.to_dtype(F.resize(x, [224, 224], interpolation=IM.BILINEAR, antialias=False),
                                                  torch.float32, scale=True).contiguous(), nchw)
    run("cfnr_224_f32_nchw", lambda x: F.normalize(F.to_dtype(F.horizontal_flip(
        x[:, :, cy:cy + 224, cx:cx + 224]), torch.float32, scale=True), MEAN, STD).contiguous(), nchw)

    if fw_in_grid(b, w, h):
        bench_torch_filters_warps(F, IM, run, nchw, w, h)
        bench_torch_photometric(torch, F, IM, args, csv, run, nchw, dev, w, h)
        bench_cupy(torch, args, csv, [x.permute(0, 2, 3, 1) for x in nchw], b, w, h, reps)

    if wanted(args, "normalize_f32"):
        f = [F.to_dtype(x, torch.float32, scale=True) for x in nchw]
        del nchw
        run("normalize_f32", lambda x: F.normalize(x, MEAN, STD), f)
        del f


def bench_torch_filters_warps(F, IM, run, nchw, w, h):
    """torchvision's warps and Gaussian blur with the parameters of cvj's rows (U8 NCHW, bilinear, fill 0)."""
    run("warp_affine_linear", lambda x: F.affine(x, angle=-FW_ANGLE, translate=[0, 0], scale=FW_SCALE, shear=[0.0, 0.0],
                                                 interpolation=IM.BILINEAR), nchw)
    m = fw_perspective(w, h)
    start = [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]]
    end = [[(m[0][0] * x + m[0][1] * y + m[0][2]) / (m[2][0] * x + m[2][1] * y + m[2][2]),
            (m[1][0] * x + m[1][1] * y + m[1][2]) / (m[2][0] * x + m[2][1] * y + m[2][2])] for x, y in start]
    run("warp_perspective_linear", lambda x: F.perspective(x, start, end, interpolation=IM.BILINEAR), nchw)
    run("rotate_linear", lambda x: F.rotate(x, FW_ANGLE, interpolation=IM.BILINEAR), nchw)
    run("gaussian_7x7", lambda x: F.gaussian_blur(x, [7, 7], [FW_SIGMA, FW_SIGMA]), nchw)


def bench_torch_photometric(torch, F, IM, args, csv, run, nchw, dev, w, h):
    """torchvision's photometric, statistics and training-resize ops with the parameters of cvj's rows (PhotometricRows
    and the rows of the same names; the module docstring lists them), on U8 NCHW unless noted."""
    run("adjust_brightness", lambda x: F.adjust_brightness(x, PM_BRIGHTNESS), nchw)
    run("adjust_contrast", lambda x: F.adjust_contrast(x, PM_CONTRAST), nchw)
    run("gamma_contrast", lambda x: F.adjust_gamma(x, PM_GAMMA), nchw)
    ey, ex = (h - ERASE) // 2, (w - ERASE) // 2
    zero = torch.zeros((), dtype=torch.uint8, device=dev)
    run("erase", lambda x: F.erase(x, ey, ex, ERASE, ERASE, zero), nchw)
    run("erase_inplace", lambda x: F.erase(x, ey, ex, ERASE, ERASE, zero, inplace=True), nchw)
    if wanted(args, "gaussian_noise") and not hasattr(F, "gaussian_noise"):
        csv.note("torchvision has no gaussian_noise (it came in 0.19); the torch gaussian_noise rows are skipped")
    elif wanted(args, "gaussian_noise"):
        f32 = [F.to_dtype(x, torch.float32, scale=True) for x in nchw]  # F32 [0, 1] NCHW, made outside the timing
        run("gaussian_noise", lambda x: F.gaussian_noise(x, mean=0.0, sigma=NOISE_SIGMA, clip=True), f32)
        del f32
    gray = [x[:, 1:2].contiguous() for x in nchw]  # 1-channel images (N, 1, H, W), made outside the timing
    run("histogram", lambda x: [torch.histc(x[i], bins=256, min=0, max=255) for i in range(x.shape[0])], gray)
    run("histogram_eq", lambda x: F.equalize(x), gray)

    def min_max_loc(x):
        flat = x.flatten(1)
        return torch.aminmax(flat, dim=1), flat.argmin(dim=1), flat.argmax(dim=1)

    run("min_max_loc", min_max_loc, gray)
    del gray
    if w > 224:  # the training resizes shrink 1920x1080 to 224x224
        run("hq_resize_224", lambda x: F.resize(x, [224, 224], interpolation=IM.BILINEAR, antialias=True), nchw)
    from torchvision.transforms import v2
    crop = v2.RandomResizedCrop(224, antialias=True)
    run("random_resized_crop_224", lambda x: torch.stack([crop(x[i]) for i in range(x.shape[0])]), nchw)


def bench_cupy(torch, args, csv, nhwc, b, w, h, reps):
    """CuPy (cupyx.scipy.ndimage) on torch's NHWC U8 tensors, on torch's current stream (so torch's events time it)."""
    try:
        import cupy as cp
        import cupyx.scipy.ndimage as ndi
        import numpy as np
    except Exception as e:  # noqa: BLE001 - any import failure means "not here"
        csv.note(f"cupy missing ({e.__class__.__name__}: {e}); cupy peers skipped")
        return
    with cp.cuda.ExternalStream(torch.cuda.current_stream().cuda_stream):
        bench_cupy_ops(torch, cp, ndi, np, args, csv, nhwc, b, w, h, reps)
    cp.get_default_memory_pool().free_all_blocks()


def bench_cupy_ops(torch, cp, ndi, np, args, csv, nhwc, b, w, h, reps):
    sets = [cp.asarray(x) for x in nhwc]

    def run(op, fn, inputs):
        if wanted(args, op):
            csv.row("cupy", op, b, w, h, *time_cuda(torch, fn, inputs, reps))

    def inverse(m3):  # dst (x, y) -> src (x, y) as a (row, col) homogeneous matrix over (n, y, x, c)
        inv = np.linalg.inv(np.array(m3, dtype=np.float64))
        out = np.eye(5)
        for i, r in ((1, 1), (2, 0)):
            out[i, 1], out[i, 2], out[i, 4] = inv[r, 1], inv[r, 0], inv[r, 2]
        return cp.asarray(out)

    a = fw_affine(w, h)
    affine = inverse([a[0], a[1], [0, 0, 1]])
    run("warp_affine_linear", lambda x: ndi.affine_transform(x, affine, order=1, mode="constant", cval=0), sets)
    run("rotate_linear", lambda x: ndi.rotate(x, FW_ANGLE, axes=(2, 1), reshape=False, order=1, mode="constant",
                                              cval=0), sets)

    def remap_coords(sx, sy):  # (3, h, w, 3) source coordinates of one image for map_coordinates
        c = cp.arange(3, dtype=cp.float32)
        shape = (h, w, 3)
        return cp.stack([cp.broadcast_to(sy[:, :, None], shape), cp.broadcast_to(sx[:, :, None], shape),
                         cp.broadcast_to(c[None, None, :], shape)])

    yy, xx = cp.meshgrid(cp.arange(h, dtype=cp.float32), cp.arange(w, dtype=cp.float32), indexing="ij")
    inv = cp.asarray(np.linalg.inv(np.array(fw_perspective(w, h))), dtype=cp.float32)
    d = inv[2, 0] * xx + inv[2, 1] * yy + inv[2, 2]
    persp = remap_coords((inv[0, 0] * xx + inv[0, 1] * yy + inv[0, 2]) / d, (inv[1, 0] * xx + inv[1, 1] * yy + inv[1, 2]) / d)
    remap = remap_coords(FW_SCALE * xx + 0.05 * w, FW_SCALE * yy + 0.05 * h)
    del yy, xx, d

    def per_image(coords):
        return lambda x: [ndi.map_coordinates(x[i], coords, order=1, mode="constant", cval=0) for i in range(x.shape[0])]

    run("warp_perspective_linear", per_image(persp), sets)
    run("remap_linear", per_image(remap), sets)
    del persp, remap
    nearest = dict(mode="nearest")
    run("gaussian_7x7", lambda x: ndi.gaussian_filter(x, sigma=(0, FW_SIGMA, FW_SIGMA, 0), truncate=3 / FW_SIGMA,
                                                      **nearest), sets)
    run("box_5x5", lambda x: ndi.uniform_filter(x, size=(1, 5, 5, 1), **nearest), sets)
    lap = cp.asarray(np.array(LAPLACIAN_3, dtype=np.float32).reshape(1, 3, 3, 1))
    run("laplacian_3x3", lambda x: ndi.convolve(x, lap, **nearest), sets)
    conv = cp.asarray((np.array(CONV_WEIGHTS, dtype=np.float32) / sum(CONV_WEIGHTS)).reshape(1, 5, 5, 1))
    run("conv2d_5x5", lambda x: ndi.convolve(x, conv, **nearest), sets)
    run("erode_3x3", lambda x: ndi.grey_erosion(x, size=(1, 3, 3, 1), **nearest), sets)
    run("dilate_3x3", lambda x: ndi.grey_dilation(x, size=(1, 3, 3, 1), **nearest), sets)
    run("median_5x5", lambda x: ndi.median_filter(x, size=(1, 5, 5, 1), **nearest), sets)
    gray = [cp.ascontiguousarray(x[..., 1]) for x in sets]  # 1-channel images, made outside the timing
    run("adaptive_threshold_11", lambda x: cp.where(
        x > ndi.uniform_filter(x.astype(cp.float32), size=(1, 11, 11), **nearest) - 2, 255, 0).astype(cp.uint8), gray)
    run("threshold_binary", lambda x: cp.where(x > 127, 255, 0).astype(cp.uint8), gray)


def read_sizes(path):
    """The (W, H) pairs of the sizes file: one 'W H' a line; blank lines and lines starting with '#' skipped.
    A missing file or a bad line ends the run at once, naming it."""
    sizes = []
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError as e:
        sys.exit(f"torch_ops.py: cannot read the varshape sizes file {path} ({e.strerror}); pass --varshape-sizes FILE")
    for no, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        wh = line.split()
        if len(wh) != 2 or not all(v.isdigit() and int(v) > 0 for v in wh):
            sys.exit(f"torch_ops.py: {path} line {no}: '{line}' is not 'W H' with two positive whole numbers")
        sizes.append((int(wh[0]), int(wh[1])))
    if not sizes:
        sys.exit(f"torch_ops.py: {path} has no 'W H' line")
    return sizes


def bench_torch_varshape(torch, F, IM, args, csv, dev, sizes, reps):
    """torchvision on images of different sizes: resize each (a Python loop), then stack; and the whole
    classification pre-processing on them. Each image is its own HWC U8 CUDA tensor, seen as CHW (a view)."""
    g = torch.Generator(device=dev)
    g.manual_seed(1234)
    sets = [[torch.randint(0, 256, (h, w, 3), dtype=torch.uint8, device=dev, generator=g).permute(2, 0, 1)
             for (w, h) in sizes] for _ in range(SETS)]
    n = len(sizes)

    def resize_all(images):
        return torch.stack([F.resize(x, [224, 224], interpolation=IM.BILINEAR, antialias=False) for x in images])

    def preprocess(images):
        y = F.to_dtype(resize_all(images), torch.float32, scale=True)
        return F.normalize(y, MEAN, STD).contiguous()

    for op, fn in (("resize_varshape_224", resize_all), ("preprocess_varshape_224", preprocess)):
        if wanted(args, op):
            csv.labelled_row("torch", op, n, VARSHAPE_LABEL, *time_cuda(torch, fn, sets, reps))


# ----------------------------------------------------------------------------------------------- OpenCV
def time_cpu(fn, x, reps):
    for _ in range(WARMUP):
        fn(x)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn(x)
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def bench_cv2(args, csv):
    try:
        import cv2
        import numpy as np
    except Exception as e:  # noqa: BLE001
        csv.note(f"cv2/numpy missing ({e.__class__.__name__}: {e}); OpenCV peers skipped")
        return
    log(f"OpenCV {cv2.__version__}, {cv2.getNumThreads()} threads")
    csv.line(f"# opencv {cv2.__version__} threads {cv2.getNumThreads()} (CPU, one image per call)")
    mean = np.array(MEAN, dtype=np.float32)
    std = np.array(STD, dtype=np.float32)
    rng = np.random.default_rng(1234)
    sizes = SIZES if not args.quick else [(1920, 1080)]
    for (w, h) in sizes:
        img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)

        def chain(x):
            y = cv2.resize(x, (224, 224), interpolation=cv2.INTER_LINEAR)
            y = (y.astype(np.float32) * (1.0 / 255.0) - mean) / std
            return np.ascontiguousarray(y.transpose(2, 0, 1))

        ops = [
            ("resize_linear_224", lambda x: cv2.resize(x, (224, 224), interpolation=cv2.INTER_LINEAR)),
            ("resize_area_224", lambda x: cv2.resize(x, (224, 224), interpolation=cv2.INTER_AREA)),
            ("resize_nearest_224", lambda x: cv2.resize(x, (224, 224), interpolation=cv2.INTER_NEAREST)),
            ("rgb_to_gray", lambda x: cv2.cvtColor(x, cv2.COLOR_RGB2GRAY)),
            ("swap_rgb_bgr", lambda x: cv2.cvtColor(x, cv2.COLOR_RGB2BGR)),
            ("flip_horizontal", lambda x: cv2.flip(x, 1)),
            ("convert_u8_f32", lambda x: x.astype(np.float32) * (1.0 / 255.0)),
            ("resize_cubic_224", lambda x: cv2.resize(x, (224, 224), interpolation=cv2.INTER_CUBIC)),
            ("copy_make_border_16", lambda x: cv2.copyMakeBorder(x, 16, 16, 16, 16, cv2.BORDER_CONSTANT, value=0)),
            ("reformat_nhwc_nchw", lambda x: np.ascontiguousarray(x.transpose(2, 0, 1))),
            ("classify_chain", chain),
        ]
        if (w, h) in FW_SIZES:
            ops += cv2_filters_warps(cv2, np, w, h, np.ascontiguousarray(img[..., 1]))
            ops += cv2_photometric(cv2, np, np.ascontiguousarray(img[..., 1]), np.ascontiguousarray(img[..., :2]))
            if w > 224 and wanted(args, "pillow_resize_224"):
                bench_pillow(args, csv, img)
        nv12 = rng.integers(0, 256, (h * 3 // 2, w), dtype=np.uint8)
        if wanted(args, "nv12_to_rgb"):
            csv.row("opencv_cpu", "nv12_to_rgb", 1, w, h,
                    time_cpu(lambda x: cv2.cvtColor(x, cv2.COLOR_YUV2RGB_NV12), nv12, args.reps))
        for op, fn in ops:
            if not wanted(args, op):
                continue
            ms = time_cpu(fn, img, args.reps)
            csv.row("opencv_cpu", op, 1, w, h, ms)
            if op == "classify_chain":
                csv.row("opencv_cpu", "classify_chain_imgs_per_s", 1, w, h, 1e3 / ms)


def cv2_filters_warps(cv2, np, w, h, gray):
    """OpenCV's warps and filters with cvj's FilterWarpRows parameters; the thresholds run on `gray` (one channel)."""
    size = (w, h)
    affine = np.array(fw_affine(w, h))
    persp = np.array(fw_perspective(w, h))
    rot = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), FW_ANGLE, 1.0)
    yy, xx = np.indices((h, w), dtype=np.float32)
    mx, my = FW_SCALE * xx + 0.05 * w, FW_SCALE * yy + 0.05 * h
    conv = np.array(CONV_WEIGHTS, dtype=np.float32).reshape(5, 5) / sum(CONV_WEIGHTS)
    rect = np.ones((3, 3), np.uint8)
    rep = cv2.BORDER_REPLICATE
    return [
        ("warp_affine_linear", lambda x: cv2.warpAffine(x, affine, size, flags=cv2.INTER_LINEAR)),
        ("warp_perspective_linear", lambda x: cv2.warpPerspective(x, persp, size, flags=cv2.INTER_LINEAR)),
        ("rotate_linear", lambda x: cv2.warpAffine(x, rot, size, flags=cv2.INTER_LINEAR)),
        ("remap_linear", lambda x: cv2.remap(x, mx, my, cv2.INTER_LINEAR)),
        ("gaussian_7x7", lambda x: cv2.GaussianBlur(x, (7, 7), FW_SIGMA, borderType=rep)),
        ("box_5x5", lambda x: cv2.blur(x, (5, 5), borderType=rep)),
        ("laplacian_3x3", lambda x: cv2.Laplacian(x, -1, ksize=3, borderType=rep)),
        ("conv2d_5x5", lambda x: cv2.filter2D(x, -1, conv, borderType=rep)),
        ("erode_3x3", lambda x: cv2.erode(x, rect, borderType=rep)),
        ("dilate_3x3", lambda x: cv2.dilate(x, rect, borderType=rep)),
        ("median_5x5", lambda x: cv2.medianBlur(x, 5)),
        ("adaptive_threshold_11", lambda x: cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                                                  cv2.THRESH_BINARY, 11, 2)),
        ("threshold_binary", lambda x: cv2.threshold(gray, 127, 255, cv2.THRESH_BINARY)[1]),
        ("threshold_otsu", lambda x: cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]),
    ]


def cv2_photometric(cv2, np, gray, yuyv):
    """OpenCV's photometric ops with cvj's PhotometricRows parameters, the colour conversions, and the statistics on
    `gray` (one channel); yuyv2rgb converts `yuyv` (YUYV 4:2:2, 2 bytes a pixel)."""
    gamma = np.array([min(255, round((i / 255.0) ** PM_GAMMA * 255)) for i in range(256)], dtype=np.uint8)
    sepia = np.array(SEPIA, dtype=np.float32)

    return [
        ("brightness_contrast", lambda x: cv2.addWeighted(x, PM_ALPHA, x, 0, PM_BETA)),
        ("adjust_brightness", lambda x: cv2.convertScaleAbs(x, alpha=PM_BRIGHTNESS)),
        ("adjust_contrast", lambda x: cv2.addWeighted(x, PM_CONTRAST, x, 0, PM_CENTER * (1 - PM_CONTRAST))),
        ("gamma_contrast", lambda x: cv2.LUT(x, gamma)),
        ("color_twist", lambda x: cv2.transform(x, sepia)),
        ("histogram", lambda x: cv2.calcHist([gray], [0], None, [256], [0, 256])),
        ("histogram_eq", lambda x: cv2.equalizeHist(gray)),
        ("min_max_loc", lambda x: cv2.minMaxLoc(gray)),
        ("rgb2hls", lambda x: cv2.cvtColor(x, cv2.COLOR_RGB2HLS)),
        ("rgb2lab", lambda x: cv2.cvtColor(x, cv2.COLOR_RGB2LAB)),
        ("rgb2xyz", lambda x: cv2.cvtColor(x, cv2.COLOR_RGB2XYZ)),
        ("rgb2ycrcb", lambda x: cv2.cvtColor(x, cv2.COLOR_RGB2YCrCb)),
        ("yuyv2rgb", lambda x: cv2.cvtColor(yuyv, cv2.COLOR_YUV2RGB_YUYV)),
    ]


def bench_pillow(args, csv, img):
    """Pillow's Image.resize (BILINEAR, its antialiased filter) of one RGB image to 224x224, on one CPU core (Pillow
    resizes on the calling thread); the Image is made from the array outside the timing. ms per image."""
    try:
        from PIL import Image
    except Exception as e:  # noqa: BLE001
        csv.note(f"Pillow missing ({e.__class__.__name__}: {e}); the pillow_resize_224 row is skipped")
        return
    h, w = img.shape[:2]
    pil = Image.fromarray(img)
    csv.row("pillow", "pillow_resize_224", 1, w, h,
            time_cpu(lambda x: x.resize((224, 224), Image.BILINEAR), pil, args.reps))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", help="also write the CSV to this file")
    p.add_argument("--quick", action="store_true", help="fewer sizes and reps (smoke test)")
    p.add_argument("--reps", type=int, default=20, help="timed runs per measurement (median taken)")
    p.add_argument("--max-gb", type=float, default=20.0, help="skip torch combinations needing more GB")
    p.add_argument("--only", help="run only ops whose name contains this (or any of several, comma-separated)")
    p.add_argument("--varshape-sizes", default=VARSHAPE_SIZES_FILE,
                   help="the sizes file of the varshape rows ('W H' a line; default: bench/varshape-sizes.txt)")
    p.add_argument("--no-torch", action="store_true")
    p.add_argument("--no-cv2", action="store_true")
    args = p.parse_args()
    if args.quick:
        args.reps = min(args.reps, 5)
    # Read before any GPU work, so that a missing or bad sizes file fails at once.
    varshape_wanted = wanted(args, "resize_varshape_224") or wanted(args, "preprocess_varshape_224")
    args.varshape = read_sizes(args.varshape_sizes) if not args.no_torch and varshape_wanted else None
    csv = Csv(args.out)
    if not args.no_torch:
        bench_torch(args, csv)
    if not args.no_cv2:
        bench_cv2(args, csv)
    log("done")


if __name__ == "__main__":
    main()
