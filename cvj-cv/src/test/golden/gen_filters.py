#!/usr/bin/env python3
"""OpenCV goldens of the linear filters: BoxFilter / AverageBlur (cv2.boxFilter, cv2.blur), GaussianBlur, Conv2D
(cv2.filter2D) and Laplacian.

Run with OpenCV 4.x (written with 4.6): /usr/bin/python3 gen_filters.py <resources/golden dir>
Each op gets <dir>/<op>/manifest.txt (one case per line: `name key=value ...`), provenance.properties (the OpenCV
version, the number of cases) and raw little-endian <name>.in / <name>.out files (dense HWC, the dtype of the line).
Inputs are seeded: the script is deterministic.
"""
import os
import sys

import cv2
import numpy as np

from gen_pixel_ops import Writer  # writes under the OUT given to this script too: sys.argv[1]

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "resources", "golden")
rng = np.random.default_rng(20241203)
NP = {"U8": np.uint8, "U16": np.uint16, "S16": np.int16, "F32": np.float32}
CV = {"U8": cv2.CV_8U, "U16": cv2.CV_16U, "S16": cv2.CV_16S, "F32": cv2.CV_32F}
BORDERS = {"CONSTANT": cv2.BORDER_CONSTANT, "REPLICATE": cv2.BORDER_REPLICATE, "REFLECT": cv2.BORDER_REFLECT,
           "REFLECT_101": cv2.BORDER_REFLECT_101, "WRAP": cv2.BORDER_WRAP}


def image(dtype, h, w, c):
    if dtype == "F32":
        return rng.uniform(-300, 300, (h, w, c)).astype(np.float32)
    info = np.iinfo(NP[dtype])
    return rng.integers(info.min, info.max + 1, (h, w, c)).astype(NP[dtype])


def plane(src):
    return src if src.shape[2] > 1 else src[:, :, 0]


def box_filter():
    # cv2.boxFilter (ddepth -1) and cv2.blur for every type and border but WRAP (refused): centred and corner
    # anchors, unnormalized sums (saturating), windows larger than the image, 1x1 images and windows, and a
    # 31x31 window on a larger U8 image (OpenCV's float vector path against its double scalar tail).
    w = Writer("box_filter", "gen_filters.py")
    kernels = [(3, 3, -1, -1, True), (5, 1, 0, -1, True), (4, 6, 3, 1, False), (1, 1, -1, -1, True),
               (13, 9, -1, -1, True), (2, 2, -1, -1, True), (3, 5, -1, 4, False)]
    shapes = [(7, 9), (5, 4), (1, 1), (6, 11)]
    i = 0
    for dtype in NP:
        for k, (kw, kh, ax, ay, norm) in enumerate(kernels):
            for b, (bname, code) in enumerate(list(BORDERS.items())[:4]):
                c = (1, 3, 4, 2)[(k + b) % 4]
                h, wd = shapes[(k + b) % 4]
                src = image(dtype, h, wd, c)
                blur = norm and ax == -1 and ay == -1 and (k + b) % 2 == 0
                if blur:
                    out = cv2.blur(plane(src), (kw, kh), borderType=code)
                else:
                    out = cv2.boxFilter(plane(src), -1, (kw, kh), anchor=(ax, ay), normalize=norm, borderType=code)
                w.case(f"box{i}", src, out, op="blur" if blur else "box", dtype=dtype, h=h, w=wd, c=c, kw=kw, kh=kh,
                       ax=ax, ay=ay, normalize=str(norm).lower(), border=bname)
                i += 1
    for kw, kh in ((31, 31), (25, 17)):
        src = image("U8", 40, 50, 3)
        out = cv2.blur(src, (kw, kh))
        w.case(f"box{i}", src, out, op="blur", dtype="U8", h=40, w=50, c=3, kw=kw, kh=kh, ax=-1, ay=-1,
               normalize="true", border="REFLECT_101")
        i += 1
    w.close()


