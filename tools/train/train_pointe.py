#!/usr/bin/python3.11
"""Train the default Point-E model: a small image-grid point diffusion transformer of Point-E's shape, conditioned on
the default Alpha-CLIP encoder's grid tokens of a highlighted solid, on the 3-D world (plugin-pointe's solids).

    /usr/bin/python3.11 tools/train/train_pointe.py --encoder ENCODER_PACKAGE --train DATASET [--train ...] \
        --out PACKAGE [--work DIR] [--steps 4000] [--batch 48] [--width 128] [--layers 4] [--heads 4] \
        [--points 512] [--seed 0] [--minutes M]

Each example is one solid of one scene: the condition is the encoder's last-layer hidden states of the scene with the
solid's mask as alpha, class token dropped, channel-major ``[C, L]`` -- exactly what the Java command feeds (the
image tower is rebuilt from the package's own visual.onnx, ``package_encoder``); the target is one of the dataset's
surface samples of that solid (``clouds/<solid>.npy``), coloured with the solid's colour. Training is Point-E's:
the cosine schedule of 1024 steps, channel scaling (xyz x 2, RGB / 127.5 - 1), epsilon prediction with mean squared
error on channels 0-5, the condition zeroed with probability 0.1 (the unconditional branch of guidance). The
checkpoint keeps the official tensor names and is exported with tools/export/export_pointe.py. Reproducible from
the seed (single-threaded data order; torch's CPU kernels may round differently across machines).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

sys.dont_write_bytecode = True
_HERE = os.path.dirname(os.path.abspath(__file__))
_EXPORT = os.path.join(os.path.dirname(_HERE), "export")
for path in (_HERE, _EXPORT):
    if path not in sys.path:
        sys.path.insert(0, path)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import export_pointe as ep  # noqa: E402
import package_encoder as pe  # noqa: E402
import pointe_model as pm  # noqa: E402
import world_data as wd  # noqa: E402

TIMESTEPS = 1024
SCALES = torch.tensor(ep.CHANNEL_SCALES).view(1, 6, 1)
BIASES = torch.tensor(ep.CHANNEL_BIASES).view(1, 6, 1)
DROP = 0.1


def say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def alphas_cumprod() -> torch.Tensor:
    """Point-E's cosine schedule in float64."""
    def alpha_bar(s):
        return math.cos((s + 0.008) / 1.008 * math.pi / 2) ** 2
    betas = [min(1 - alpha_bar((i + 1) / TIMESTEPS) / alpha_bar(i / TIMESTEPS), 0.999) for i in range(TIMESTEPS)]
    return torch.cumprod(1 - torch.tensor(betas, dtype=torch.float64), 0)


def prepare(encoder: pe.PackageEncoder, folders, path: str) -> dict:
    """Grid tokens float16 [N, C, L], solid index [N], colour rgb [N, 3] of every object; templates per solid."""
    if os.path.isfile(path):
        data = torch.load(path)
        say(f"reusing {path}: {len(data['grids'])} regions")
        return data
    resolution = encoder.info["resolution"]
    grids, solids, colours = [], [], []
    templates = None
    names = None
    for folder in folders:
        data = wd.load(folder, resolution, say)
        if templates is None:
            names = sorted(f[:-4] for f in os.listdir(os.path.join(folder, "clouds")) if f.endswith(".npy"))
            templates = {n: torch.from_numpy(np.load(os.path.join(folder, "clouds", n + ".npy"))) for n in names}
        rows = [(i, k) for i in range(len(data)) for k in range(len(data.scenes[i]["objects"]))]
        t0 = time.time()
        for first in range(0, len(rows), 256):
            batch = rows[first:first + 256]
            images = np.stack([data.images[i] for i, _ in batch])
            maps = torch.stack([torch.from_numpy(data.masks[data.mask_index[i][k]]).float() / 255.0 for i, k in batch])
            with torch.no_grad():
                hidden = encoder.visual.forward_all(wd.image_batch(images), wd.alpha_batch(maps))[1][-1]
            grids.append(hidden[:, 1:, :].transpose(1, 2).to(torch.float16))
            for i, k in batch:
                o = data.scenes[i]["objects"][k]
                solids.append(names.index(o["solid"]))
                colours.append(o["rgb"])
        say(f"prepared {len(rows)} regions of {folder} in {time.time() - t0:.0f} s")
    out = {"grids": torch.cat(grids), "solids": torch.tensor(solids), "colours": torch.tensor(colours, dtype=torch.float32),
           "names": names, "templates": torch.stack([templates[n] for n in names])}
    torch.save(out, path)
    return out


