#!/usr/bin/python3.11
"""Trains a small Alpha-CLIP on the shapes world with the paper's recipe and exports two model packages.

Stage 1 (CLIP): a ViT image tower and a text tower trained from scratch, contrastively, on whole-image
captions (alpha all ones; ``conv1_alpha`` stays zero and frozen).
Stage 2 (Alpha-CLIP): ``conv1_alpha`` starts at zero and learns at a higher rate than the transformer
blocks; the text tower and the temperature are frozen; each pair is a region (mask, or box) with a
phrase or referring expression, except a 0.1 share of whole-image pairs with alpha all ones and the
whole-image caption (the paper's sample ratio r_s = 0.1).

Both losses are CLIP's symmetric cross-entropy, with every text in the batch that is true of an image
(same object description) counted as a positive, since a small world repeats descriptions often.

    /usr/bin/python3.11 tools/train/train_alphaclip.py --train DATA1 [--train DATA2 ...] --test TEST \
        [--heldout TEST_VECTOR ...] --work WORK --alpha-package OUT1 --base-package OUT2 [--seed 0]

The datasets are folders written by the world generator (GenerateMain). See tools/train/README.md.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import random
import sys
import time
from dataclasses import dataclass
from typing import List, Optional, Sequence

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "export"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import alphaclip_model as am  # noqa: E402
import augment  # noqa: E402
import export_alphaclip as ex  # noqa: E402
import fast_ops  # noqa: E402
import world_data as wd  # noqa: E402
import world_tokenizer as wt  # noqa: E402

def config(resolution: int, patch: int, vision_width: int, vision_layers: int, text_layers: int) -> am.AlphaClipConfig:
    return am.AlphaClipConfig(embed_dim=128, image_resolution=resolution, patch_size=patch, vision_width=vision_width,
                              vision_layers=vision_layers, vision_heads=vision_width // 64, context_length=wt.CONTEXT_LENGTH,
                              vocab_size=len(wt.VOCAB), text_width=128, text_layers=text_layers, text_heads=2)
PROMPT_TEMPLATES = ["{}", "a photo of {}."]
LABELS = [f"{c} {s}" for c in wt.COLOURS for s in wt.SHAPES]
# Stage 1 contrasts every single-object image with these phrases too: the shapes, and colour + shape
LABEL_POOL = list(wt.SHAPES) + LABELS
LABEL_POOL_KEYS = [[(None, s, None)] for s in wt.SHAPES] + [[(c, s, None)] for c in wt.COLOURS for s in wt.SHAPES]
TEXT_WARMUP_SHARE = 0.4  # stage 1 steps during which the text tower stays at its initialisation
TOKEN_INIT_STD = 1.0     # word embeddings start far apart, so every word's text embedding differs at once
WHOLE_SHARE = 0.1      # paper: r_s = 0.1
SILHOUETTE_SHARE = 0.5  # stage 1 pairs that show one object's mask as a white silhouette on black
BOX_SHARE = 0.25       # region pairs whose alpha is the box instead of the mask
EXPRESSION_SHARE = 0.3  # region pairs whose text is a referring expression instead of a phrase


def say(msg: str) -> None:
    print(msg, flush=True)


# ----------------------------------------------------------------------------------------------
# Texts and which texts are true of which samples
# ----------------------------------------------------------------------------------------------

def object_text(rng: random.Random, o: dict):
    """A phrase for one object in one of the label styles: 'red circle', 'a small red circle.', ..."""
    size = o["size"] if rng.random() < 0.35 else None
    text = " ".join(([size] if size else []) + [o["colour"], o["shape"]])
    r = rng.random()
    if r < 0.15:
        text = "a photo of " + ("a " if rng.random() < 0.5 else "") + text
    elif r < 0.6:
        text = "a " + text
    if rng.random() < 0.3:
        text += "."
    return text, [(o["colour"], o["shape"], size)]


def shape_text(rng: random.Random, o: dict):
    """A colourless phrase for a silhouette: 'circle', 'a small circle.', 'a photo of a star', ..."""
    size = o["size"] if rng.random() < 0.35 else None
    text = " ".join(([size] if size else []) + [o["shape"]])
    r = rng.random()
    if r < 0.15:
        text = "a photo of a " + text
    elif r < 0.6:
        text = "a " + text
    if rng.random() < 0.3:
        text += "."
    return text, [(None, o["shape"], size)]


def caption_text(rng: random.Random, scene: dict):
    """A whole-image caption: every object left to right, with or without sizes."""
    objects = sorted(scene["objects"], key=lambda o: (o["box"][0] + o["box"][2]) / 2)
    if len(objects) == 1:
        return object_text(rng, objects[0])
    with_size = rng.random() < 0.5
    phrases = ["a " + (o["size"] + " " if with_size else "") + o["colour"] + " " + o["shape"] for o in objects]
    text = ", ".join(phrases[:-1]) + " and " + phrases[-1]
    if rng.random() < 0.3:
        text += "."
    return text, [(o["colour"], o["shape"], o["size"] if with_size else None) for o in objects]


def expression_key(text: str, scene: int, target: int):
    """Attribute-only expressions are true of any matching region; relations only of their target."""
    w = text.split()
    if len(w) == 3 and w[1] in wt.COLOURS and w[2] in wt.SHAPES:
        return [(w[1], w[2], None)]
    if len(w) == 2 and w[1] in wt.SHAPES:
        return [(None, w[1], None)]
    if len(w) == 3 and w[1] in wt.COLOURS and w[2] == "shape":
        return [(w[1], None, None)]
    return ("ref", scene, target)


def is_true(content, ref, key) -> bool:
    """Whether a text (its key) describes a sample (its objects, and (scene, object) for regions). A
    None in a key leaves that attribute open; a None colour in a sample (a silhouette) is compatible
    with any colour."""
    if isinstance(key, tuple):
        return ref == (key[1], key[2])
    if len(key) != len(content):
        return False
    used = set()
    for c, s, z in key:
        for i, (cc, ss, zz) in enumerate(content):
            if i not in used and (c is None or cc is None or c == cc) and (s is None or s == ss) \
                    and (z is None or z == zz):
                used.add(i)
                break
        else:
            return False
    return True


def truth_matrix(contents, refs, keys) -> torch.Tensor:
    """[images, texts]: text j is true of image i. The first len(contents) texts are the pairs' own (the
    diagonal is true); texts beyond them are extra hard negatives, true only where is_true says so."""
    t = torch.zeros(len(contents), len(keys))
    for i in range(len(contents)):
        for j in range(len(keys)):
            t[i, j] = 1.0 if i == j or is_true(contents[i], refs[i], keys[j]) else 0.0
    return t


def multi_positive_loss(logits, truth, dim: int = 1):
    """Cross-entropy along ``dim`` where every true entry is a positive, sharing the target mass."""
    return -(truth / truth.sum(dim, keepdim=True) * F.log_softmax(logits, dim=dim)).sum(dim).mean()


def contrastive_loss(image_emb, text_emb, scale, truth):
    """CLIP's symmetric loss; texts beyond the batch's pairs (hard negatives) enter only the image-to-text side."""
    logits = scale * F.normalize(image_emb, dim=-1) @ F.normalize(text_emb, dim=-1).t()
    n = len(image_emb)
    return (multi_positive_loss(logits, truth, 1) + multi_positive_loss(logits[:, :n], truth[:, :n], 0)) / 2


def swapped_caption(rng: random.Random, scene: dict):
    """A hard negative for a scene's caption: the same objects, one of them with another shape or colour
    (an object the scene does not have), so the caption and the negative differ by one attribute."""
    objects = sorted(scene["objects"], key=lambda o: (o["box"][0] + o["box"][2]) / 2)
    k = rng.randrange(len(objects))
    present = {(o["colour"], o["shape"]) for o in objects}
    o = dict(objects[k])
    shapes = [x for x in wt.SHAPES if (o["colour"], x) not in present]
    colours = [x for x in wt.COLOURS if (x, o["shape"]) not in present]
    if shapes and (not colours or rng.random() < 0.5):
        o["shape"] = rng.choice(shapes)
    else:
        o["colour"] = rng.choice(colours)
    changed = objects[:k] + [o] + objects[k + 1:]
    return caption_text(rng, dict(scene, objects=changed))


def answer_keep_loss(student_emb, teacher_emb, pool_emb, scale):
    """KL divergence of the student's LABEL_POOL probabilities from the teacher's, for whole images: it holds
    the answers the stage-1 model gives, not its whole embedding, so the alpha weights keep room to move."""
    pool = F.normalize(pool_emb, dim=-1)
    teacher_logp = F.log_softmax(scale * F.normalize(teacher_emb, dim=-1) @ pool.t(), dim=-1)
    student_logp = F.log_softmax(scale * F.normalize(student_emb, dim=-1) @ pool.t(), dim=-1)
    return (teacher_logp.exp() * (teacher_logp - student_logp)).sum(-1).mean()


def label_pool_loss(image_emb, pool_emb, scale, contents, presence: bool = False):
    """Image-to-text cross-entropy against the LABEL_POOL phrases, for the images that one of them
    describes (single objects): every image meets every label as a negative in every step, which a
    batch of 128 captions drawn from a small world rarely offers. With ``presence``, scenes of several
    objects take part too, every phrase of an object they show counting as a positive: each scene then
    says which shapes it holds, not only single-object images."""
    def true_of(c, key):
        if not presence:
            return is_true(c, None, key)
        return any(is_true([o], None, key) for o in c)
    truth = torch.tensor([[1.0 if true_of(c, key) else 0.0 for key in LABEL_POOL_KEYS] for c in contents])
    described = truth.sum(1) > 0
    if not bool(described.any()):
        return image_emb.sum() * 0
    logits = scale * F.normalize(image_emb[described], dim=-1) @ F.normalize(pool_emb, dim=-1).t()
    return multi_positive_loss(logits, truth[described])


class Tokens:
    """Token ids per text, cached."""

    def __init__(self):
        self.cache = {}

    def __call__(self, texts: Sequence[str]) -> torch.Tensor:
        rows = []
        for t in texts:
            if t not in self.cache:
                self.cache[t] = wt.encode(t)
            rows.append(self.cache[t])
        return torch.tensor(rows, dtype=torch.long)


def object_tuple(o):
    return (o["colour"], o["shape"], o["size"])


# ----------------------------------------------------------------------------------------------
# Training
# ----------------------------------------------------------------------------------------------

def cosine_lr(step: int, total: int, warmup: int) -> float:
    if step < warmup:
        return (step + 1) / warmup
    return 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))


def decay_groups(named, lr):
    decay, keep = [], []
    for name, p in named:
        if not p.requires_grad:
            continue
        (decay if p.dim() >= 2 and "embedding" not in name else keep).append(p)
    return [{"params": decay, "lr": lr, "base_lr": lr}, {"params": keep, "lr": lr, "base_lr": lr, "weight_decay": 0.0}]


class Data:
    """All training scenes of the given folders as one list."""

    def __init__(self, folders: List[str], resolution: int):
        self.parts = [wd.load(f, resolution, say) for f in folders]
        self.index = [(p, i) for p, part in enumerate(self.parts) for i in range(len(part))]

    def __len__(self):
        return len(self.index)

    def scene(self, n):
        p, i = self.index[n]
        return self.parts[p], i


def full_alpha(b: int, r: int) -> torch.Tensor:
    return wd.alpha_batch(torch.ones(b, r, r))


@dataclass
class Stage1Recipe:
    """What stage 1 adds to plain CLIP training (see train_clip and tools/train/README.md)."""
    silhouette_share: float = SILHOUETTE_SHARE
    presence: bool = False        # the label-pool loss covers scenes of several objects too
    hard_negatives: float = 0.0   # share of pairs whose caption brings a one-attribute-swapped negative
    augment: bool = False         # photometric augmentation (augment.py)
    zoom: float = 0.0             # share of images cut to a square around their objects and enlarged (augment.zoom_grids)
    flat_background: float = 0.0  # share of scenes whose background is painted over with one random colour


def patch_labels(scenes, masks, patch: int, label_of, background: int, coverage: float = 0.25) -> torch.Tensor:
    """[B, G*G] class per patch for token labelling: the label of the object covering most of the patch (at least
    ``coverage`` of it), else ``background``. ``masks``: per scene, uint8 [objects, R, R] at the model's resolution."""
    rows = []
    for scene, m in zip(scenes, masks):
        cover = F.avg_pool2d(torch.from_numpy(m.astype(np.float32) / 255.0)[:, None], patch)[:, 0].flatten(1)
        best, which = cover.max(0)
        labels = torch.tensor([label_of(o) for o in scene["objects"]])[which]
        rows.append(torch.where(best >= coverage, labels, torch.full_like(labels, background)))
    return torch.stack(rows)


