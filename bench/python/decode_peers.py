#!/usr/bin/env python3
"""Python peers of cvj's JPEG decode benchmarks (dev.cvj.bench.codec.DecodeBenchGpuMain), on the same files:
torchvision.io.decode_jpeg on CUDA (peer "torch") and OpenCV's imdecode on a pool of CPU threads (peer "opencv_cpu").

    python3 bench/python/decode_peers.py --images DIR [--out FILE] [--quick] [--reps 20] [--threads 16]
        [--only SUBSTR[,SUBSTR...]]

DIR is the folder cvj's benchmark wrote (its --work DIR + "/jpeg"): one sub-folder per size, 1920x1080/ and 640x480/,
each with the batch's JPEGs (img-0000.jpg, ...), read once into host memory in name order. Per size, one batch of all
of them, two workloads:
  jpeg_decode    the encoded bytes in host memory -> U8 RGB images. torch: decode_jpeg(list of uint8 CPU tensors,
                 mode=RGB, device="cuda"), one batched call, CHW images on the GPU. opencv_cpu: cv2.imdecode (RGB) of
                 each image on a ThreadPoolExecutor of --threads threads, HWC images in host memory; OpenCV's own
                 threading is off (cv2.setNumThreads(1), once: the pool is the parallelism, as in a data loader).
  jpeg_pipeline  the decode, then resize to 224x224 bilinear (no antialias), F32 scaled to [0, 1], normalized by the
                 ImageNet mean/std, NCHW. torch: v2.functional.resize per image (antialias=False), torch.stack,
                 to_dtype(float32, scale=True), normalize, contiguous, on the GPU. opencv_cpu: cv2.resize (INTER_LINEAR),
                 normalize and transpose per image on the pool's threads, then np.stack: the batch in host memory.
Timing: wall clock (time.perf_counter) around a whole batch, ending with torch.cuda.synchronize() for torch;
3 warm-up batches, then --reps timed ones (5 with --quick); median (the upper one of an even count, as cvj).
Output: CSV rows "peer,op,batch,WxH,median_ms,min_ms,max_ms,bytes,queued_ms,expired" (ms per batch; bytes: the batch's
encoded bytes; no queued figure) on stdout and in FILE, after torch_ops.py's header line; '#' lines are notes.
"""
import argparse
import os
import time

from torch_ops import Csv, log, wanted  # the CSV writer and the --only rule of the operator peers (same folder)

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
SIZES = [(1920, 1080), (640, 480)]
WARMUP = 3
DECODE = "jpeg_decode"
PIPELINE = "jpeg_pipeline"


def write_row(csv, peer, op, batch, w, h, times_ms, nbytes):
    """A row of ms per batch: median (the upper one of an even count, as cvj), fastest, slowest; the encoded bytes."""
    s = sorted(times_ms)
    csv.line(f"{peer},{op},{batch},{w}x{h},{s[len(s) // 2]:.4f},{s[0]:.4f},{s[-1]:.4f},{nbytes},,")


def read_batches(args, csv):
    """[(w, h, [bytes of each file])] of the sizes whose folder has JPEGs."""
    batches = []
    for (w, h) in SIZES:
        d = os.path.join(args.images, f"{w}x{h}")
        names = sorted(f for f in os.listdir(d) if f.endswith(".jpg")) if os.path.isdir(d) else []
        if not names:
            csv.note(f"no JPEGs in {d} (cvj's DecodeBenchGpuMain writes them): {w}x{h} skipped")
            continue
        data = []
        for n in names:
            with open(os.path.join(d, n), "rb") as f:
                data.append(f.read())
        batches.append((w, h, data))
    return batches


def time_wall(fn, reps, sync=None):
    """Wall-clock ms of fn() (then sync()) over reps runs, after WARMUP runs."""
    times = []
    for r in range(-WARMUP, reps):
        t0 = time.perf_counter()
        fn()
        if sync:
            sync()
        if r >= 0:
            times.append((time.perf_counter() - t0) * 1e3)
    return times


