#!/usr/bin/env python3
"""OpenCV goldens of the pixel operators: CopyMakeBorder, Flip, ConvertTo, ResizeCropConvertReformat, Threshold,
Morphology, MedianBlur, Rotate's quarter turns (cv::rotate).

Run with OpenCV 4.x (written with 4.6): /usr/bin/python3 gen_pixel_ops.py <resources/golden dir>
Each op gets <dir>/<op>/manifest.txt, one case per line: `name key=value ...`, provenance.properties (the OpenCV
version that made the files, the number of cases: tests check both), and raw little-endian
files <name>.in / <name>.out (dense HWC, the dtype of the line). Inputs are seeded: the script is
deterministic.
"""
import os
import sys

import cv2
import numpy as np

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "resources", "golden")
rng = np.random.default_rng(20240601)
NP = {"U8": np.uint8, "U16": np.uint16, "S16": np.int16, "F32": np.float32}
CV = {"U8": cv2.CV_8U, "U16": cv2.CV_16U, "S16": cv2.CV_16S, "F32": cv2.CV_32F}


def image(dtype, h, w, c):
    if dtype == "U8":
        a = rng.integers(0, 256, (h, w, c))
    elif dtype == "U16":
        a = rng.integers(0, 65536, (h, w, c))
    elif dtype == "S16":
        a = rng.integers(-32768, 32768, (h, w, c))
    else:
        a = rng.uniform(-300, 300, (h, w, c))
    return a.astype(NP[dtype])


class Writer:
    def __init__(self, op, script="gen_pixel_ops.py"):
        self.script = script
        self.dir = os.path.join(OUT, op)
        os.makedirs(self.dir, exist_ok=True)
        self.lines = []

    def case(self, name, src, out, **kv):
        src.tofile(os.path.join(self.dir, name + ".in"))
        out.tofile(os.path.join(self.dir, name + ".out"))
        self.lines.append(name + " " + " ".join(f"{k}={v}" for k, v in kv.items()))

    def close(self):
        with open(os.path.join(self.dir, "manifest.txt"), "w") as f:
            f.write("\n".join(self.lines) + "\n")
        with open(os.path.join(self.dir, "provenance.properties"), "w") as f:
            f.write(f"# Written by cvj-cv/src/test/golden/{self.script} with the golden files (rerun it to regenerate them all).\n")
            f.write(f"opencv_version={cv2.__version__}\ncases={len(self.lines)}\n")
        print(f"{self.dir}: {len(self.lines)} cases, OpenCV {cv2.__version__}")


def as_hwc(a):
    return a if a.ndim == 3 else a[:, :, None]


def copy_make_border():
    w = Writer("copy_make_border")
    borders = {"CONSTANT": cv2.BORDER_CONSTANT, "REPLICATE": cv2.BORDER_REPLICATE, "REFLECT": cv2.BORDER_REFLECT,
               "WRAP": cv2.BORDER_WRAP, "REFLECT_101": cv2.BORDER_REFLECT_101}
    # (h, w), (top, bottom, left, right): odd sizes, borders wider than the image, a 1x1 image
    shapes = [((5, 7), (2, 3, 1, 4)), ((3, 4), (9, 7, 11, 13)), ((1, 1), (3, 2, 2, 3))]
    value = (7.6, 200.5, 300.0, -5.0)
    i = 0
    for dtype in ("U8", "F32"):
        for c in (1, 3, 4):
            for bname, b in borders.items():
                for (h, wd), (t, bo, l, r) in shapes:
                    src = image(dtype, h, wd, c)
                    out = as_hwc(cv2.copyMakeBorder(src if c > 1 else src[:, :, 0], t, bo, l, r, b, value=value))
                    w.case(f"cmb{i}", src, out, dtype=dtype, h=h, w=wd, c=c, border=bname, top=t, bottom=bo, left=l,
                           right=r, value=",".join(repr(v) for v in value), oh=out.shape[0], ow=out.shape[1])
                    i += 1
    w.close()


