#!/usr/bin/env python3
"""OpenCV goldens of BilateralFilter (cv2.bilateralFilter).

Run with OpenCV 4.x (written with 4.6): /usr/bin/python3 gen_bilateral.py <resources/golden dir>
Writes <dir>/bilateral_filter/manifest.txt (one case per line: `name key=value ...`), provenance.properties and raw
<name>.in / <name>.out files (dense HWC U8). Inputs are seeded: the script is deterministic.
"""
import cv2
import numpy as np

from gen_pixel_ops import Writer  # writes under the OUT given to this script too: sys.argv[1]

rng = np.random.default_rng(20261204)
BORDERS = {"CONSTANT": cv2.BORDER_CONSTANT, "REPLICATE": cv2.BORDER_REPLICATE, "REFLECT": cv2.BORDER_REFLECT,
           "WRAP": cv2.BORDER_WRAP, "REFLECT_101": cv2.BORDER_REFLECT_101}


def image(h, w, c, smooth, dtype="U8"):
    # noise, or a gradient with noise and a step edge (what the filter is for); F32 in [-50, 200] with a zero: zero
    # inside the range (OpenCV reads past its colour table where a CONSTANT border's zeros differ from a pixel by more
    # than the range allows)
    yy, xx = np.mgrid[0:h, 0:w]
    base = 30 + 2 * xx + yy + np.where(xx > w // 2, 90, 0)
    if dtype == "F32":
        a = rng.uniform(-50, 200, (h, w, c)) if not smooth else base[:, :, None] - 50 + rng.normal(0, 10, (h, w, c))
        return np.clip(a, -50, 200).astype(np.float32)
    if not smooth:
        return rng.integers(0, 256, (h, w, c)).astype(np.uint8)
    return np.clip(np.rint(base[:, :, None] + rng.normal(0, 10, (h, w, c))), 0, 255).astype(np.uint8)


def bilateral_filter():
    # U8 and F32, every border and channel count, d given (1, 5, 9, 15) or computed from sigmaSpace (d = 0, -1), sigmas
    # <= 0 (taken as 1), images of one pixel (F32: a copy, its range is 0), narrower than the disc, and wider than
    # OpenCV's SIMD blocks (its vector and scalar column paths); F32 also a constant image (a copy)
    w = Writer("bilateral_filter", "gen_bilateral.py")
    shapes = [(1, 1), (3, 4), (17, 23), (29, 70)]
    params = [(5, 30.0, 5.0), (9, 75.0, 75.0), (0, 20.0, 2.0), (1, 50.0, 3.0), (15, 10.0, 4.0), (-1, 0.0, 1.3),
              (5, 300.0, 0.0), (3, 5.5, 1.0)]
    i = 0
    for dtype in ("U8", "F32"):
        for c in (1, 3):
            for b, (bname, code) in enumerate(BORDERS.items()):
                for k, (d, sc, ss) in enumerate(params):
                    h, wd = shapes[(k + b) % len(shapes)]
                    src = image(h, wd, c, k % 2 == 1, dtype)
                    if dtype == "F32":  # zero inside the range (see image()), or a flat image
                        src.flat[0] = 0.0
                        if k == 7:
                            src = np.full((h, wd, c), 12.5, np.float32)
                    out = cv2.bilateralFilter(src if c > 1 else src[:, :, 0], d, sc, ss, borderType=code)
                    w.case(f"bf{i}", src, out.reshape(h, wd, c), dtype=dtype, h=h, w=wd, c=c, d=d, sigmaColor=repr(sc),
                           sigmaSpace=repr(ss), border=bname)
                    i += 1
    w.close()


if __name__ == "__main__":
    bilateral_filter()