def targets(data: dict, index: torch.Tensor, points: int, gen: torch.Generator) -> torch.Tensor:
    """Scaled target clouds [B, 6, points]: a random surface sample of each solid, its colour on every point."""
    templates = data["templates"]                      # [S, K, P, 3]
    kinds = data["solids"][index]
    pick = torch.randint(templates.shape[1], (len(index),), generator=gen)
    xyz = templates[kinds, pick][:, :points]           # [B, points, 3]
    rgb = data["colours"][index][:, None, :].expand(-1, points, -1)
    raw = torch.cat([xyz, rgb], dim=-1).permute(0, 2, 1)
    return raw * SCALES + BIASES


def learning_rate(step: int, total: int, peak: float, warmup: int = 200) -> float:
    if step < warmup:
        return peak * (step + 1) / warmup
    return peak * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Train the default Point-E model on the 3-D world.")
    p.add_argument("--encoder", required=True, help="the Alpha-CLIP package whose grid tokens condition the model")
    p.add_argument("--train", action="append", required=True, help="a solids dataset (SolidDatasetMain)")
    p.add_argument("--out", required=True, help="the package folder to write")
    p.add_argument("--work", default="/tmp/pointe-train", help="cache and checkpoint folder")
    p.add_argument("--steps", type=int, default=4000)
    p.add_argument("--batch", type=int, default=48)
    p.add_argument("--width", type=int, default=128)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--points", type=int, default=512)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--minutes", type=float, help="stop after this much training time (the schedule still spans --steps)")
    args = p.parse_args(argv)
    torch.manual_seed(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    os.makedirs(args.work, exist_ok=True)
    encoder = pe.load_visual(args.encoder)
    data = prepare(encoder, args.train, os.path.join(args.work, "data.pt"))
    grids = data["grids"]
    config = pm.PointeConfig(args.width, args.layers, args.heads, args.points, grids.shape[1], grids.shape[2])
    model = pm.PointTransformer(config)
    with torch.no_grad():
        model.output_proj.weight.mul_(0.1)
        model.output_proj.bias.zero_()
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    abar = alphas_cumprod().float()
    gen = torch.Generator().manual_seed(args.seed)
    n = len(grids)
    say(f"{n} regions; model {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters; "
        f"{args.steps} steps of {args.batch}")
    t0 = time.time()
    running = None
    step = 0
    for step in range(args.steps):
        index = torch.randint(n, (args.batch,), generator=gen)
        x0 = targets(data, index, args.points, gen)
        cond = grids[index].float()
        drop = torch.rand(args.batch, generator=gen) < DROP
        cond[drop] = 0
        t = torch.randint(TIMESTEPS, (args.batch,), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        a = abar[t].view(-1, 1, 1)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
        for group in optimiser.param_groups:
            group["lr"] = learning_rate(step, args.steps, args.lr)
        eps = model(xt, t, cond)[:, :6]
        loss = torch.mean((eps - noise) ** 2)
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        running = loss.item() if running is None else 0.98 * running + 0.02 * loss.item()
        if (step + 1) % 100 == 0:
            elapsed = time.time() - t0
            say(f"step {step + 1}/{args.steps} loss {running:.4f} ({elapsed / (step + 1):.2f} s/step)")
        if args.minutes and time.time() - t0 > args.minutes * 60:
            say(f"stopping after {args.minutes} minutes at step {step + 1}")
            break
    checkpoint = os.path.join(args.work, "base.pt")
    torch.save(model.state_dict(), checkpoint)
    with open(os.path.join(args.work, "training.json"), "w", encoding="utf-8") as f:
        json.dump({"steps": step + 1, "batch": args.batch, "loss": running, "minutes": (time.time() - t0) / 60,
                   "config": vars(args)}, f, indent=1)
    say(f"trained {step + 1} steps in {(time.time() - t0) / 60:.1f} min; exporting {args.out}")
    ep.export_package(checkpoint, args.out, encoder=args.encoder, heads=args.heads, points=args.points,
                      grid_tokens=grids.shape[2], name=os.path.basename(args.out.rstrip("/")),
                      description=f"Point-E-shaped base model ({config.layers} layers of width {config.width}, "
                      f"{config.points} points) trained by us on the 3-D world (tools/train/train_pointe.py), on the "
                      f"default Alpha-CLIP encoder's grid tokens")
    return 0


if __name__ == "__main__":
    sys.exit(main())
