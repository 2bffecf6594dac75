"""Makes the sample images of cvj-samples (src/main/resources/images/): synthetic but image-like (gradients,
shapes, soft texture), each of its own size and aspect (landscape, 4:3, square, portrait), as photos come:
PreprocessSample takes them as they are, in one ImageBatchVarShape. Run once; the output is committed.

    python3 cvj-samples/tools/make_sample_images.py
"""
import os

import cv2
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "images")
SIZES = {"sunset.jpg": (800, 450), "shapes.jpg": (640, 480), "checker.png": (512, 512), "rings.jpg": (480, 640)}


def base(seed, c0, c1, w, h):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (x / w * 0.6 + y / h * 0.4)[..., None]
    img = (np.array(c0, np.float32) * (1 - t) + np.array(c1, np.float32) * t)
    noise = cv2.GaussianBlur(rng.normal(0, 18, (h, w, 3)).astype(np.float32), (0, 0), 3)
    return np.clip(img + noise, 0, 255).astype(np.uint8), rng


def at(w, h, pts):
    """Points given as fractions of the width and height, in pixels."""
    return np.array([[round(px * w), round(py * h)] for px, py in pts], np.int32)


def main():
    os.makedirs(OUT, exist_ok=True)
    # 1. "sunset": sky gradient, sun, hills
    w, h = SIZES["sunset.jpg"]
    img, rng = base(1, (40, 60, 200), (90, 170, 255), w, h)  # BGR
    cv2.circle(img, (round(0.73 * w), round(0.35 * h)), round(0.125 * h), (80, 210, 255), -1, cv2.LINE_AA)
    hills = at(w, h, [(0, 1), (0, 0.69), (0.22, 0.58), (0.47, 0.71), (0.72, 0.6), (1, 0.73), (1, 1)])
    cv2.fillPoly(img, [hills], (40, 110, 50), cv2.LINE_AA)
    cv2.imwrite(os.path.join(OUT, "sunset.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 88])
    # 2. "shapes": rectangles, circles and lines on a grey gradient
    w, h = SIZES["shapes.jpg"]
    img, rng = base(2, (200, 200, 200), (90, 90, 110), w, h)
    for _ in range(14):
        c = tuple(int(v) for v in rng.integers(0, 256, 3))
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        if rng.random() < 0.5:
            cv2.rectangle(img, (x, y), (x + int(rng.integers(30, 160)), y + int(rng.integers(30, 120))), c, -1, cv2.LINE_AA)
        else:
            cv2.circle(img, (x, y), int(rng.integers(15, 80)), c, -1, cv2.LINE_AA)
    for _ in range(6):
        c = tuple(int(v) for v in rng.integers(0, 256, 3))
        cv2.line(img, (int(rng.integers(0, w)), int(rng.integers(0, h))), (int(rng.integers(0, w)), int(rng.integers(0, h))),
                 c, 3, cv2.LINE_AA)
    cv2.imwrite(os.path.join(OUT, "shapes.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 88])
    # 3. "checker": a perspective checkerboard (high frequencies, for the resize)
    w, h = SIZES["checker.png"]
    img, rng = base(3, (30, 30, 30), (60, 40, 20), w, h)
    board = np.zeros((400, 400, 3), np.uint8)
    for i in range(8):
        for j in range(8):
            if (i + j) % 2 == 0:
                board[i * 50:(i + 1) * 50, j * 50:(j + 1) * 50] = (230, 230, 220)
            else:
                board[i * 50:(i + 1) * 50, j * 50:(j + 1) * 50] = (40, 40, 160)
    src = np.float32([[0, 0], [400, 0], [400, 400], [0, 400]])
    dst = at(w, h, [(0.28, 0.12), (0.72, 0.12), (0.94, 0.92), (0.06, 0.92)]).astype(np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(board, m, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((400, 400), 255, np.uint8), m, (w, h)) > 0
    img[mask] = warped[mask]
    cv2.imwrite(os.path.join(OUT, "checker.png"), img, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    # 4. "rings": concentric colour rings
    w, h = SIZES["rings.jpg"]
    img, rng = base(4, (120, 40, 80), (20, 120, 160), w, h)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.hypot(x - 0.47 * w, y - 0.52 * h)
    rings = (np.sin(r / 9) * 0.5 + 0.5)[..., None]
    img = np.clip(img * (0.55 + 0.45 * rings), 0, 255).astype(np.uint8)
    cv2.imwrite(os.path.join(OUT, "rings.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 88])


if __name__ == "__main__":
    main()