def gaussian_blur():
    # cv2.GaussianBlur for every type and border (WRAP only where OpenCV takes it: U8 and U16, its fixed-point
    # path): the fixed small kernels (sigma 0, sizes 1..9), given sigmas per axis, sizes from sigma (ksize 0),
    # kernels larger than the image, 1x1 images.
    w = Writer("gaussian_blur", "gen_filters.py")
    kernels = [(3, 3, 0, 0), (5, 5, 0, 0), (7, 3, 0, 0), (9, 9, 0, 0), (1, 5, 0, 0), (5, 7, 1.2, 0),
               (11, 11, 2.0, 3.0), (0, 0, 1.5, 0), (15, 3, 0, 0), (3, 3, 0.5, 4.0), (0, 0, 0.8, 2.2)]
    shapes = [(7, 9), (5, 4), (1, 1), (12, 13), (20, 17)]
    i = 0
    for dtype in NP:
        borders = list(BORDERS.items()) if dtype in ("U8", "U16") else list(BORDERS.items())[:4]
        for k, (kw, kh, sx, sy) in enumerate(kernels):
            for b, (bname, code) in enumerate(borders):
                c = (1, 3, 4, 2)[(k + b) % 4]
                h, wd = shapes[(k + b) % 5]
                src = image(dtype, h, wd, c)
                out = cv2.GaussianBlur(plane(src), (kw, kh), sx, sigmaY=sy, borderType=code)
                w.case(f"gauss{i}", src, out, dtype=dtype, h=h, w=wd, c=c, kw=kw, kh=kh, sx=repr(float(sx)),
                       sy=repr(float(sy)), border=bname)
                i += 1
    w.close()


def conv2d():
    # cv2.filter2D (ddepth -1) for every type and border but WRAP: random kernels with zero taps (skipped as OpenCV
    # does), odd and even sizes, corner anchors, deltas, 1x1 images; kernels under OpenCV's DFT threshold (50 taps),
    # then 13x13 ones (169 taps: OpenCV's DFT path, which cvj bounds rather than matches: dft=true).
    w = Writer("conv2d", "gen_filters.py")
    kernels = [(3, 3, -1, -1), (5, 4, 0, 3), (1, 7, -1, -1), (6, 6, 5, 0), (7, 7, -1, -1), (2, 1, 1, 0)]
    shapes = [(7, 9), (5, 4), (1, 1), (12, 37)]
    i = 0
    for dtype in NP:
        for k, (kw, kh, ax, ay) in enumerate(kernels):
            for b, (bname, code) in enumerate(list(BORDERS.items())[:4]):
                c = (1, 3, 4, 2)[(k + b) % 4]
                h, wd = shapes[(k + b) % 4]
                src = image(dtype, h, wd, c)
                kern = rng.uniform(-1, 1, (kh, kw)).astype(np.float32)
                kern[rng.random((kh, kw)) < 0.25] = 0
                delta = float(np.round(rng.uniform(-20, 20), 3))
                out = cv2.filter2D(plane(src), -1, kern, anchor=(ax, ay), delta=delta, borderType=code)
                w.case(f"conv{i}", src, out, dtype=dtype, h=h, w=wd, c=c, kw=kw, kh=kh, ax=ax, ay=ay, delta=repr(delta),
                       border=bname, kernel=",".join(repr(float(v)) for v in kern.ravel()), dft="false")
                i += 1
    for dtype in ("U8", "F32"):
        src = image(dtype, 30, 41, 3)
        kern = (rng.uniform(0, 1, (13, 13)) / 60).astype(np.float32)
        out = cv2.filter2D(src, -1, kern, delta=1.5, borderType=cv2.BORDER_REFLECT_101)
        w.case(f"conv{i}", src, out, dtype=dtype, h=30, w=41, c=3, kw=13, kh=13, ax=-1, ay=-1, delta=repr(1.5),
               border="REFLECT_101", kernel=",".join(repr(float(v)) for v in kern.ravel()), dft="true")
        i += 1
    w.close()


def laplacian():
    # cv2.Laplacian, ksize 1 and 3, for every (src, ddepth) pair cvj takes and every border but WRAP, with scales
    # and deltas (fractional, negative) and 1x1 images.
    w = Writer("laplacian", "gen_filters.py")
    pairs = [("U8", "U8"), ("U8", "S16"), ("U8", "F32"), ("U16", "U16"), ("U16", "F32"), ("S16", "S16"), ("S16", "F32"),
             ("F32", "F32")]
    params = [(1, 1.0, 0.0), (3, 1.0, 0.0), (1, 0.3, 7.25), (3, 2.5, -100.0)]
    shapes = [(7, 9), (5, 4), (1, 1), (12, 13)]
    i = 0
    for sd, dd in pairs:
        for k, (ksize, scale, delta) in enumerate(params):
            for b, (bname, code) in enumerate(list(BORDERS.items())[:4]):
                c = (1, 3, 4, 2)[(k + b) % 4]
                h, wd = shapes[(k + b + i) % 4]
                src = image(sd, h, wd, c)
                out = cv2.Laplacian(plane(src), CV[dd], ksize=ksize, scale=scale, delta=delta, borderType=code)
                w.case(f"lap{i}", src, out, dtype=sd, dst=dd, h=h, w=wd, c=c, ksize=ksize, scale=repr(scale),
                       delta=repr(delta), border=bname)
                i += 1
    w.close()


if __name__ == "__main__":
    box_filter()
    gaussian_blur()
    conv2d()
    laplacian()
    print("goldens written under", os.path.abspath(OUT))
