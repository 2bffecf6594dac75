#!/usr/bin/env python3
"""OpenCV goldens of the histogram and local thresholds: Threshold.thresholdAuto (cv2.threshold with THRESH_OTSU or
THRESH_TRIANGLE) and AdaptiveThreshold (cv2.adaptiveThreshold).

Run with OpenCV 4.x (written with 4.6): /usr/bin/python3 gen_threshold.py <resources/golden dir>
Each op gets <dir>/<op>/manifest.txt (one case per line: `name key=value ...`), provenance.properties (the OpenCV
version, the number of cases) and raw <name>.in / <name>.out files (dense HWC U8, one channel).
Inputs are seeded: the script is deterministic.
"""
import os
import sys

import cv2
import numpy as np

from gen_pixel_ops import Writer  # writes under the OUT given to this script too: sys.argv[1]

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "resources", "golden")
rng = np.random.default_rng(20261203)
SCRIPT = "gen_threshold.py"
RULES = {"BINARY": cv2.THRESH_BINARY, "BINARY_INV": cv2.THRESH_BINARY_INV, "TRUNC": cv2.THRESH_TRUNC,
         "TOZERO": cv2.THRESH_TOZERO, "TOZERO_INV": cv2.THRESH_TOZERO_INV}


def histogram_images():
    # Histograms of different shapes: uniform, two modes, one narrow peak left or right (the triangle method's two
    # directions), a constant image, two values, a 1x1 image, only 0 or only 255, and a larger image.
    def clip(a):
        return np.clip(np.rint(a), 0, 255).astype(np.uint8)

    yield "uniform", rng.integers(0, 256, (23, 31)).astype(np.uint8)
    yield "bimodal", clip(np.where(rng.random((40, 37)) < 0.4, rng.normal(60, 15, (40, 37)), rng.normal(180, 25, (40, 37))))
    yield "peak_left", clip(np.abs(rng.normal(20, 8, (33, 29))) + rng.exponential(40, (33, 29)) * (rng.random((33, 29)) < 0.3))
    yield "peak_right", clip(255 - np.abs(rng.normal(20, 8, (33, 29))) - rng.exponential(40, (33, 29)) * (rng.random((33, 29)) < 0.3))
    yield "constant", np.full((7, 9), 113, np.uint8)
    yield "zeros", np.zeros((5, 6), np.uint8)
    yield "full", np.full((5, 6), 255, np.uint8)
    yield "two_values", np.where(rng.random((11, 13)) < 0.3, 40, 200).astype(np.uint8)
    yield "one_pixel", np.array([[77]], np.uint8)
    yield "narrow", clip(rng.normal(128, 2, (17, 19)))
    yield "large", clip(np.where(rng.random((120, 161)) < 0.7, rng.normal(90, 30, (120, 161)), rng.normal(220, 10, (120, 161))))


def threshold_auto():
    # cv2.threshold(src, 0, maxval, rule | OTSU or TRIANGLE) on every image and rule, with a few maxvals (rounded,
    # saturated); the manifest records OpenCV's computed level.
    w = Writer("threshold_auto", SCRIPT)
    i = 0
    maxvals = [255, 127.5, 300, 1.5, -3]
    for name, src in histogram_images():
        for method, flag in (("OTSU", cv2.THRESH_OTSU), ("TRIANGLE", cv2.THRESH_TRIANGLE)):
            for k, (rule, code) in enumerate(RULES.items()):
                maxval = maxvals[(i + k) % len(maxvals)]
                level, out = cv2.threshold(src, 0, maxval, code | flag)
                h, wd = src.shape
                w.case(f"ta{i}", src, out, image=name, h=h, w=wd, method=method, type=rule, maxval=repr(float(maxval)),
                       level=int(level))
                i += 1
    w.close()


def adaptive_threshold():
    # cv2.adaptiveThreshold for both methods and rules: block sizes from 3 to larger than the image, C positive,
    # negative and fractional (ceil for BINARY, floor for BINARY_INV), maxValue rounded, saturated and negative.
    w = Writer("adaptive_threshold", SCRIPT)
    methods = {"MEAN_C": cv2.ADAPTIVE_THRESH_MEAN_C, "GAUSSIAN_C": cv2.ADAPTIVE_THRESH_GAUSSIAN_C}
    rules = {"BINARY": cv2.THRESH_BINARY, "BINARY_INV": cv2.THRESH_BINARY_INV}
    params = [(3, 0, 255), (5, 2, 255), (7, -3, 200.5), (11, 2.5, 255), (3, -0.5, 127.5), (15, 7.7, 300),
              (31, 1, 255), (9, 0, -1), (21, -10.2, 1.5), (5, 255, 255), (3, -255, 255), (13, 5, 0.5)]
    shapes = [(24, 33), (1, 1), (7, 5), (40, 29), (2, 17)]
    i = 0
    for mname, method in methods.items():
        for rname, rule in rules.items():
            for k, (block, c, maxval) in enumerate(params):
                h, wd = shapes[k % len(shapes)]
                if k % 3 == 0:
                    src = rng.integers(0, 256, (h, wd)).astype(np.uint8)
                else:  # a smooth gradient with noise: local means that matter
                    yy, xx = np.mgrid[0:h, 0:wd]
                    src = np.clip(np.rint(40 + 3 * xx + 2 * yy + rng.normal(0, 12, (h, wd))), 0, 255).astype(np.uint8)
                out = cv2.adaptiveThreshold(src, maxval, method, rule, block, c)
                w.case(f"at{i}", src, out, h=h, w=wd, method=mname, type=rname, block=block, C=repr(float(c)),
                       maxval=repr(float(maxval)))
                i += 1
    w.close()


if __name__ == "__main__":
    threshold_auto()
    adaptive_threshold()
