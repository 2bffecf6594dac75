#!/usr/bin/env python3
"""Golden outputs of OpenCV's cv2.resize and cv2.cvtColor for cvj's Resize and CvtColor CPU paths.

Run from the repository root with a Python that has OpenCV (generated with 4.6.0):
    /usr/bin/python3 cvj-cv/src/test/golden/gen_resize_cvtcolor.py
Writes raw little-endian arrays (no header), a manifest and provenance.properties (the OpenCV version that made
them, the number of cases) per operator under cvj-cv/src/test/resources/golden/{resize,cvtcolor}/. Manifest lines
(space separated):
    resize:   <interp> <dtype> <input file> <h> <w> <c> <dh> <dw> <output file>
    cvtcolor: <conversion> <dtype> <input file> <h> <w> <c> <output file> <oh> <ow> <oc>
Inputs are seeded; rerunning reproduces the same files.
"""
import os
import cv2
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'golden')
DT = {'U8': np.uint8, 'U16': np.dtype('<u2'), 'S16': np.dtype('<i2'), 'F32': np.dtype('<f4')}


def rand(rng, dtype, shape):
    if dtype == 'U8':
        return rng.integers(0, 256, shape, dtype=np.uint8)
    if dtype == 'U16':
        return rng.integers(0, 65536, shape).astype('<u2')
    if dtype == 'S16':
        return rng.integers(-32768, 32768, shape).astype('<i2')
    return rng.random(shape, dtype=np.float32).astype('<f4')


def provenance(folder, lines):
    """provenance.properties: which OpenCV made the goldens and how many cases the manifest holds (tests check both)."""
    with open(os.path.join(folder, 'provenance.properties'), 'w') as f:
        f.write('# Written by cvj-cv/src/test/golden/gen_resize_cvtcolor.py with the golden files '
                '(rerun it to regenerate them all).\n')
        f.write(f'opencv_version={cv2.__version__}\ncases={len(lines)}\n')
    print(f'{folder}: {len(lines)} cases, OpenCV {cv2.__version__}')


def save(folder, name, a):
    a.astype(a.dtype.newbyteorder('<')).tofile(os.path.join(folder, name))
    return name