def flip():
    w = Writer("flip")
    i = 0
    for dtype in ("U8", "F32", "U16"):
        for c in (1, 3, 4):
            for code in (0, 1, -1):
                h, wd = 5, 9
                src = image(dtype, h, wd, c)
                out = as_hwc(cv2.flip(src if c > 1 else src[:, :, 0], code))
                w.case(f"flip{i}", src, out, dtype=dtype, h=h, w=wd, c=c, code=code)
                i += 1
    w.close()


def rotate90():
    # cv::rotate's codes: 0 ROTATE_90_CLOCKWISE, 1 ROTATE_180, 2 ROTATE_90_COUNTERCLOCKWISE; odd sizes, 1 x n, and
    # (U8) more than one 32 x 32 tile (the GPU kernel's) in each direction
    w = Writer("rotate90")
    codes = {0: cv2.ROTATE_90_CLOCKWISE, 1: cv2.ROTATE_180, 2: cv2.ROTATE_90_COUNTERCLOCKWISE}
    i = 0
    for dtype in ("U8", "U16", "F32"):
        for c in (1, 3, 4):
            for h, wd in ((5, 9), (1, 7)) + (((33, 40),) if dtype == "U8" else ()):
                for code, cv_code in codes.items():
                    src = image(dtype, h, wd, c)
                    out = as_hwc(cv2.rotate(src if c > 1 else src[:, :, 0], cv_code))
                    w.case(f"rot{i}", src, np.ascontiguousarray(out), dtype=dtype, h=h, w=wd, c=c, code=code,
                           oh=out.shape[0], ow=out.shape[1])
                    i += 1
    w.close()


def convert_to():
    # cv2 has no Mat.convertTo binding: addWeighted(src, alpha, 0, 0, beta, dtype) runs the same float
    # arithmetic and the same saturate_cast (cvRound: half to even, clamp). Scales and offsets are chosen so
    # that src * alpha + beta is exact in float: the rounding of ties and the saturation are what is tested.
    w = Writer("convert_to")
    params = [(0.5, 0.0), (1.5, -3.25), (-2.0, 100.5), (0.25, 0.5), (3.0, 10.0)]
    i = 0
    for st in ("U8", "U16", "S16", "F32"):
        for dt in ("U8", "U16", "S16", "F32"):
            for alpha, beta in params:
                c = 3
                src = image(st, 4, 11, c)
                if st == "F32":
                    src = (np.round(src * 4) / 4).astype(np.float32)  # quarter steps: exact products, real ties
                out = cv2.addWeighted(src, alpha, np.zeros_like(src), 0.0, beta, dtype=CV[dt])
                w.case(f"cvt{i}", src, as_hwc(out), src_dtype=st, dst_dtype=dt, h=4, w=11, c=c, alpha=repr(alpha),
                       beta=repr(beta))
                i += 1
    w.close()


def resize_crop():
    # The fused ResizeCropConvertReformat against cv2.resize + crop: NEAREST exact; LINEAR against the U8
    # resize (fixed point, rounded) and the F32 resize (float weights).
    w = Writer("resize_crop")
    cases = [((17, 23), (9, 11), (2, 1, 5, 7)), ((12, 10), (31, 25), (4, 6, 20, 15)), ((20, 30), (10, 15), (0, 0, 15, 10)),
             ((7, 9), (7, 9), (1, 2, 6, 4)), ((16, 16), (5, 3), (0, 1, 3, 4))]
    i = 0
    for (h, wd), (rh, rw), (cx, cy, cw, ch) in cases:
        for c in (1, 3, 4):
            src = image("U8", h, wd, c)
            s2 = src if c > 1 else src[:, :, 0]
            for interp, code in (("NEAREST", cv2.INTER_NEAREST), ("LINEAR", cv2.INTER_LINEAR)):
                out8 = as_hwc(cv2.resize(s2, (rw, rh), interpolation=code))[cy:cy + ch, cx:cx + cw]
                outf = as_hwc(cv2.resize(s2.astype(np.float32), (rw, rh), interpolation=code))[cy:cy + ch, cx:cx + cw]
                w.case(f"rc{i}", src, np.ascontiguousarray(out8), h=h, w=wd, c=c, rh=rh, rw=rw, cx=cx, cy=cy, cw=cw,
                       ch=ch, interp=interp, kind="U8")
                i += 1
                w.case(f"rc{i}", src, np.ascontiguousarray(outf), h=h, w=wd, c=c, rh=rh, rw=rw, cx=cx, cy=cy, cw=cw,
                       ch=ch, interp=interp, kind="F32")
                i += 1
    w.close()


