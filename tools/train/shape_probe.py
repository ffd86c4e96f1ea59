#!/usr/bin/python3.11
"""How fast can an image tower learn the shape of one object in a scene? A supervised diagnostic for the
default model's stage 1 (docs/default-model.md, "Shape in whole images").

Trains a tower with a 4-way linear head (circle, square, triangle, star) on single-object scenes and prints
the held-out accuracy every 100 steps. Towers: ``vit`` (the default model's image tower), ``vit-stem`` (the
same with two stride-2 convolutions before the patch embedding), ``cnn-max`` and ``cnn-avg`` (four stride-2
convolutions, global max or average pooling). ``--zoom`` cuts each image to a square around its object and
enlarges it (augment.zoom_grids) before training on it.

    /usr/bin/python3.11 tools/train/shape_probe.py --train DATA --test DATA [--tower vit] [--steps 300]

DATA folders come from the world generator with ``--objects 1`` (see train_default_model.sh).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "export"))

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import alphaclip_model as am  # noqa: E402
import augment  # noqa: E402
import fast_ops  # noqa: E402
import train_alphaclip as ta  # noqa: E402
import world_data as wd  # noqa: E402
import world_tokenizer as wt  # noqa: E402


class VisionFeatures(nn.Module):
    """The Alpha-CLIP image tower with alpha all ones: image -> embedding."""

    def __init__(self, cfg: am.AlphaClipConfig, stem: bool):
        super().__init__()
        self.visual = fast_ops.use_convolutions(am.AlphaClip(cfg)).visual
        with torch.no_grad():
            self.visual.conv1_alpha.weight.zero_()
        if stem:
            k = cfg.patch_size // 4
            self.visual.conv1 = nn.Sequential(nn.Conv2d(3, 32, 3, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(),
                                              nn.Conv2d(64, cfg.vision_width, k, k, bias=False))
        self.resolution = cfg.image_resolution
        self.out = cfg.embed_dim

    def forward(self, x):
        return self.visual(x, ta.full_alpha(len(x), self.resolution))

    def tokens(self, x):
        """The embedding and the last block's patch tokens [B, G*G, W]."""
        emb, hidden, _ = self.visual.forward_all(x, ta.full_alpha(len(x), self.resolution))
        return emb, hidden[-1][:, 1:]


def cnn(pool: nn.Module) -> nn.Module:
    layers, channels = [], 3
    for width in (32, 64, 128, 128):
        layers += [nn.Conv2d(channels, width, 3, 2, 1), nn.ReLU()]
        channels = width
    net = nn.Sequential(*layers, pool, nn.Flatten())
    net.out = channels
    return net


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--train", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--tower", choices=["vit", "vit-stem", "cnn-max", "cnn-avg"], default="vit")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--zoom", action="store_true")
    p.add_argument("--token-labels", type=float, default=0.0,
                   help="weight of a per-patch loss: each patch token names the shape covering it, or background (vit only)")
    p.add_argument("--resolution", type=int, default=128)
    p.add_argument("--patch", type=int, default=16)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    r = args.resolution
    train, test = wd.load(args.train, r, print), wd.load(args.test, r, print)
    if args.tower.startswith("vit"):
        tower = VisionFeatures(ta.config(r, args.patch, 128, 4, 2), args.tower == "vit-stem")
    else:
        tower = cnn(nn.AdaptiveMaxPool2d(1) if args.tower == "cnn-max" else nn.AdaptiveAvgPool2d(1))
    head = nn.Linear(tower.out, len(wt.SHAPES))
    token_head = nn.Sequential(nn.LayerNorm(128), nn.Linear(128, len(wt.SHAPES) + 1))
    opt = torch.optim.AdamW(list(tower.parameters()) + list(head.parameters()) + list(token_head.parameters()), lr=args.lr, betas=(0.9, 0.98),
                            weight_decay=0.1)
    train_shapes = torch.tensor([wt.SHAPES.index(s["objects"][0]["shape"]) for s in train.scenes])
    test_shapes = torch.tensor([wt.SHAPES.index(s["objects"][0]["shape"]) for s in test.scenes])
    rng = random.Random(args.seed)
    start = time.time()
    for step in range(args.steps):
        for g in opt.param_groups:
            g["lr"] = args.lr * ta.cosine_lr(step, args.steps, max(1, args.steps // 20))
        picks = rng.sample(range(len(train)), 128)
        x = wd.image_batch(train.images[picks])
        if args.zoom:
            boxes = [ta.union_box(train.scenes[i]["objects"], train.scenes[i]["width"], r) for i in picks]
            x = F.grid_sample(x, augment.zoom_grids(boxes, r, r, rng), mode="bilinear", padding_mode="border",
                              align_corners=False)
        if args.token_labels > 0:
            emb, patches = tower.tokens(x)
            loss = F.cross_entropy(head(emb), train_shapes[picks])
            labels = ta.patch_labels([train.scenes[i] for i in picks], [train.masks[train.mask_index[i]] for i in picks],
                                     args.patch, lambda o: wt.SHAPES.index(o["shape"]), len(wt.SHAPES))
            loss = loss + args.token_labels * F.cross_entropy(token_head(patches).reshape(-1, len(wt.SHAPES) + 1),
                                                              labels.reshape(-1))
        else:
            loss = F.cross_entropy(head(tower(x)), train_shapes[picks])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if (step + 1) % 100 == 0 or step + 1 == args.steps:
            tower.eval()
            with torch.no_grad():
                hits = sum(int((head(tower(wd.image_batch(test.images[i:i + 200]))).argmax(1)
                                == test_shapes[i:i + 200]).sum()) for i in range(0, len(test), 200))
            tower.train()
            print(f"{args.tower}{' zoom' if args.zoom else ''}: step {step + 1} training loss {loss.item():.3f}, "
                  f"held-out shape accuracy {hits / len(test):.3f} ({time.time() - start:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