def flat_background(image: np.ndarray, masks, rng: random.Random) -> np.ndarray:
    """The scene with everything outside its objects' masks (uint8 [R,R] each) painted one random colour: the
    objects in their own colours on a plain ground, between a silhouette and a scene."""
    cover = np.max(np.stack(masks), axis=0).astype(np.float32)[:, :, None] / 255.0
    ground = np.array([rng.randrange(256) for _ in range(3)], dtype=np.float32)
    return (image.astype(np.float32) * cover + ground * (1.0 - cover)).round().astype(np.uint8)


def union_box(objects, size: int, resolution: int):
    """The box around the given objects, in pixels of the model's resolution."""
    f = resolution / size
    return [min(o["box"][0] for o in objects) * f, min(o["box"][1] for o in objects) * f,
            max(o["box"][2] for o in objects) * f, max(o["box"][3] for o in objects) * f]


def train_clip(model, data: Data, steps: int, batch: int, lr: float, seed: int, tokens: Tokens,
               recipe: Stage1Recipe = Stage1Recipe(), log_every=25, check=None, check_every=250):
    """Stage 1: whole-image captions, alpha all ones, conv1_alpha frozen at zero. A SILHOUETTE_SHARE of
    the pairs shows one object's mask as a white silhouette on black with its phrase, with or without
    the colour (a silhouette has no colour, so every colour's phrase of its shape counts as true): a
    from-scratch ViT learns colour from the scenes within minutes but shape only from such
    constant-contrast drawings. The text tower stays at its initialisation (word embeddings far apart)
    for the first TEXT_WARMUP_SHARE of the steps: trained together from the start, both towers keep the
    four shape words' embeddings nearly equal and the image tower gets no shape signal (measured:
    silhouette shape accuracy at chance after 1,500 steps; with the warm-up 62% after 200)."""
    rng = random.Random(seed)
    model.visual.conv1_alpha.weight.requires_grad_(False)
    text_tower = [p for n, p in model.named_parameters() if not n.startswith("visual.") and n != "logit_scale"]
    text_warmup = int(TEXT_WARMUP_SHARE * steps)
    groups = decay_groups(model.named_parameters(), lr)
    opt = torch.optim.AdamW(groups, betas=(0.9, 0.98), eps=1e-6, weight_decay=0.1)
    alpha = full_alpha(batch, data.parts[0].images.shape[1])
    start = time.time()
    warmup = max(1, steps // 20)
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = g["base_lr"] * cosine_lr(step, steps, warmup)
        picks = rng.sample(range(len(data)), batch)
        images, texts, keys, contents, refs = [], [], [], [], []
        negatives, negative_keys, boxes = [], [], []
        for n in picks:
            part, i = data.scene(n)
            scene = part.scenes[i]
            if rng.random() < recipe.silhouette_share:
                k = rng.randrange(len(scene["objects"]))
                o = scene["objects"][k]
                text, key = shape_text(rng, o) if rng.random() < 0.5 else object_text(rng, o)
                images.append(np.repeat(part.masks[part.mask_index[i][k]][:, :, None], 3, axis=2))
                contents.append([(None, o["shape"], o["size"])])
                boxes.append(union_box([o], scene["width"], part.images.shape[1]))
            else:
                text, key = caption_text(rng, scene)
                if recipe.flat_background > 0 and rng.random() < recipe.flat_background:
                    images.append(flat_background(part.images[i], [part.masks[m] for m in part.mask_index[i]], rng))
                else:
                    images.append(part.images[i])
                contents.append([object_tuple(o) for o in scene["objects"]])
                boxes.append(union_box(scene["objects"], scene["width"], part.images.shape[1]))
                if recipe.hard_negatives > 0 and rng.random() < recipe.hard_negatives:
                    negative, negative_key = swapped_caption(rng, scene)
                    negatives.append(negative)
                    negative_keys.append(negative_key)
            texts.append(text)
            keys.append(key)
            refs.append(None)
        stacked = np.stack(images)
        pixels = augment.augmented_batch(stacked, rng) if recipe.augment else wd.image_batch(stacked)
        zoomed = [j for j in range(len(picks)) if rng.random() < recipe.zoom] if recipe.zoom > 0 else []
        if zoomed:
            r = pixels.shape[-1]
            grids = augment.zoom_grids([boxes[j] for j in zoomed], r, r, rng)
            pixels[zoomed] = F.grid_sample(pixels[zoomed], grids, mode="bilinear", padding_mode="border",
                                           align_corners=False)
        image_emb = model.encode_image(pixels, alpha)
        text_emb = model.encode_text(tokens(texts + negatives))
        scale = model.logit_scale.exp().clamp(max=100)
        loss = contrastive_loss(image_emb, text_emb, scale, truth_matrix(contents, refs, keys + negative_keys))
        loss = loss + label_pool_loss(image_emb, model.encode_text(tokens(LABEL_POOL)), scale, contents,
                                      presence=recipe.presence)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if step < text_warmup:
            for p in text_tower:
                p.grad = None
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, math.log(100))
        if (step + 1) % log_every == 0 or step + 1 == steps:
            el = time.time() - start
            say(f"stage 1 step {step + 1}/{steps} loss {loss.item():.3f} scale {scale.item():.1f} "
                f"{(step + 1) * batch / el:.0f} img/s, {el / 60:.1f} min, eta {el / (step + 1) * (steps - step - 1) / 60:.1f} min")
        if check is not None and (step + 1) % check_every == 0:
            check("stage 1")