def bench_torch(args, csv, batches):
    try:
        import torch
        import torchvision
        from torchvision.io import ImageReadMode, decode_jpeg
        import torchvision.transforms.v2.functional as F
        from torchvision.transforms import InterpolationMode
    except Exception as e:  # noqa: BLE001 - any import failure means "not here"
        csv.note(f"torch/torchvision missing ({e.__class__.__name__}: {e}); torch peer skipped")
        return
    if not torch.cuda.is_available():
        csv.note("torch has no CUDA device here; torch peer skipped")
        return
    csv.line(f"# torch {torch.__version__} torchvision {torchvision.__version__} cuda {torch.version.cuda} "
             f"device {torch.cuda.get_device_name(0)}: decode_jpeg(list, device='cuda')")
    for (w, h, data) in batches:
        encoded = [torch.frombuffer(bytearray(b), dtype=torch.uint8) for b in data]
        nbytes = sum(len(b) for b in data)

        def decode():
            return decode_jpeg(encoded, mode=ImageReadMode.RGB, device="cuda")

        def pipeline():
            images = decode()
            x = torch.stack([F.resize(i, [224, 224], interpolation=InterpolationMode.BILINEAR, antialias=False)
                             for i in images])
            x = F.to_dtype(x, torch.float32, scale=True)
            return F.normalize(x, MEAN, STD).contiguous()

        for op, fn in ((DECODE, decode), (PIPELINE, pipeline)):
            if not wanted(args, op):
                continue
            log(f"torch: {op} {w}x{h}")
            try:
                write_row(csv, "torch", op, len(data), w, h, time_wall(fn, args.reps, torch.cuda.synchronize), nbytes)
            except Exception as e:  # noqa: BLE001 - one failing row must not cost the rest
                csv.note(f"torch {op} {w}x{h} failed: {e.__class__.__name__}: {str(e).splitlines()[0] if str(e) else ''}")
            finally:
                torch.cuda.empty_cache()


def bench_cv2(args, csv, batches):
    try:
        import cv2
        import numpy as np
    except Exception as e:  # noqa: BLE001
        csv.note(f"cv2/numpy missing ({e.__class__.__name__}: {e}); OpenCV peer skipped")
        return
    from concurrent.futures import ThreadPoolExecutor
    cv2.setNumThreads(1)  # the pool is the parallelism; OpenCV's own threads would oversubscribe the cores
    rgb_flag = getattr(cv2, "IMREAD_COLOR_RGB", None)
    csv.line(f"# opencv {cv2.__version__}: imdecode on {args.threads} Python threads, cv2.setNumThreads(1), "
             f"{'IMREAD_COLOR_RGB' if rgb_flag is not None else 'IMREAD_COLOR + cvtColor BGR2RGB'}; CPU, host memory")
    mean = np.array(MEAN, dtype=np.float32)
    inv_std = 1.0 / np.array(STD, dtype=np.float32)

    def decode_one(b):
        a = np.frombuffer(b, dtype=np.uint8)
        if rgb_flag is not None:
            return cv2.imdecode(a, rgb_flag)
        return cv2.cvtColor(cv2.imdecode(a, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)

    def preprocess_one(b):
        y = cv2.resize(decode_one(b), (224, 224), interpolation=cv2.INTER_LINEAR)
        y = (y.astype(np.float32) * (1.0 / 255.0) - mean) * inv_std
        return y.transpose(2, 0, 1)

    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        for (w, h, data) in batches:
            nbytes = sum(len(b) for b in data)
            ops = ((DECODE, lambda: list(pool.map(decode_one, data))),
                   (PIPELINE, lambda: np.stack(list(pool.map(preprocess_one, data)))))
            for op, fn in ops:
                if not wanted(args, op):
                    continue
                log(f"opencv_cpu: {op} {w}x{h}")
                try:
                    write_row(csv, "opencv_cpu", op, len(data), w, h, time_wall(fn, args.reps), nbytes)
                except Exception as e:  # noqa: BLE001
                    csv.note(f"opencv_cpu {op} {w}x{h} failed: {e.__class__.__name__}: {e}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--images", required=True, help="the folder of WxH/ sub-folders that cvj's benchmark wrote")
    p.add_argument("--out", help="also write the CSV to this file")
    p.add_argument("--quick", action="store_true", help="fewer reps (smoke test)")
    p.add_argument("--reps", type=int, default=20, help="timed batches per measurement (median taken)")
    p.add_argument("--threads", type=int, default=16, help="OpenCV's decoding threads")
    p.add_argument("--only", help="run only rows whose name contains this (or any of several, comma-separated)")
    p.add_argument("--no-torch", action="store_true")
    p.add_argument("--no-cv2", action="store_true")
    args = p.parse_args()
    if args.quick:
        args.reps = min(args.reps, 5)
    csv = Csv(args.out)
    batches = read_batches(args, csv)
    if not args.no_torch:
        bench_torch(args, csv, batches)
    if not args.no_cv2:
        bench_cv2(args, csv, batches)
    log("done")


if __name__ == "__main__":
    main()
