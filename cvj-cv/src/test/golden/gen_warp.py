#!/usr/bin/env python3
"""OpenCV goldens of the warps: WarpAffine (cv2.warpAffine), WarpPerspective (cv2.warpPerspective) and Rotate
(cv2.warpAffine with CV-CUDA's rotation matrix, CONSTANT border 0).

Run with OpenCV 4.x (written with 4.6): /usr/bin/python3 gen_warp.py <resources/golden dir>
Each op gets <dir>/<op>/manifest.txt, one case per line: `name key=value ...` (matrix m and border value bv as
comma-separated doubles in Python's round-trip repr), provenance.properties (the OpenCV version, the number of
cases), and raw little-endian files <name>.in / <name>.out (dense HWC, the dtype of the line). Seeded: deterministic.
"""
import math

import cv2
import numpy as np

from gen_pixel_ops import Writer, as_hwc, image, rng  # the shared writer, seeded generator and inputs

INTERP = {"NEAREST": cv2.INTER_NEAREST, "LINEAR": cv2.INTER_LINEAR, "CUBIC": cv2.INTER_CUBIC}
BORDER = {"CONSTANT": cv2.BORDER_CONSTANT, "REPLICATE": cv2.BORDER_REPLICATE, "REFLECT": cv2.BORDER_REFLECT,
          "WRAP": cv2.BORDER_WRAP, "REFLECT_101": cv2.BORDER_REFLECT_101}


def border_value(dtype, c):
    lo, hi = {"U8": (-20, 280), "U16": (-100, 70000), "S16": (-40000, 40000), "F32": (-500, 500)}[dtype]
    return [float(v) for v in rng.uniform(lo, hi, c)]


def joined(values):
    return ",".join(repr(float(v)) for v in values)


def sizes():
    """(h, w, dh, dw): odd sizes, 1x1, outputs larger and smaller than the source."""
    h, w = int(rng.integers(1, 40)), int(rng.integers(1, 40))
    if rng.random() < 0.1:
        h, w = 1, 1
    return h, w, int(rng.integers(1, 45)), int(rng.integers(1, 45))


def affine_matrix(h, w, far):
    a = math.radians(rng.uniform(-180, 180))
    s = rng.uniform(0.4, 2.5)
    sh = rng.uniform(-0.3, 0.3)
    m = np.array([[s * math.cos(a), -s * math.sin(a) + sh, 0.0], [s * math.sin(a), s * math.cos(a), 0.0]])
    m[:, 2] = rng.uniform(-w, w), rng.uniform(-h, h)
    if far:  # positions far outside: the wrapping / reflecting borders repeat
        m[:, 2] *= 25
    return m


def warp_cases(op, perspective):
    wr = Writer(op, "gen_warp.py")
    k = 0
    for dtype in ["U8", "U16", "S16", "F32"]:
        for interp in INTERP:
            for border in BORDER:
                for rep in range(2):
                    h, w, dh, dw = sizes()
                    c = [1, 3, 4, 2][(k + rep) % 4]
                    src = image(dtype, h, w, c)
                    m = affine_matrix(h, w, rep == 1 and border != "CONSTANT")
                    if perspective:
                        m = np.vstack([m, [rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02), rng.uniform(0.8, 1.2)]])
                    inverse = bool(rng.integers(0, 2))
                    bv = border_value(dtype, c)
                    flags = INTERP[interp] | (cv2.WARP_INVERSE_MAP if inverse else 0)
                    fn = cv2.warpPerspective if perspective else cv2.warpAffine
                    out = fn(src.squeeze(2) if c == 1 else src, m, (dw, dh), flags=flags, borderMode=BORDER[border],
                             borderValue=tuple(bv + [0.0] * (4 - c)))
                    name = f"{dtype.lower()}_{interp.lower()}_{border.lower()}_{rep}"
                    wr.case(name, src, as_hwc(out), dtype=dtype, h=h, w=w, c=c, dh=dh, dw=dw, interp=interp,
                            border=border, inverse=str(inverse).lower(), m=joined(m.ravel()), bv=joined(bv))
                    k += 1
    wr.close()


def rotate():
    """CV-CUDA's Rotate: forward matrix [[cos, sin, shiftX], [-sin, cos, shiftY]] (angle in degrees)."""
    wr = Writer("rotate", "gen_warp.py")
    for dtype in ["U8", "U16", "S16", "F32"]:
        for interp in INTERP:
            for rep in range(3):
                h, w, dh, dw = sizes()
                c = [1, 3, 4][rep]
                src = image(dtype, h, w, c)
                angle = float(rng.uniform(-360, 360)) if rep else 90.0
                sx, sy = float(rng.uniform(-w, w)), float(rng.uniform(-h, h))
                r = angle * math.pi / 180
                m = np.array([[math.cos(r), math.sin(r), sx], [-math.sin(r), math.cos(r), sy]])
                out = cv2.warpAffine(src.squeeze(2) if c == 1 else src, m, (dw, dh), flags=INTERP[interp],
                                     borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0, 0))
                name = f"{dtype.lower()}_{interp.lower()}_{rep}"
                wr.case(name, src, as_hwc(out), dtype=dtype, h=h, w=w, c=c, dh=dh, dw=dw, interp=interp,
                        angle=repr(angle), sx=repr(sx), sy=repr(sy))
    wr.close()


if __name__ == "__main__":
    warp_cases("warp_affine", False)
    warp_cases("warp_perspective", True)
    rotate()