def threshold():
    # cv2.threshold for every rule and data type at 15 (thresh, maxval) pairs each: levels inside the range,
    # fractional ones (floor / round half to even), below and above the type's range (OpenCV's special cases,
    # S16's TRUNC below -32768 included), and maxval out of range (saturated).
    w = Writer("threshold")
    rules = {"BINARY": cv2.THRESH_BINARY, "BINARY_INV": cv2.THRESH_BINARY_INV, "TRUNC": cv2.THRESH_TRUNC,
             "TOZERO": cv2.THRESH_TOZERO, "TOZERO_INV": cv2.THRESH_TOZERO_INV}
    levels = {
        "U8": [(127, 255), (127.5, 200.5), (0, 255), (-1, 255), (-0.5, 3.5), (254, 255), (254.9, 300), (255, 255),
               (300, 17), (99.99, -10), (1.5, 2.5), (200, 128), (-300, 70000), (63.2, 0.5), (180, 1.5)],
        "U16": [(32767, 65535), (1000.5, 4000.5), (0, 65535), (-1, 65535), (-3.7, 12), (65534, 65535),
                (65535, 65535), (70000, 9), (12345.6, -1), (40000, 50000), (1.5, 2.5), (65000.1, 80000),
                (-100000, 5), (20000, 0.5), (5, 1.5)],
        "S16": [(0, 32767), (-100.7, 2000.5), (-32768, 32767), (-32769, 100), (-40000, 100), (32766, 5),
                (32767, 5), (40000, 5), (12.3, -40000), (-5, -5), (1.5, 2.5), (-20000.2, 40000), (100, 0.5),
                (-1, 1.5), (250, -32768)],
        "F32": [(0, 255), (0.25, 1), (-100, 50), (100.5, 1000.25), (-299, 7), (299.9, 1), (1e9, 5), (-1e9, 5),
                (3.3, -2.5), (0, 0), (150, 255), (-0.1, 0.1), (42.4242, 3.14159), (-150.5, -1), (250, 1e10)],
    }
    shapes = [(5, 7), (3, 9), (6, 4)]
    i = 0
    for dtype, pairs in levels.items():
        for rule, code in rules.items():
            for k, (thresh, maxval) in enumerate(pairs):
                c = (1, 3, 4)[k % 3]
                h, wd = shapes[k % 3]
                src = image(dtype, h, wd, c)
                s2 = src if c > 1 else src[:, :, 0]
                _, out = cv2.threshold(s2, thresh, maxval, code)
                w.case(f"th{i}", src, np.ascontiguousarray(as_hwc(out)), dtype=dtype, h=h, w=wd, c=c, thresh=repr(float(thresh)),
                       maxval=repr(float(maxval)), type=rule)
                i += 1
    w.close()


