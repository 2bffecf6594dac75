#!/usr/bin/env python3
"""Golden outputs of OpenCV's cv2.cvtColor for the colour spaces of cvj's CvtColor beyond those of
gen_resize_cvtcolor.py: HLS, XYZ, Lab, YCrCb, YUV 4:2:2 packed (UYVY, YUY2, YVYU), YV12, and YUV to GRAY.

Run from the repository root with a Python that has OpenCV (generated with 4.6.0):
    /usr/bin/python3 cvj-cv/src/test/golden/gen_color_spaces.py
Writes raw little-endian arrays (no header), manifest.txt and provenance.properties under
cvj-cv/src/test/resources/golden/cvtcolor_spaces/. Manifest lines (space separated), as the cvtcolor folder's:
    <conversion> <dtype> <input file> <h> <w> <c> <output file> <oh> <ow> <oc>
Each case's input is drawn from its own seed (a CRC of its name), so adding a case changes no other file.
"""
import os
import zlib
import cv2
import numpy as np

FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'golden', 'cvtcolor_spaces')
H, W = 13, 17      # odd sizes for the per-pixel conversions
YH, YW = 10, 14    # 4:2:0 / 4:2:2: even sizes (h % 4 == 2 exercises the planar V-plane offset)


def rand(rng, dtype, shape, kind):
    if dtype == 'U8':
        a = rng.integers(0, 256, shape, dtype=np.uint8)
    elif dtype == 'U16':
        a = rng.integers(0, 65536, shape).astype('<u2')
    else:
        a = rng.random(shape, dtype=np.float32).astype('<f4')
    if kind == 'hue' and dtype == 'F32':
        a[..., 0] *= 360                                  # F32 hue in [0, 360)
    if kind == 'lab' and dtype == 'F32':
        a[..., 0] *= 100                                  # L in [0, 100], a and b in [-127, 127]
        a[..., 1:] = a[..., 1:] * 254 - 127
    if kind == 'special':
        a[0, :, :] = a[0, :, :1]                          # grays
        a[1, :, :3] = np.eye(3)[np.arange(a.shape[1]) % 3] * (255 if dtype == 'U8' else 1)   # primaries
    return a


def save(name, a):
    a.astype(a.dtype.newbyteorder('<')).tofile(os.path.join(FOLDER, name))
    return name


