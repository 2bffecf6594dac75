#!/usr/bin/env python3
"""OpenCV goldens of Remap (cv2.remap with one CV_32FC2 map): absolute maps, and relative maps (offsets added to
the dst coordinates in float, as Remap adds them) given to OpenCV as the absolute map x + dx, y + dy.

Run with OpenCV 4.x (written with 4.6): /usr/bin/python3 gen_remap.py <resources/golden dir>
<dir>/remap/manifest.txt holds one case per line: `name key=value ...` (border value bv as comma-separated doubles
in Python's round-trip repr; relative=true when the .map file holds offsets), provenance.properties (the OpenCV
version, the number of cases), and raw little-endian files <name>.in / <name>.out (dense HWC, the dtype of the
line) and <name>.map (dense F32 HWC, 2 channels: x, y). Seeded: deterministic.
"""
import numpy as np

import cv2
from gen_pixel_ops import Writer, as_hwc, image, rng  # the shared writer, seeded generator and inputs
from gen_warp import BORDER, INTERP, border_value, joined


def remap_map(h, w, dh, dw, far, relative):
    """A smooth random warp of the dst grid into the source plus noise; now and then exact halves of 1/32 and of 1."""
    ys, xs = np.mgrid[0:dh, 0:dw].astype(np.float64)
    a = rng.uniform(-0.6, 0.6)
    sc = rng.uniform(0.5, 2.0)
    mx = sc * (np.cos(a) * xs - np.sin(a) * ys) + rng.uniform(-w / 2, w)
    my = sc * (np.sin(a) * xs + np.cos(a) * ys) + rng.uniform(-h / 2, h)
    mx += rng.normal(0, 1.5, mx.shape)
    my += rng.normal(0, 1.5, my.shape)
    if far:  # positions far outside: the wrapping / reflecting borders repeat
        mx *= 20
        my *= 20
    m = np.stack([mx, my], axis=2)
    ties = rng.random(m.shape) < 0.1
    m[ties] = np.round(m[ties] * 64) / 64  # ties of the 1/32 rounding (and of NEAREST's rounding at .5)
    if relative:
        d = (m - np.stack([xs, ys], axis=2)).astype(np.float32)
        # the float32 rounding of the exact sum: what a float addition gives
        return d, (d.astype(np.float64) + np.stack([xs, ys], axis=2)).astype(np.float32)
    return m.astype(np.float32), m.astype(np.float32)


def remap():
    wr = Writer("remap", "gen_remap.py")
    k = 0
    for dtype in ["U8", "U16", "S16", "F32"]:
        for interp in INTERP:
            for border in BORDER:
                for rep in range(3):
                    h, w = int(rng.integers(1, 40)), int(rng.integers(1, 40))
                    if rng.random() < 0.1:
                        h, w = 1, 1
                    dh, dw = int(rng.integers(1, 45)), int(rng.integers(1, 45))
                    c = [1, 3, 4, 2][(k + rep) % 4]
                    relative = rep == 2
                    src = image(dtype, h, w, c)
                    given, absolute = remap_map(h, w, dh, dw, rep == 1 and border != "CONSTANT", relative)
                    bv = border_value(dtype, c)
                    out = cv2.remap(src.squeeze(2) if c == 1 else src, absolute, None, INTERP[interp],
                                    borderMode=BORDER[border], borderValue=tuple(bv + [0.0] * (4 - c)))
                    name = f"{dtype.lower()}_{interp.lower()}_{border.lower()}_{rep}"
                    wr.case(name, src, as_hwc(out), dtype=dtype, h=h, w=w, c=c, dh=dh, dw=dw, interp=interp,
                            border=border, relative=str(relative).lower(), bv=joined(bv))
                    given.tofile(f"{wr.dir}/{name}.map")
                    k += 1
    wr.close()


if __name__ == "__main__":
    remap()