def morphology():
    # cv2.erode / dilate / morphologyEx OPEN and CLOSE for every data type on random combinations of element
    # (getStructuringElement's RECT, CROSS, ELLIPSE with their anchor, or a random user mask), iterations (the
    # rectangle enlargement of cv::morphOp included), border (the default morphologyDefaultBorderValue, a constant,
    # REPLICATE, REFLECT, REFLECT_101) and image size (smaller than the element too). Element: shape, or mask= the
    # set bytes as 0/1 digits row by row; value=default or the constant.
    w = Writer("morphology")
    ops = {"ERODE": None, "DILATE": None, "OPEN": cv2.MORPH_OPEN, "CLOSE": cv2.MORPH_CLOSE}
    shapes = {"RECT": cv2.MORPH_RECT, "CROSS": cv2.MORPH_CROSS, "ELLIPSE": cv2.MORPH_ELLIPSE}
    borders = {"CONSTANT": cv2.BORDER_CONSTANT, "REPLICATE": cv2.BORDER_REPLICATE, "REFLECT": cv2.BORDER_REFLECT,
               "REFLECT_101": cv2.BORDER_REFLECT_101}
    values = {"U8": [0, 77, 255], "U16": [0, 40000, 70000], "S16": [-40000, -5, 1234], "F32": [-1e30, 0.5, 250.25]}
    i = 0
    for dtype in ("U8", "U16", "S16", "F32"):
        for op in ops:
            for k in range(12):
                kw, kh = int(rng.integers(1, 8)), int(rng.integers(1, 8))
                ax, ay = int(rng.integers(0, kw)), int(rng.integers(0, kh))
                kind = ("RECT", "CROSS", "ELLIPSE", "MASK")[k % 4]
                if kind == "MASK":
                    el = (rng.random((kh, kw)) < 0.5).astype(np.uint8)
                    el[ay, ax] = 1
                    spec = {"mask": "".join(str(int(b)) for b in el.ravel())}
                else:
                    el = cv2.getStructuringElement(shapes[kind], (kw, kh), (ax, ay))
                    spec = {"shape": kind}
                iterations = (1, 1, 2, 3)[int(rng.integers(0, 4))]
                border = list(borders)[int(rng.integers(0, 4))]
                value = "default"
                kwargs = {"anchor": (ax, ay), "iterations": iterations, "borderType": borders[border]}
                if border == "CONSTANT" and rng.random() < 0.5:
                    v = values[dtype][int(rng.integers(0, 3))]
                    value = repr(float(v))
                    kwargs["borderValue"] = (v, v, v, v)  # every channel (a bare number is (v, 0, 0, 0))
                h, wd, c = int(rng.integers(1, 12)), int(rng.integers(1, 14)), (1, 2, 3, 4)[k % 4]
                src = image(dtype, h, wd, c)
                s2 = src if c > 1 else src[:, :, 0]
                if op == "ERODE":
                    out = cv2.erode(s2, el, **kwargs)
                elif op == "DILATE":
                    out = cv2.dilate(s2, el, **kwargs)
                else:
                    out = cv2.morphologyEx(s2, ops[op], el, **kwargs)
                w.case(f"mo{i}", src, np.ascontiguousarray(as_hwc(out)), dtype=dtype, h=h, w=wd, c=c, op=op, kw=kw,
                       kh=kh, ax=ax, ay=ay, iterations=iterations, border=border, value=value, **spec)
                i += 1
    w.close()


def median_blur():
    # cv2.medianBlur (BORDER_REPLICATE): U8 at ksize 3, 5 (sorting network) and 7, 9, 15 (histograms), U16 / S16 / F32
    # at 3 and 5; 1 to 4 channels (2 only where OpenCV takes it); images of one pixel, one row, one column, smaller
    # than the window, and larger.
    w = Writer("median_blur")
    sizes = [(1, 1), (1, 9), (8, 1), (3, 4), (17, 23)]
    i = 0
    for dtype, ks in (("U8", (3, 5, 7, 9, 15)), ("U16", (3, 5)), ("S16", (3, 5)), ("F32", (3, 5))):
        for k in ks:
            for c in ((1, 2, 3, 4) if k <= 5 else (1, 3, 4)):
                for h, wd in sizes:
                    src = image(dtype, h, wd, c)
                    s2 = src if c > 1 else src[:, :, 0]
                    out = cv2.medianBlur(s2, k)
                    w.case(f"md{i}", src, np.ascontiguousarray(as_hwc(out)), dtype=dtype, h=h, w=wd, c=c, ksize=k)
                    i += 1
    w.close()


if __name__ == "__main__":
    copy_make_border()
    flip()
    convert_to()
    resize_crop()
    threshold()
    morphology()
    median_blur()
    rotate90()
    print("goldens written under", os.path.abspath(OUT))