def resize_goldens():
    folder = os.path.join(ROOT, 'resize')
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(20240611)
    interps = {'NEAREST': cv2.INTER_NEAREST, 'LINEAR': cv2.INTER_LINEAR, 'CUBIC': cv2.INTER_CUBIC,
               'AREA': cv2.INTER_AREA}
    # (input h, w) -> list of (dh, dw): fractional down, fractional up, mixed, exact 2x / 3x down.
    plans = {(19, 23): [(11, 14), (31, 41), (9, 40), (19, 23)],
             (24, 30): [(12, 15), (8, 10), (5, 7)]}
    lines = []
    for dtype in ['U8', 'U16', 'S16', 'F32']:
        for c in ([1, 3, 4] if dtype == 'U8' else [1, 3]):
            for (h, w), sizes in plans.items():
                src = rand(rng, dtype, (h, w, c))
                inp = save(folder, f'in_{dtype}_{h}x{w}x{c}.raw', src)
                for iname, interp in interps.items():
                    for dh, dw in sizes:
                        out = cv2.resize(src, (dw, dh), interpolation=interp).reshape(dh, dw, c)
                        oname = save(folder, f'out_{iname}_{dtype}_{h}x{w}x{c}_{dh}x{dw}.raw', out)
                        lines.append(f'{iname} {dtype} {inp} {h} {w} {c} {dh} {dw} {oname}')
    with open(os.path.join(folder, 'manifest.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    provenance(folder, lines)


def cvtcolor_goldens():
    folder = os.path.join(ROOT, 'cvtcolor')
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(20240612)
    h, w = 13, 17          # odd sizes for the per-pixel conversions
    yh, yw = 10, 14        # YUV420: even sizes (h % 4 == 2 exercises the planar V-plane offset)
    conv = [  # (cvj name, OpenCV code, dtypes, input channels)
        ('RGB2BGR', cv2.COLOR_RGB2BGR, ['U8', 'U16', 'F32'], 3),
        ('RGB2RGBA', cv2.COLOR_RGB2RGBA, ['U8', 'U16', 'F32'], 3),
        ('BGR2BGRA', cv2.COLOR_BGR2BGRA, ['U8'], 3),
        ('RGB2BGRA', cv2.COLOR_RGB2BGRA, ['U8', 'F32'], 3),
        ('BGR2RGBA', cv2.COLOR_BGR2RGBA, ['U8'], 3),
        ('RGBA2RGB', cv2.COLOR_RGBA2RGB, ['U8', 'F32'], 4),
        ('RGBA2BGR', cv2.COLOR_RGBA2BGR, ['U8'], 4),
        ('BGRA2RGB', cv2.COLOR_BGRA2RGB, ['U8'], 4),
        ('RGBA2BGRA', cv2.COLOR_RGBA2BGRA, ['U8', 'F32'], 4),
        ('RGB2GRAY', cv2.COLOR_RGB2GRAY, ['U8', 'U16', 'F32'], 3),
        ('BGR2GRAY', cv2.COLOR_BGR2GRAY, ['U8', 'U16', 'F32'], 3),
        ('RGBA2GRAY', cv2.COLOR_RGBA2GRAY, ['U8'], 4),
        ('BGRA2GRAY', cv2.COLOR_BGRA2GRAY, ['U8'], 4),
        ('GRAY2RGB', cv2.COLOR_GRAY2RGB, ['U8', 'F32'], 1),
        ('GRAY2BGR', cv2.COLOR_GRAY2BGR, ['U8'], 1),
        ('GRAY2RGBA', cv2.COLOR_GRAY2RGBA, ['U8', 'F32'], 1),
        ('RGB2YUV', cv2.COLOR_RGB2YUV, ['U8', 'U16', 'F32'], 3),
        ('BGR2YUV', cv2.COLOR_BGR2YUV, ['U8', 'F32'], 3),
        ('YUV2RGB', cv2.COLOR_YUV2RGB, ['U8', 'U16', 'F32'], 3),
        ('YUV2BGR', cv2.COLOR_YUV2BGR, ['U8', 'F32'], 3),
        ('RGB2HSV', cv2.COLOR_RGB2HSV, ['U8', 'F32'], 3),
        ('BGR2HSV', cv2.COLOR_BGR2HSV, ['U8', 'F32'], 3),
        ('RGB2HSV_FULL', cv2.COLOR_RGB2HSV_FULL, ['U8'], 3),
        ('BGR2HSV_FULL', cv2.COLOR_BGR2HSV_FULL, ['U8'], 3),
        ('HSV2RGB', cv2.COLOR_HSV2RGB, ['U8', 'F32'], 3),
        ('HSV2BGR', cv2.COLOR_HSV2BGR, ['U8', 'F32'], 3),
        ('HSV2RGB_FULL', cv2.COLOR_HSV2RGB_FULL, ['U8'], 3),
        ('HSV2BGR_FULL', cv2.COLOR_HSV2BGR_FULL, ['U8'], 3),
    ]
    yuv420 = [
        ('YUV2RGB_NV12', cv2.COLOR_YUV2RGB_NV12), ('YUV2BGR_NV12', cv2.COLOR_YUV2BGR_NV12),
        ('YUV2RGBA_NV12', cv2.COLOR_YUV2RGBA_NV12), ('YUV2BGRA_NV12', cv2.COLOR_YUV2BGRA_NV12),
        ('YUV2RGB_NV21', cv2.COLOR_YUV2RGB_NV21), ('YUV2BGR_NV21', cv2.COLOR_YUV2BGR_NV21),
        ('YUV2RGB_I420', cv2.COLOR_YUV2RGB_I420), ('YUV2BGR_I420', cv2.COLOR_YUV2BGR_I420),
        ('YUV2BGRA_I420', cv2.COLOR_YUV2BGRA_I420),
    ]
    to420 = [('RGB2YUV_I420', cv2.COLOR_RGB2YUV_I420, 3), ('BGR2YUV_I420', cv2.COLOR_BGR2YUV_I420, 3),
             ('RGBA2YUV_I420', cv2.COLOR_RGBA2YUV_I420, 4)]
    inputs = {}
    lines = []

    def inp(dtype, ih, iw, c, kind='any'):
        key = (dtype, ih, iw, c, kind)
        if key not in inputs:
            a = rand(rng, dtype, (ih, iw, c))
            if kind == 'hsv' and dtype == 'U8':
                a[..., 0] = rng.integers(0, 180, (ih, iw))
            if kind == 'hsv' and dtype == 'F32':
                a[..., 0] *= 360
            if kind == 'special':
                # grays and saturated colours: hue/saturation edge cases
                a[0, :, :] = a[0, :, :1]
                if dtype == 'U8':
                    a[1, :, :3] = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [0, 255, 255],
                                  [255, 0, 255], [0, 0, 0], [255, 255, 255], [128, 128, 127], [1, 0, 0],
                                  [0, 1, 0], [0, 0, 1], [255, 254, 254], [7, 200, 200], [200, 7, 200],
                                  [200, 200, 7], [100, 50, 25]][:iw]
            inputs[key] = (save(folder, f'in_{dtype}_{ih}x{iw}x{c}_{kind}.raw', a), a)
        return inputs[key]

    for name, code, dtypes, c in conv:
        for dtype in dtypes:
            kind = 'hsv' if name.startswith('HSV2') and 'FULL' not in name else \
                   ('special' if '2HSV' in name or '2GRAY' in name else 'any')
            fname, src = inp(dtype, h, w, c, kind)
            out = cv2.cvtColor(src if c > 1 else src[..., 0], code)
            out = out.reshape(h, w, -1)
            oname = save(folder, f'out_{name}_{dtype}.raw', out)
            lines.append(f'{name} {dtype} {fname} {h} {w} {c} {oname} {h} {w} {out.shape[2]}')
    for name, code in yuv420:
        fname, src = inp('U8', yh * 3 // 2, yw, 1)
        out = cv2.cvtColor(src[..., 0], code).reshape(yh, yw, -1)
        oname = save(folder, f'out_{name}_U8.raw', out)
        lines.append(f'{name} U8 {fname} {yh * 3 // 2} {yw} 1 {oname} {yh} {yw} {out.shape[2]}')
    for name, code, c in to420:
        fname, src = inp('U8', yh, yw, c)
        out = cv2.cvtColor(src, code).reshape(yh * 3 // 2, yw, 1)
        oname = save(folder, f'out_{name}_U8.raw', out)
        lines.append(f'{name} U8 {fname} {yh} {yw} {c} {oname} {yh * 3 // 2} {yw} 1')
    with open(os.path.join(folder, 'manifest.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    provenance(folder, lines)


if __name__ == '__main__':
    resize_goldens()
    cvtcolor_goldens()