def region_sample(rng: random.Random, part, i: int, k: Optional[int], scene_id):
    """(image, alpha map [R,R], text, key, content, ref) for object k of scene i, or the whole image."""
    scene = part.scenes[i]
    r = part.images.shape[1]
    if k is None:
        text, key = caption_text(rng, scene)
        return (part.images[i], torch.ones(r, r), text, key, [object_tuple(o) for o in scene["objects"]], None)
    o = scene["objects"][k]
    if rng.random() < BOX_SHARE:
        amap = wd.box_alpha(o["box"], scene["width"], r)
    else:
        amap = torch.from_numpy(part.masks[part.mask_index[i][k]].astype(np.float32) / 255.0)
    expressions = [e for e in scene["expressions"] if e["target"] == k]
    if expressions and rng.random() < EXPRESSION_SHARE:
        e = rng.choice(expressions)
        text, key = e["text"], expression_key(e["text"], scene_id, k)
    else:
        text, key = object_text(rng, o)
    return (part.images[i], amap, text, key, [object_tuple(o)], (scene_id, k))


def train_alpha(model, data: Data, steps: int, batch: int, lr_alpha: float, lr_visual: float, seed: int,
                tokens: Tokens, pool_weight: float, keep_weight: float, keep_extra: int, augmented: bool = False,
                log_every=25, check=None, check_every=250):
    """Stage 2: region-text pairs plus a WHOLE_SHARE of whole-image pairs; text tower frozen.

    Besides the contrastive loss, every pair also meets the LABEL_POOL phrases (weight pool_weight), as
    in stage 1, and whole images keep the label-pool answers of a frozen copy of the stage-1 image tower
    (weight keep_weight): the whole-image pairs and keep_extra more scenes of the batch seen with alpha all
    ones, for that term only (the contrastive pairs keep the WHOLE_SHARE)."""
    rng = random.Random(seed)
    teacher = copy.deepcopy(model.visual).eval() if keep_weight > 0 else None
    if teacher is not None:
        for p in teacher.parameters():
            p.requires_grad_(False)
    with torch.no_grad():
        pool_emb = model.encode_text(tokens(LABEL_POOL))
    for name, p in model.named_parameters():
        p.requires_grad_(name.startswith("visual."))
    alpha_params = [model.visual.conv1_alpha.weight]
    rest = [(n, p) for n, p in model.visual.named_parameters() if n != "conv1_alpha.weight"]
    groups = decay_groups(rest, lr_visual)
    groups.append({"params": alpha_params, "lr": lr_alpha, "base_lr": lr_alpha})
    opt = torch.optim.AdamW(groups, betas=(0.9, 0.98), eps=1e-6, weight_decay=2e-2)
    scale = model.logit_scale.exp().detach()
    start = time.time()
    warmup = max(1, steps // 20)
    text_cache = {}
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = g["base_lr"] * cosine_lr(step, steps, warmup)
        samples = []
        while len(samples) < batch:
            n = rng.randrange(len(data))
            part, i = data.scene(n)
            count = len(part.scenes[i]["objects"])
            ks = rng.sample(range(count), 2) if count >= 2 else [0, 0]
            for k in ks:
                samples.append(region_sample(rng, part, i, None if rng.random() < WHOLE_SHARE else k, n))
        samples = samples[:batch]
        stacked = np.stack([s[0] for s in samples])
        images = augment.augmented_batch(stacked, rng) if augmented else wd.image_batch(stacked)
        alpha = wd.alpha_batch(torch.stack([s[1] for s in samples]))
        texts = [s[2] for s in samples]
        missing = sorted({t for t in texts if t not in text_cache})
        if missing:
            with torch.no_grad():
                for t, e in zip(missing, model.encode_text(tokens(missing))):
                    text_cache[t] = e
        text_emb = torch.stack([text_cache[t] for t in texts])
        contents = [s[4] for s in samples]
        truth = truth_matrix(contents, [s[5] for s in samples], [s[3] for s in samples])
        image_emb = model.encode_image(images, alpha)
        loss = contrastive_loss(image_emb, text_emb, scale, truth)
        if pool_weight > 0:
            loss = loss + pool_weight * label_pool_loss(image_emb, pool_emb, scale, contents)
        whole = torch.tensor([s[5] is None for s in samples])
        if teacher is not None:
            # the whole-image pairs, and the images of the first keep_extra scenes seen whole
            held_images, held_emb = images[whole], image_emb[whole]
            extra = images[:2 * keep_extra:2]
            if len(extra):
                held_images = torch.cat([held_images, extra])
                held_emb = torch.cat([held_emb, model.encode_image(extra, full_alpha(len(extra), extra.shape[-1]))])
            if len(held_images):
                with torch.no_grad():
                    target = teacher(held_images, full_alpha(len(held_images), held_images.shape[-1]))
                loss = loss + keep_weight * answer_keep_loss(held_emb, target, pool_emb, scale)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.visual.parameters(), 1.0)
        opt.step()
        if (step + 1) % log_every == 0 or step + 1 == steps:
            el = time.time() - start
            say(f"stage 2 step {step + 1}/{steps} loss {loss.item():.3f} |conv1_alpha| "
                f"{model.visual.conv1_alpha.weight.abs().mean().item():.4f} {(step + 1) * batch / el:.0f} img/s, "
                f"{el / 60:.1f} min, eta {el / (step + 1) * (steps - step - 1) / 60:.1f} min")
        if check is not None and (step + 1) % check_every == 0:
            check("stage 2")


