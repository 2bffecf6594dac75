#!/usr/bin/env python3
"""OpenCV goldens of the image statistics: Histogram (cv2.calcHist, 256 bins per channel, with and without a mask),
HistogramEq (cv2.equalizeHist channel by channel) and MinMaxLoc (cv2.minMaxLoc: values and first locations).

Run with OpenCV 4.x (written with 4.6): /usr/bin/python3 gen_statistics.py <resources/golden dir>
Each op gets <dir>/<op>/manifest.txt (one case per line: `name key=value ...`), provenance.properties (the OpenCV
version, the number of cases) and raw files: <name>.in (dense HWC), histogram's <name>.mask (U8, one channel) and
<name>.out (S32 [256, C]), histogram_eq's <name>.out (U8, src's shape); min_max_loc's results are in its manifest.
Inputs are seeded: the script is deterministic.
"""
import os
import sys

import cv2
import numpy as np

from gen_pixel_ops import Writer  # writes under the OUT given to this script too: sys.argv[1]

rng = np.random.default_rng(20261204)
SCRIPT = "gen_statistics.py"


def images(c):
    # Uniform noise, a narrow peak, a constant image, two values, a 1x1 image, only 0 or 255, a dark skewed image.
    def clip(a):
        return np.clip(np.rint(a), 0, 255).astype(np.uint8)

    shape = lambda h, w: (h, w, c)
    yield "uniform", rng.integers(0, 256, shape(23, 31)).astype(np.uint8)
    yield "narrow", clip(rng.normal(128, 3, shape(17, 19)))
    yield "constant", np.full(shape(7, 9), 113, np.uint8)
    yield "two_values", np.where(rng.random(shape(11, 13)) < 0.3, 40, 200).astype(np.uint8)
    yield "one_pixel", rng.integers(0, 256, shape(1, 1)).astype(np.uint8)
    yield "zeros", np.zeros(shape(5, 6), np.uint8)
    yield "full", np.full(shape(5, 6), 255, np.uint8)
    yield "dark", clip(rng.exponential(12, shape(37, 41)))
    yield "large", clip(np.where(rng.random(shape(60, 81)) < 0.7, rng.normal(90, 30, shape(60, 81)),
                                 rng.normal(220, 10, shape(60, 81))))


def histogram():
    # cv2.calcHist of each channel over [0, 256) in 256 bins; every image with no mask and with a random mask.
    w = Writer("histogram", SCRIPT)
    i = 0
    for c in (1, 3, 4):
        for name, src in images(c):
            h, wd = src.shape[:2]
            for masked in (False, True):
                mask = (rng.random((h, wd)) < 0.6).astype(np.uint8) * rng.integers(1, 256, (h, wd)).astype(np.uint8) \
                    if masked else None
                out = np.stack([cv2.calcHist([src], [k], mask, [256], [0, 256])[:, 0] for k in range(c)], axis=1)
                out = np.rint(out).astype(np.int32)
                if masked:
                    mask.tofile(os.path.join(w.dir, f"h{i}.mask"))
                w.case(f"h{i}", src, out, image=name, h=h, w=wd, c=c, mask=str(masked).lower())
                i += 1
    w.close()


def histogram_eq():
    # cv2.equalizeHist of each channel on its own (OpenCV takes one channel).
    w = Writer("histogram_eq", SCRIPT)
    i = 0
    for c in (1, 2, 3, 4):
        for name, src in images(c):
            out = np.stack([cv2.equalizeHist(np.ascontiguousarray(src[:, :, k])) for k in range(c)], axis=2)
            h, wd = src.shape[:2]
            w.case(f"he{i}", src, out, image=name, h=h, w=wd, c=c)
            i += 1
    w.close()


def min_max_loc():
    # cv2.minMaxLoc of single-channel images of every type: the values, the first location of each in row-major
    # order (OpenCV's rule), and (numpy) how many pixels hold each.
    w = Writer("min_max_loc", SCRIPT)
    types = {"U8": np.uint8, "S8": np.int8, "U16": np.uint16, "S16": np.int16, "S32": np.int32, "F32": np.float32}
    shapes = [(1, 1), (7, 5), (23, 31), (2, 300), (64, 3)]
    i = 0
    for tname, t in types.items():
        for k, (h, wd) in enumerate(shapes):
            for ties in (False, True):
                if t == np.float32:
                    src = (rng.standard_normal((h, wd)) * 1000).astype(np.float32)
                else:
                    info = np.iinfo(t)
                    src = rng.integers(info.min, info.max, (h, wd), endpoint=True).astype(t)
                if ties:  # few values: many minima and maxima
                    src = (src % 3 if t != np.float32 else np.rint(src) % 3).astype(t)
                mn, mx, mnl, mxl = cv2.minMaxLoc(src)
                num_min, num_max = int((src == src.min()).sum()), int((src == src.max()).sum())
                w.case(f"mml{i}", src, np.zeros(0, np.uint8), dtype=tname, h=h, w=wd, min=repr(float(mn)),
                       max=repr(float(mx)), min_x=mnl[0], min_y=mnl[1], max_x=mxl[0], max_y=mxl[1], num_min=num_min,
                       num_max=num_max)
                i += 1
    w.close()


if __name__ == "__main__":
    histogram()
    histogram_eq()
    min_max_loc()
