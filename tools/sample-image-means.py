#!/usr/bin/python3
"""Writes sample-images/reference-means.csv: for each sample image OpenCV decodes, its width, height, channels and
the mean of each channel (R, G, B; gray once) as OpenCV (libjpeg-turbo) decodes it. cvj's codec tests compare their
decodes with these numbers, from a decoder that is not the one under test.

    /usr/bin/python3 tools/sample-image-means.py
"""
import pathlib

import cv2

DIR = pathlib.Path(__file__).resolve().parent.parent / "sample-images"
rows = ["file,width,height,channels,mean0,mean1,mean2"]
for f in sorted(DIR.iterdir()):
    if f.suffix not in (".jpg", ".png") or f.name.startswith(("truncated", "not-an-image")):
        continue  # the broken files are errors to report, not references (OpenCV fills a truncated one with gray)
    img = cv2.imread(str(f), cv2.IMREAD_UNCHANGED)
    if img is None:
        continue
    if img.ndim == 2:
        m = [img.mean()] * 3
        c = 1
    else:
        m = [img[..., 2].mean(), img[..., 1].mean(), img[..., 0].mean()]
        c = 3
    rows.append(f"{f.name},{img.shape[1]},{img.shape[0]},{c},{m[0]:.4f},{m[1]:.4f},{m[2]:.4f}")
(DIR / "reference-means.csv").write_text("\n".join(rows) + "\n")
print("\n".join(rows))
