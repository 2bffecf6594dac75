"""Makes the sample images of cvj-samples (src/main/resources/images/): synthetic but image-like (gradients,
shapes, soft texture), all 640x480 so PreprocessSample can Stack them. Run once; the output is committed.

    python3 cvj-samples/tools/make_sample_images.py
"""
import os

import cv2
import numpy as np

W, H = 640, 480
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "images")


def base(seed, c0, c1):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:H, 0:W].astype(np.float32)
    t = (x / W * 0.6 + y / H * 0.4)[..., None]
    img = (np.array(c0, np.float32) * (1 - t) + np.array(c1, np.float32) * t)
    noise = cv2.GaussianBlur(rng.normal(0, 18, (H, W, 3)).astype(np.float32), (0, 0), 3)
    return np.clip(img + noise, 0, 255).astype(np.uint8), rng


def main():
    os.makedirs(OUT, exist_ok=True)
    # 1. "sunset": sky gradient, sun, hills
    img, rng = base(1, (40, 60, 200), (90, 170, 255))  # BGR
    cv2.circle(img, (470, 170), 60, (80, 210, 255), -1, cv2.LINE_AA)
    pts = np.array([[0, 480], [0, 330], [140, 280], [300, 340], [460, 290], [640, 350], [640, 480]], np.int32)
    cv2.fillPoly(img, [pts], (40, 110, 50), cv2.LINE_AA)
    cv2.imwrite(os.path.join(OUT, "sunset.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 88])
    # 2. "shapes": rectangles, circles and lines on a grey gradient
    img, rng = base(2, (200, 200, 200), (90, 90, 110))
    for _ in range(14):
        c = tuple(int(v) for v in rng.integers(0, 256, 3))
        x, y = int(rng.integers(0, W)), int(rng.integers(0, H))
        if rng.random() < 0.5:
            cv2.rectangle(img, (x, y), (x + int(rng.integers(30, 160)), y + int(rng.integers(30, 120))), c, -1, cv2.LINE_AA)
        else:
            cv2.circle(img, (x, y), int(rng.integers(15, 80)), c, -1, cv2.LINE_AA)
    for _ in range(6):
        c = tuple(int(v) for v in rng.integers(0, 256, 3))
        cv2.line(img, tuple(int(v) for v in rng.integers(0, 480, 2)), tuple(int(v) for v in rng.integers(0, 640, 2)), c, 3,
                 cv2.LINE_AA)
    cv2.imwrite(os.path.join(OUT, "shapes.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 88])
    # 3. "checker": a perspective checkerboard (high frequencies, for the resize)
    img, rng = base(3, (30, 30, 30), (60, 40, 20))
    board = np.zeros((400, 400, 3), np.uint8)
    for i in range(8):
        for j in range(8):
            if (i + j) % 2 == 0:
                board[i * 50:(i + 1) * 50, j * 50:(j + 1) * 50] = (230, 230, 220)
            else:
                board[i * 50:(i + 1) * 50, j * 50:(j + 1) * 50] = (40, 40, 160)
    src = np.float32([[0, 0], [400, 0], [400, 400], [0, 400]])
    dst = np.float32([[180, 60], [460, 60], [600, 440], [40, 440]])
    warped = cv2.warpPerspective(board, cv2.getPerspectiveTransform(src, dst), (W, H), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((400, 400), 255, np.uint8), cv2.getPerspectiveTransform(src, dst), (W, H)) > 0
    img[mask] = warped[mask]
    cv2.imwrite(os.path.join(OUT, "checker.png"), img, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    # 4. "rings": concentric colour rings
    img, rng = base(4, (120, 40, 80), (20, 120, 160))
    y, x = np.mgrid[0:H, 0:W].astype(np.float32)
    r = np.hypot(x - 300, y - 250)
    rings = (np.sin(r / 9) * 0.5 + 0.5)[..., None]
    img = np.clip(img * (0.55 + 0.45 * rings), 0, 255).astype(np.uint8)
    cv2.imwrite(os.path.join(OUT, "rings.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 88])


if __name__ == "__main__":
    main()
