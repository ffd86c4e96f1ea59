"""Datasets written by the world generator (scenes.jsonl + PNGs), prepared exactly as the Java core
prepares its inputs.

Images: Pillow bicubic resize of the shortest side to the model resolution and a centre crop (the
scenes are square, so only the resize) -- the core's PillowResize reproduces Pillow. Alpha maps: the
binary region map (mask >= 128, or the box) at the image's size, resized with plain bilinear
interpolation (``F.interpolate(..., align_corners=False)``, no antialiasing) like the core's
TensorBilinearResize, then ``(a - 0.5) / 0.26`` when batched.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import List

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

MEAN = torch.tensor([0.48145466, 0.4578275, 0.40821073]).view(1, 3, 1, 1)
STD = torch.tensor([0.26862954, 0.26130258, 0.27577711]).view(1, 3, 1, 1)
ALPHA_MEAN, ALPHA_STD = 0.5, 0.26


@dataclass
class WorldData:
    scenes: List[dict]          # the JSONL objects
    images: np.ndarray          # uint8 [N, R, R, 3]
    masks: np.ndarray           # uint8 [M, R, R], resized mask * 255
    mask_index: List[List[int]]  # per scene, per object: row of ``masks``

    def __len__(self):
        return len(self.scenes)


def resize_image(path: str, resolution: int) -> np.ndarray:
    with Image.open(path) as im:
        im = im.convert("RGB")
        w, h = im.size
        if (w, h) != (resolution, resolution):
            scale = resolution / min(w, h)
            size = (max(resolution, round(w * scale)), max(resolution, round(h * scale)))
            im = im.resize(size, Image.BICUBIC)
            left, top = (size[0] - resolution) // 2, (size[1] - resolution) // 2
            im = im.crop((left, top, left + resolution, top + resolution))
        return np.asarray(im, dtype=np.uint8)


def resize_map(binary: np.ndarray, resolution: int) -> np.ndarray:
    h, w = binary.shape
    m = binary.astype(np.float32)
    if (h, w) == (resolution, resolution):
        return m
    if (h, w) == (2 * resolution, 2 * resolution):
        # bilinear, align_corners=False, at exactly half size samples between pixel pairs: a 2x2 mean
        return m.reshape(resolution, 2, resolution, 2).mean(axis=(1, 3))
    t = torch.from_numpy(m)[None, None]
    return F.interpolate(t, size=(resolution, resolution), mode="bilinear", align_corners=False)[0, 0].numpy()


def box_alpha(box, size: int, resolution: int) -> torch.Tensor:
    """The resized map of a pixel box [x0, y0, x1, y1) on a square image of ``size`` pixels."""
    def profile(lo, hi):
        line = torch.zeros(1, 1, size)
        line[..., lo:hi] = 1
        if size != resolution:
            line = F.interpolate(line, size=resolution, mode="linear", align_corners=False)
        return line[0, 0]
    x0, y0, x1, y1 = box
    return profile(y0, y1)[:, None] * profile(x0, x1)[None, :]


def load(folder: str, resolution: int, log=print) -> WorldData:
    """Reads a dataset folder, caching the prepared arrays in ``prepared-<R>.npz`` beside it (keyed by
    the SHA-256 of scenes.jsonl, so a regenerated dataset is prepared again)."""
    with open(os.path.join(folder, "scenes.jsonl"), "rb") as f:
        raw = f.read()
    digest = hashlib.sha256(raw).hexdigest()
    scenes = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    cache = os.path.join(folder, f"prepared-{resolution}.npz")
    mask_index, m = [], 0
    for s in scenes:
        mask_index.append(list(range(m, m + len(s["objects"]))))
        m += len(s["objects"])
    if os.path.isfile(cache):
        with np.load(cache) as z:
            if "digest" in z.files and str(z["digest"]) == digest:
                return WorldData(scenes, z["images"], z["masks"], mask_index)
    images = np.zeros((len(scenes), resolution, resolution, 3), np.uint8)
    masks = np.zeros((m, resolution, resolution), np.uint8)
    for i, s in enumerate(scenes):
        images[i] = resize_image(os.path.join(folder, s["image"]), resolution)
        for k, o in enumerate(s["objects"]):
            with Image.open(os.path.join(folder, o["mask"])) as im:
                binary = np.asarray(im.convert("L")) >= 128
            masks[mask_index[i][k]] = np.round(resize_map(binary, resolution) * 255).astype(np.uint8)
        if (i + 1) % 5000 == 0:
            log(f"  prepared {i + 1}/{len(scenes)} scenes of {folder}")
    np.savez(cache, images=images, masks=masks, digest=np.array(digest))
    return WorldData(scenes, images, masks, mask_index)


def image_batch(images: np.ndarray) -> torch.Tensor:
    """uint8 [B,R,R,3] -> normalised float [B,3,R,R]."""
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255.0
    return (x - MEAN) / STD


def alpha_batch(maps: torch.Tensor) -> torch.Tensor:
    """[B,R,R] maps in [0,1] -> normalised alpha [B,1,R,R]."""
    return ((maps - ALPHA_MEAN) / ALPHA_STD)[:, None]
