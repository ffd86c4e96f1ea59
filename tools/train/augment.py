"""Photometric augmentation that stands in for other renderers and cameras while keeping every label true.

The labels name colours, so nothing here turns one label colour into another: brightness, contrast and
saturation move within about a fifth, each channel's gain within 8 % (other shades of the same colour),
and hue is left alone. Blur, Gaussian noise and JPEG re-encoding imitate softer drawing code, sensor noise
and compressed files. Geometry is untouched, so masks and boxes stay exact and stage 2 can use it too.
"""

from __future__ import annotations

import io
import math
import random

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

import world_data as wd

JITTER_SHARE = 0.8   # images whose brightness, contrast, saturation and channel gains move
BLUR_SHARE = 0.25    # images blurred with sigma 0.4, 0.7 or 1.0 px (at the model's resolution)
NOISE_SHARE = 0.3    # images with Gaussian noise of sigma in [0.01, 0.05]
JPEG_SHARE = 0.3     # images re-encoded as JPEG at quality 35-90


def _jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return np.asarray(decoded.convert("RGB"), dtype=np.uint8)


def _blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    """Separable Gaussian blur of [N,3,R,R] images, reflecting at the border."""
    radius = max(1, int(round(3 * sigma)))
    t = torch.arange(-radius, radius + 1, dtype=torch.float32)
    k = torch.exp(-t * t / (2 * sigma * sigma))
    k = (k / k.sum()).view(1, 1, 1, -1).repeat(3, 1, 1, 1)
    y = F.conv2d(F.pad(x, (radius, radius, 0, 0), mode="reflect"), k, groups=3)
    return F.conv2d(F.pad(y, (0, 0, radius, radius), mode="reflect"), k.transpose(2, 3), groups=3)


BLUR_SIGMAS = (0.4, 0.7, 1.0)


def augmented_batch(images: np.ndarray, rng: random.Random) -> torch.Tensor:
    """uint8 [B,R,R,3] -> normalised float [B,3,R,R] (like ``world_data.image_batch``), each image changed
    by a random subset of the operations above, drawn from ``rng``."""
    images = images.copy()
    b = len(images)
    for i in range(b):
        if rng.random() < JPEG_SHARE:
            images[i] = _jpeg(images[i], rng.randint(35, 90))
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255.0

    def per_image(share, low, high, neutral):
        return torch.tensor([rng.uniform(low, high) if rng.random() < share else neutral for _ in range(b)])

    jitter = [rng.random() < JITTER_SHARE for _ in range(b)]
    def jittered(low, high):
        return torch.tensor([rng.uniform(low, high) if j else 1.0 for j in jitter]).view(b, 1, 1, 1)

    x = x * jittered(0.8, 1.2)                                                   # brightness
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    x = (x - mean) * jittered(0.8, 1.2) + mean                                   # contrast
    grey = (0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2])[:, None]
    x = (x - grey) * jittered(0.75, 1.25) + grey                                 # saturation
    x = x * torch.cat([jittered(0.92, 1.08) for _ in range(3)], dim=1)          # channel gains
    sigmas = [rng.choice(BLUR_SIGMAS) if rng.random() < BLUR_SHARE else None for _ in range(b)]
    for sigma in BLUR_SIGMAS:
        chosen = [i for i in range(b) if sigmas[i] == sigma]
        if chosen:
            x[chosen] = _blur(x[chosen], sigma)
    noise = per_image(NOISE_SHARE, 0.01, 0.05, 0.0).view(b, 1, 1, 1)
    g = torch.Generator().manual_seed(rng.randrange(2 ** 31))
    x = x + torch.randn(x.shape, generator=g) * noise
    return (x.clamp(0, 1) - wd.MEAN) / wd.STD


def zoom_grids(boxes, size: int, resolution: int, rng: random.Random, margin: float = 1.3) -> torch.Tensor:
    """Sampling grids [B,R,R,2] for ``F.grid_sample`` that cut from each image a square holding all of its objects
    (``boxes``: per image the union box [x0, y0, x1, y1] in pixels of a ``size``-pixel image) and scale it to the
    model's resolution: the square's side is drawn log-uniformly between ``margin`` times the box's longer side
    and the whole image, its position so that the box stays inside. Objects then appear at many more sizes,
    up to filling the picture, while every object named by the caption stays in it."""
    grids = []
    base = torch.linspace(-1 + 1 / resolution, 1 - 1 / resolution, resolution)
    gy, gx = torch.meshgrid(base, base, indexing="ij")
    for x0, y0, x1, y1 in boxes:
        smallest = min(size, max(x1 - x0, y1 - y0) * margin)
        side = math.exp(rng.uniform(math.log(smallest), math.log(size)))
        left = rng.uniform(max(0.0, x1 - side), min(x0, size - side)) if side < size else 0.0
        top = rng.uniform(max(0.0, y1 - side), min(y0, size - side)) if side < size else 0.0
        cx, cy = (left + side / 2) / size * 2 - 1, (top + side / 2) / size * 2 - 1
        scale = side / size
        grids.append(torch.stack([gx * scale + cx, gy * scale + cy], dim=-1))
    return torch.stack(grids)