# (cvj name, OpenCV code, dtypes, input channels, input kind)
PER_PIXEL = [
    ('RGB2HLS', cv2.COLOR_RGB2HLS, ['U8', 'F32'], 3, 'special'),
    ('BGR2HLS', cv2.COLOR_BGR2HLS, ['U8', 'F32'], 3, 'special'),
    ('RGB2HLS_FULL', cv2.COLOR_RGB2HLS_FULL, ['U8'], 3, 'special'),
    ('BGR2HLS_FULL', cv2.COLOR_BGR2HLS_FULL, ['U8'], 3, 'special'),
    ('HLS2RGB', cv2.COLOR_HLS2RGB, ['U8', 'F32'], 3, 'hue'),
    ('HLS2BGR', cv2.COLOR_HLS2BGR, ['U8', 'F32'], 3, 'hue'),
    ('HLS2RGB_FULL', cv2.COLOR_HLS2RGB_FULL, ['U8'], 3, 'any'),
    ('HLS2BGR_FULL', cv2.COLOR_HLS2BGR_FULL, ['U8'], 3, 'any'),
    ('RGB2XYZ', cv2.COLOR_RGB2XYZ, ['U8', 'U16', 'F32'], 3, 'special'),
    ('BGR2XYZ', cv2.COLOR_BGR2XYZ, ['U8', 'U16', 'F32'], 3, 'special'),
    ('XYZ2RGB', cv2.COLOR_XYZ2RGB, ['U8', 'U16', 'F32'], 3, 'any'),
    ('XYZ2BGR', cv2.COLOR_XYZ2BGR, ['U8', 'U16', 'F32'], 3, 'any'),
    ('RGB2YCrCb', cv2.COLOR_RGB2YCrCb, ['U8', 'U16', 'F32'], 3, 'special'),
    ('BGR2YCrCb', cv2.COLOR_BGR2YCrCb, ['U8', 'U16', 'F32'], 3, 'special'),
    ('YCrCb2RGB', cv2.COLOR_YCrCb2RGB, ['U8', 'U16', 'F32'], 3, 'any'),
    ('YCrCb2BGR', cv2.COLOR_YCrCb2BGR, ['U8', 'U16', 'F32'], 3, 'any'),
    ('RGB2Lab', cv2.COLOR_RGB2Lab, ['U8', 'F32'], 3, 'special'),
    ('BGR2Lab', cv2.COLOR_BGR2Lab, ['U8', 'F32'], 3, 'special'),
    ('Lab2RGB', cv2.COLOR_Lab2RGB, ['U8', 'F32'], 3, 'lab'),
    ('Lab2BGR', cv2.COLOR_Lab2BGR, ['U8', 'F32'], 3, 'lab'),
]
# 4:2:0 (one channel of H * 3 / 2 rows) and 4:2:2 packed (two channels) sources, and RGB to YV12.
FROM_YUV = [(f'YUV2{rgb}_{k}', getattr(cv2, f'COLOR_YUV2{rgb}_{k}'), k)
            for k in ['YV12', 'UYVY', 'YUY2', 'YVYU'] for rgb in ['RGB', 'BGR', 'RGBA', 'BGRA']] + \
           [(f'YUV2GRAY_{k}', getattr(cv2, f'COLOR_YUV2GRAY_{k}'), k)
            for k in ['NV12', 'NV21', 'I420', 'YV12', 'UYVY', 'YUY2', 'YVYU']]
TO_YV12 = [(f'{rgb}2YUV_YV12', getattr(cv2, f'COLOR_{rgb}2YUV_YV12'), len(rgb)) for rgb in ['RGB', 'BGR', 'RGBA', 'BGRA']]


def main():
    os.makedirs(FOLDER, exist_ok=True)
    lines = []

    def case(name, code, dtype, ih, iw, c, kind, shape_out):
        rng = np.random.default_rng(zlib.crc32(f'{name} {dtype}'.encode()))
        src = rand(rng, dtype, (ih, iw, c), kind)
        if name.startswith('HLS2') and 'FULL' not in name and dtype == 'U8':
            src[..., 0] = rng.integers(0, 180, (ih, iw))   # U8 hue in [0, 180)
        out = cv2.cvtColor(src if c > 1 else src[..., 0], code).reshape(shape_out(src))
        fin = save(f'in_{name}_{dtype}.raw', src)
        fout = save(f'out_{name}_{dtype}.raw', out)
        lines.append(f'{name} {dtype} {fin} {ih} {iw} {c} {fout} {out.shape[0]} {out.shape[1]} {out.shape[2]}')

    for name, code, dtypes, c, kind in PER_PIXEL:
        for dtype in dtypes:
            case(name, code, dtype, H, W, c, kind, lambda s: (H, W, -1))
    for name, code, k in FROM_YUV:
        packed = k in ('UYVY', 'YUY2', 'YVYU')
        case(name, code, 'U8', YH if packed else YH * 3 // 2, YW, 2 if packed else 1, 'any', lambda s: (YH, YW, -1))
    for name, code, c in TO_YV12:
        case(name, code, 'U8', YH, YW, c, 'any', lambda s: (YH * 3 // 2, YW, 1))
    with open(os.path.join(FOLDER, 'manifest.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    with open(os.path.join(FOLDER, 'provenance.properties'), 'w') as f:
        f.write('# Written by cvj-cv/src/test/golden/gen_color_spaces.py with the golden files '
                '(rerun it to regenerate them all).\n')
        f.write(f'opencv_version={cv2.__version__}\ncases={len(lines)}\n')
    print(f'{FOLDER}: {len(lines)} cases, OpenCV {cv2.__version__}')


if __name__ == '__main__':
    main()