# ----------------------------------------------------------------------------------------------
# Quick evaluation (the Java world:evaluate command is the reference)
# ----------------------------------------------------------------------------------------------

@torch.no_grad()
def classifier(model, tokens: Tokens) -> torch.Tensor:
    rows = []
    for label in LABELS:
        e = F.normalize(model.encode_text(tokens([t.replace("{}", label) for t in PROMPT_TEMPLATES])), dim=-1)
        rows.append(F.normalize(e.mean(0), dim=-1))
    return torch.stack(rows)


@torch.no_grad()
def evaluate(model, data: wd.WorldData, tokens: Tokens) -> dict:
    """Top-1 over LABELS: regions with mask alpha, regions with alpha all ones, single-object whole images."""
    model.eval()
    weights = classifier(model, tokens)
    r = data.images.shape[1]
    rows = [(i, k) for i, s in enumerate(data.scenes) for k in range(len(s["objects"]))]
    hits = {"mask": 0, "whole-alpha": 0}
    for start in range(0, len(rows), 128):
        chunk = rows[start:start + 128]
        images = wd.image_batch(np.stack([data.images[i] for i, _ in chunk]))
        truth = torch.tensor([LABELS.index(data.scenes[i]["objects"][k]["label"]) for i, k in chunk])
        masks = torch.stack([torch.from_numpy(data.masks[data.mask_index[i][k]].astype(np.float32) / 255.0)
                             for i, k in chunk])
        for name, alpha in (("mask", wd.alpha_batch(masks)), ("whole-alpha", full_alpha(len(chunk), r))):
            pred = (F.normalize(model.encode_image(images, alpha), dim=-1) @ weights.t()).argmax(1)
            hits[name] += int((pred == truth).sum())
    shape_weights = F.normalize(model.encode_text(tokens(wt.SHAPES)), dim=-1)
    silhouette_hits = 0
    for start in range(0, len(rows), 128):
        chunk = rows[start:start + 128]
        silhouettes = np.stack([np.repeat(data.masks[data.mask_index[i][k]][:, :, None], 3, axis=2) for i, k in chunk])
        truth = torch.tensor([wt.SHAPES.index(data.scenes[i]["objects"][k]["shape"]) for i, k in chunk])
        emb = model.encode_image(wd.image_batch(silhouettes), full_alpha(len(chunk), r))
        silhouette_hits += int(((F.normalize(emb, dim=-1) @ shape_weights.t()).argmax(1) == truth).sum())
    singles = [i for i, s in enumerate(data.scenes) if len(s["objects"]) == 1]
    single_hits = 0
    for start in range(0, len(singles), 128):
        chunk = singles[start:start + 128]
        images = wd.image_batch(np.stack([data.images[i] for i in chunk]))
        truth = torch.tensor([LABELS.index(data.scenes[i]["objects"][0]["label"]) for i in chunk])
        pred = (F.normalize(model.encode_image(images, full_alpha(len(chunk), r)), dim=-1) @ weights.t()).argmax(1)
        single_hits += int((pred == truth).sum())
    model.train()
    return {"regions": len(rows), "mask": hits["mask"] / len(rows), "whole-alpha": hits["whole-alpha"] / len(rows),
            "single-scenes": len(singles), "whole-image": single_hits / max(1, len(singles)),
            "silhouette-shape": silhouette_hits / len(rows)}


