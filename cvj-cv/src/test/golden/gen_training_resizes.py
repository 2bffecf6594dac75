#!/usr/bin/env python3
"""Goldens of the training resizes: Pillow's Image.resize for PillowResize, torchvision's resize(antialias=True)
for HQResize (LINEAR, CUBIC).

Needs Pillow 10+, torch 2.x and torchvision (not OpenCV). Run:
    python3 gen_training_resizes.py <resources/golden dir>
(default: cvj-cv/src/test/resources/golden). Writes two folders, each with raw little-endian dense HWC files, a
manifest.txt and a provenance.properties (the library versions, the number of cases: the tests check both):
    pillow_resize/  <filter> <dtype> <input> <h> <w> <c> <dh> <dw> <output>
        Pillow's Image.resize((dw, dh), filter) of each channel as an 'L' (U8) or 'F' (F32) image: Pillow premultiplies
        the alpha of an RGBA image, PillowResize (as CV-CUDA's) resizes every channel on its own.
    torch_resize/   <LINEAR|CUBIC> <dtype> <input> <h> <w> <c> <dh> <dw> <output>
        torchvision.transforms.v2.functional.resize(CHW tensor, [dh, dw], BILINEAR|BICUBIC, antialias=True) of a U8
        tensor (torchvision's own rounding and clamping) and of an F32 tensor in [0, 1).
Inputs are seeded: rerunning writes the same inputs (outputs as the installed versions compute them).
"""
import os
import sys

import numpy as np
import PIL
import torch
import torchvision
from PIL import Image
from torchvision.transforms import InterpolationMode
from torchvision.transforms.v2 import functional as F

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources",
                                                          "golden")
# (h, w) -> output sizes (dh, dw): odd shrinks, enlargements, mixed, one axis unchanged, large shrink, 1 x 1
PLANS = {(19, 23): [(11, 14), (31, 41), (9, 40), (19, 7), (1, 1)],
         (64, 57): [(13, 9), (64, 80), (5, 57)],
         (1, 1): [(3, 5)]}
PILLOW_FILTERS = {"NEAREST": Image.Resampling.NEAREST, "BOX": Image.Resampling.BOX,
                  "BILINEAR": Image.Resampling.BILINEAR, "HAMMING": Image.Resampling.HAMMING,
                  "BICUBIC": Image.Resampling.BICUBIC, "LANCZOS": Image.Resampling.LANCZOS}
TORCH_FILTERS = {"LINEAR": InterpolationMode.BILINEAR, "CUBIC": InterpolationMode.BICUBIC}


def rand(rng, dtype, shape):
    if dtype == "U8":
        return rng.integers(0, 256, shape, dtype=np.uint8)
    return rng.random(shape, dtype=np.float32)


def save(folder, name, a):
    a.astype(a.dtype.newbyteorder("<")).tofile(os.path.join(folder, name))
    return name


def finish(folder, lines, versions):
    with open(os.path.join(folder, "manifest.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(folder, "provenance.properties"), "w") as f:
        f.write("# Written by cvj-cv/src/test/golden/gen_training_resizes.py with the golden files.\n")
        for k, v in versions.items():
            f.write(f"{k}={v}\n")
        f.write(f"cases={len(lines)}\n")
    print(f"{folder}: {len(lines)} cases, {versions}")


def pillow_resize(src, dh, dw, filt):
    """Each channel as its own 'L' (uint8) / 'F' (float32) image, the mode fromarray picks for a 2-D array."""
    planes = []
    for ch in range(src.shape[2]):
        im = Image.fromarray(np.ascontiguousarray(src[:, :, ch]))
        planes.append(np.asarray(im.resize((dw, dh), filt)))
    return np.stack(planes, axis=2).astype(src.dtype)


def pillow_goldens():
    folder = os.path.join(OUT, "pillow_resize")
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(20261203)
    lines = []
    for dtype, channels in (("U8", [1, 3, 4]), ("F32", [1, 3])):
        for c in channels:
            for (h, w), sizes in PLANS.items():
                src = rand(rng, dtype, (h, w, c))
                inp = save(folder, f"in_{dtype}_{h}x{w}x{c}.raw", src)
                for fname, filt in PILLOW_FILTERS.items():
                    for dh, dw in sizes:
                        out = pillow_resize(src, dh, dw, filt)
                        oname = save(folder, f"out_{fname}_{dtype}_{h}x{w}x{c}_{dh}x{dw}.raw", out)
                        lines.append(f"{fname} {dtype} {inp} {h} {w} {c} {dh} {dw} {oname}")
    finish(folder, lines, {"pillow_version": PIL.__version__})


def torch_goldens():
    folder = os.path.join(OUT, "torch_resize")
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(20261204)
    lines = []
    skipped = []
    for dtype in ("U8", "F32"):
        for c in (1, 3, 4):
            for (h, w), sizes in PLANS.items():
                src = rand(rng, dtype, (h, w, c))
                inp = save(folder, f"in_{dtype}_{h}x{w}x{c}.raw", src)
                chw = torch.from_numpy(np.ascontiguousarray(src)).permute(2, 0, 1).contiguous()
                for fname, mode in TORCH_FILTERS.items():
                    for dh, dw in sizes:
                        out = torch_resize(chw, dh, dw, mode)
                        if out is None:
                            skipped.append(f"{fname} {dtype} {h}x{w}x{c} -> {dh}x{dw}")
                            continue
                        out = out.permute(1, 2, 0).contiguous().numpy().astype(src.dtype)
                        oname = save(folder, f"out_{fname}_{dtype}_{h}x{w}x{c}_{dh}x{dw}.raw", out)
                        lines.append(f"{fname} {dtype} {inp} {h} {w} {c} {dh} {dw} {oname}")
    for case in skipped:
        print(f"torch_resize: skipped {case}: torch's CPU kernel refused it (internal assert)", file=sys.stderr)
    finish(folder, lines, {"torch_version": torch.__version__, "torchvision_version": torchvision.__version__,
                           "skipped": str(len(skipped))})


def torch_resize(chw, dh, dw, mode):
    """torchvision's resize(antialias=True) of a CHW tensor; the same on a 1 x C x H x W batch where torch's AVX U8
    kernel asserts on the 3-D tensor (a torch bug for some sizes); None when both fail (the case is left out)."""
    for attempt in (lambda: F.resize(chw, [dh, dw], interpolation=mode, antialias=True),
                    lambda: F.resize(chw.unsqueeze(0), [dh, dw], interpolation=mode, antialias=True).squeeze(0),
                    lambda: F.resize(chw.unsqueeze(0).contiguous(memory_format=torch.channels_last), [dh, dw],
                                     interpolation=mode, antialias=True).squeeze(0)):
        try:
            return attempt()
        except RuntimeError:
            pass
    return None


if __name__ == "__main__":
    pillow_goldens()
    torch_goldens()
