#!/usr/bin/env python3
"""OpenCV goldens of AdvCvtColor where OpenCV computes the same conversion: full-range BT.601 4:4:4 is
cv2.COLOR_RGB2YCrCb / COLOR_YCrCb2RGB (channels Y, Cr, Cb: AdvCvtColor's Y, U = Cb, V = Cr swapped), limited-range
BT.601 4:2:0 to RGB is cv2.COLOR_YUV2RGB_NV12 / COLOR_YUV2BGR_NV21 for Y of 16 and up (OpenCV raises Y below 16
to 16 first; the Y planes here start at 16). (OpenCV's COLOR_RGB2YUV uses the analogue U, V
scales 0.492 and 0.877, and its RGB to NV12 takes each block's top-left chroma: neither is AdvCvtColor's.)

Run with OpenCV 4.x (written with 4.6): /usr/bin/python3 gen_adv_cvtcolor.py <resources/golden dir>
The op gets <dir>/adv_cvtcolor/manifest.txt (one case per line: `name code=... h=... w=... c=...`, the source's
shape), provenance.properties (the OpenCV version, the number of cases) and raw U8 files <name>.in (dense HWC) and
<name>.out. Inputs are seeded: the script is deterministic.
"""
import cv2
import numpy as np

from gen_pixel_ops import Writer  # writes under the OUT given to this script too: sys.argv[1]

rng = np.random.default_rng(20261203)
SCRIPT = "gen_adv_cvtcolor.py"
CODES = {"RGB2YCrCb": cv2.COLOR_RGB2YCrCb, "YCrCb2RGB": cv2.COLOR_YCrCb2RGB,
         "YUV2RGB_NV12": cv2.COLOR_YUV2RGB_NV12, "YUV2BGR_NV21": cv2.COLOR_YUV2BGR_NV21}


def adv_cvtcolor():
    w = Writer("adv_cvtcolor", SCRIPT)
    i = 0
    for code, cv in CODES.items():
        for h, wd in ((1, 2), (6, 8), (24, 38)):
            if "NV" in code and h % 2:
                continue  # 4:2:0 needs an even height
            rows = h * 3 // 2 if "NV" in code else h
            c = 1 if "NV" in code else 3
            src = rng.integers(0, 256, (rows, wd, c)).astype(np.uint8)
            if "NV" in code:
                # OpenCV raises luma below 16 to 16 before its matrix (AdvCvtColor does not): Y from 16 up
                src[:h] = rng.integers(16, 256, (h, wd, c)).astype(np.uint8)
            out = cv2.cvtColor(src if c == 3 else src[:, :, 0], cv)
            w.case(f"adv{i}", src, out, code=code, h=rows, w=wd, c=c)
            i += 1
    w.close()


if __name__ == "__main__":
    adv_cvtcolor()