def report(tag: str, model, tests, tokens):
    for name, data in tests:
        m = evaluate(model, data, tokens)
        say(f"[{tag}] {name}: region top-1 mask {100 * m['mask']:.1f}%, whole alpha {100 * m['whole-alpha']:.1f}% "
            f"({m['regions']} regions); whole-image single-object {100 * m['whole-image']:.1f}% "
            f"({m['single-scenes']} scenes); silhouette shape {100 * m['silhouette-shape']:.1f}%")


# ----------------------------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------------------------

def export(state: dict, out_dir: str, name: str, description: str, stage: str) -> am.AlphaClip:
    """Writes a package; returns the exported (plain PyTorch) model."""
    return ex.export_package({k: v.detach().clone() for k, v in state.items()}, out_dir, name, wt.write_tokenizer_json,
                      prompt_templates=PROMPT_TEMPLATES, description=description,
                      tokenizer_meta={"type": "word-level", "cleaning": "basic", "startToken": wt.SOT,
                                      "endToken": wt.EOT},
                      source={"trainer": "tools/train/train_alphaclip.py", "stage": stage}, round_fp16=False)["model"]


@torch.no_grad()
def write_parity(model: am.AlphaClip, folder: str, out_dir: str, scenes: int = 4) -> None:
    """Reference numbers for the Java tests: token ids of test strings, and image embeddings of the
    first scenes of a generated dataset (object 0 with mask and box alpha, and the whole image), which
    the Java encoder must reproduce from the regenerated scenes -- same pixels, resize and alpha map."""
    os.makedirs(out_dir, exist_ok=True)
    wt.write_parity(os.path.join(out_dir, "tokenizer-parity.json"))
    with open(os.path.join(folder, "dataset.json"), encoding="utf-8") as f:
        params = json.load(f)
    data = wd.load(folder, model.config.image_resolution, say)
    r = model.config.image_resolution
    rows = []
    for i in range(scenes):
        scene = data.scenes[i]
        o = scene["objects"][0]
        maps = {"mask": torch.from_numpy(data.masks[data.mask_index[i][0]].astype(np.float32) / 255.0),
                "box": wd.box_alpha(o["box"], scene["width"], r), "whole": torch.ones(r, r)}
        image = wd.image_batch(data.images[i:i + 1])
        for region, amap in maps.items():
            emb = model.encode_image(image, wd.alpha_batch(amap[None]))[0]
            rows.append({"index": i, "object": 0, "region": region, "embedding": [float(v) for v in emb]})
    doc = {"renderer": params["renderer"], "seed": params["seed"], "split": params["split"], "size": params["size"],
           "minObjects": params["minObjects"], "maxObjects": params["maxObjects"], "rows": rows}
    with open(os.path.join(out_dir, "embedding-parity.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--train", action="append", required=True, help="training dataset folder (repeatable)")
    p.add_argument("--test", required=True, help="held-out dataset folder of the training renderer")
    p.add_argument("--heldout", action="append", default=[],
                   help="held-out dataset folder of another renderer (reported only; repeatable)")
    p.add_argument("--work", required=True, help="folder for checkpoints")
    p.add_argument("--alpha-package", required=True, help="package folder for the Alpha-CLIP model")
    p.add_argument("--base-package", required=True, help="package folder for the stage-1 CLIP model")
    p.add_argument("--parity", help="folder for the Java tests' reference files (token ids, embeddings)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--steps1", type=int, default=1500)
    p.add_argument("--steps2", type=int, default=2500)
    p.add_argument("--lr1", type=float, default=5e-4)
    p.add_argument("--lr-alpha", type=float, default=1e-3, help="stage 2 learning rate of conv1_alpha")
    p.add_argument("--lr-visual", type=float, default=1e-4, help="stage 2 learning rate of the rest of the image tower")
    p.add_argument("--singles", help="dataset folder of single-object scenes for the whole-image checks")
    p.add_argument("--pool-weight", type=float, default=1.0, help="stage 2 weight of the label-pool loss")
    p.add_argument("--keep-weight", type=float, default=3.0,
                   help="stage 2 weight that holds whole-image label-pool answers near the stage-1 model's")
    p.add_argument("--keep-extra", type=int, default=32,
                   help="stage 2: scenes per batch also seen whole (alpha all ones) for that term only")
    p.add_argument("--resolution", type=int, default=128, help="image input size")
    p.add_argument("--patch", type=int, default=16, help="ViT patch size")
    p.add_argument("--vision-width", type=int, default=128, help="image tower width (heads: width / 64)")
    p.add_argument("--silhouette-share", type=float, default=SILHOUETTE_SHARE,
                   help="stage 1 share of pairs that show a silhouette")
    p.add_argument("--presence", action="store_true",
                   help="stage 1: the label-pool loss covers scenes of several objects (every shown label true)")
    p.add_argument("--hard-negatives", type=float, default=0.0,
                   help="stage 1 share of scene pairs that bring a caption with one attribute swapped")
    p.add_argument("--augment", action="store_true", help="photometric augmentation (augment.py) in both stages")
    p.add_argument("--zoom", type=float, default=0.0,
                   help="stage 1 share of images cut to a square around their objects and enlarged")
    p.add_argument("--flat-background", type=float, default=0.0,
                   help="stage 1 share of scenes shown with their background painted one random colour")
    p.add_argument("--stage1-only", action="store_true", help="stop after stage 1 and its report (experiments)")
    p.add_argument("--vision-layers", type=int, default=4)
    p.add_argument("--text-layers", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    cfg = config(args.resolution, args.patch, args.vision_width, args.vision_layers, args.text_layers)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    os.makedirs(args.work, exist_ok=True)
    tokens = Tokens()
    t0 = time.time()
    say(f"model: {cfg}")
    data = Data(args.train, cfg.image_resolution)
    texts = [s["caption"] for part in data.parts for s in part.scenes]
    texts += [e["text"] for part in data.parts for s in part.scenes for e in s["expressions"]]
    unknown = wt.unknown_words(texts)
    if unknown:
        raise SystemExit(f"error: the vocabulary lacks words the generator uses: {unknown}")
    tests = [("test", wd.load(args.test, cfg.image_resolution, say))]
    for folder in args.heldout:
        tests.append((os.path.basename(os.path.normpath(folder)), wd.load(folder, cfg.image_resolution, say)))
    say(f"data: {len(data)} training scenes, prepared in {time.time() - t0:.0f} s")
    first = tests[0][1]
    quick = wd.WorldData(first.scenes[:150], first.images[:150], first.masks, first.mask_index[:150])

    singles = wd.load(args.singles, cfg.image_resolution, say) if args.singles else None
    if singles is not None:
        tests.append(("singles", singles))

    def check(tag):
        """A quick look at 150 held-out scenes (and the single-object scenes) while training."""
        m = evaluate(model, quick, tokens)
        whole = evaluate(model, singles, tokens) if singles is not None else m
        say(f"  [{tag}] 150 test scenes: region mask {100 * m['mask']:.1f}%, whole alpha {100 * m['whole-alpha']:.1f}%, "
            f"silhouette shape {100 * m['silhouette-shape']:.1f}%; whole-image single-object "
            f"{100 * whole['whole-image']:.1f}% ({whole['single-scenes']} scenes)")

    stage1 = os.path.join(args.work, "stage1.pt")
    model = fast_ops.use_convolutions(am.AlphaClip(cfg))
    with torch.no_grad():
        model.visual.conv1_alpha.weight.zero_()
        model.logit_scale.fill_(math.log(1 / 0.07))
        torch.nn.init.normal_(model.token_embedding.weight, std=TOKEN_INIT_STD)
    if os.path.isfile(stage1):
        say(f"stage 1: reusing {stage1}")
        model.load_state_dict(torch.load(stage1))
    else:
        model.train()
        recipe = Stage1Recipe(args.silhouette_share, args.presence, args.hard_negatives, args.augment, args.zoom,
                              args.flat_background)
        train_clip(model, data, args.steps1, args.batch, args.lr1, args.seed, tokens, recipe, check=check)
        torch.save(model.state_dict(), stage1)
    report("stage 1", model, tests, tokens)
    if args.stage1_only:
        say(f"stage 1 only: done in {(time.time() - t0) / 60:.1f} min")
        return 0
    base_state = {k: v.clone() for k, v in model.state_dict().items()}

    stage2 = os.path.join(args.work, "stage2.pt")
    if os.path.isfile(stage2):
        say(f"stage 2: reusing {stage2}")
        model.load_state_dict(torch.load(stage2))
    else:
        model.train()
        train_alpha(model, data, args.steps2, args.batch, args.lr_alpha, args.lr_visual, args.seed + 1, tokens,
                    args.pool_weight, args.keep_weight, args.keep_extra, args.augment, check=check)
        torch.save(model.state_dict(), stage2)
    report("stage 2", model, tests, tokens)

    arch = (f"ViT {cfg.image_resolution}px/{cfg.patch_size}, width {cfg.vision_width}, "
            f"{cfg.vision_layers} layers; text width {cfg.text_width}, {cfg.text_layers} layers, "
            f"{len(wt.VOCAB)} words")
    exported = export(model.state_dict(), args.alpha_package, os.path.basename(args.alpha_package),
           f"Alpha-CLIP trained on the synthetic shapes world (tools/train, seed {args.seed}): {arch}", "alpha")
    export(base_state, args.base_package, os.path.basename(args.base_package),
           f"CLIP before alpha fine-tuning (stage 1 of tools/train, seed {args.seed}); conv1_alpha is zero: {arch}",
           "clip")
    if args.parity:
        write_parity(exported, args.test, args.parity)
        say(f"wrote the Java tests' reference files to {args.parity}")
    say(f"done in {(time.time() - t0) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
