#!/usr/bin/python3.11
"""Trains the default image-variation model: a small pixel-space diffusion UNet on the synthetic world, conditioned
on the default Alpha-CLIP encoder's pooled embedding of a region.

    /usr/bin/python3.11 tools/train/train_diffusion.py --encoder ENCODER_PACKAGE --train DATASET [--train ...] \
        --work DIR [--out PACKAGE] [--steps 3600] [--seed 0] [--resume]

Each training example is one object of one scene: the condition is the encoder's pooled (projected, not normalised)
embedding of the scene with that object's mask as alpha, exactly as the Java encoder computes it (the image tower is
rebuilt from the package's own visual.onnx, ``package_encoder``); the target is the object cut out in place at
``--size`` pixels, on a plain mid-grey background (the scene averaged down, its mask averaged down alike, then
``mask * scene + (1 - mask) * grey``), in [-1, 1]. The model learns epsilon prediction under DDPM's linear noise
schedule (beta 1e-4 .. 0.02, 1000 steps); the condition is dropped (all zeros, the unconditional branch that
classifier-free guidance uses at inference) for ``--drop`` of the examples. Inference uses DDIM with the clean-sample
estimate clipped (``scheduler_config``). The network is diffusers'
UNet2DConditionModel layout (``tools/export/diffusion_model.py``): 3 -> 3 channels, blocks of 32 / 64 / 64 channels
at 32 / 16 / 8 pixels, self-attention and cross-attention on the embedding (a length-1 sequence) in the 8-pixel block
and the middle only (attention at 16 pixels tripled the step time on 2 cores for little gain). The weights at the
end of the cosine schedule (down to 0.1 x the peak rate) are what ships.

``--work`` holds the prepared data (``data-<size>.pt``: embeddings and targets), the training checkpoint (every
``--save-every`` steps; ``--resume`` continues from it as if uninterrupted) and the diffusers-format checkpoint
folder (``checkpoint/unet``, ``checkpoint/scheduler``) that ``export_diffusion.py --pixel-space`` turns into the
package ``--out``. Progress with loss and ETA every ``--log-every`` steps.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "export"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import diffusion_model as dm  # noqa: E402
import mllm_checkpoint as mc  # noqa: E402
import package_encoder as pe  # noqa: E402
import world_data as wd  # noqa: E402

GREY = 0.5
TRAIN_STEPS = 1000
BETA_START, BETA_END = 1e-4, 0.02


def say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def unet_config(size: int, embed_dim: int) -> dict:
    """config.json of the UNet, in diffusers' UNet2DConditionModel fields."""
    return {
        "_class_name": "UNet2DConditionModel", "sample_size": size, "in_channels": 3, "out_channels": 3,
        "block_out_channels": [32, 64, 64], "layers_per_block": 1,
        "down_block_types": ["DownBlock2D", "DownBlock2D", "CrossAttnDownBlock2D"],
        "up_block_types": ["CrossAttnUpBlock2D", "UpBlock2D", "UpBlock2D"],
        "mid_block_type": "UNetMidBlock2DCrossAttn", "cross_attention_dim": embed_dim, "attention_head_dim": 4,
        "norm_num_groups": 16, "norm_eps": 1e-5, "act_fn": "silu", "flip_sin_to_cos": True, "freq_shift": 0,
        "center_input_sample": False, "downsample_padding": 1, "use_linear_projection": False,
    }


def scheduler_config() -> dict:
    """scheduler_config.json: DDIM over the training schedule with the clean-sample estimate clipped to [-1, 1], as
    pixel-space models sample (without the clip, an estimate divided by sqrt(alpha_bar) ~ 0.008 at the first steps
    blows the model's small errors up into saturated colours; PNDM has no clip)."""
    return {"_class_name": "DDIMScheduler", "num_train_timesteps": TRAIN_STEPS, "beta_start": BETA_START,
            "beta_end": BETA_END, "beta_schedule": "linear", "trained_betas": None, "set_alpha_to_one": False,
            "steps_offset": 1, "clip_sample": True, "clip_sample_range": 1.0, "prediction_type": "epsilon",
            "timestep_spacing": "leading"}


@torch.no_grad()
def prepare(encoder: pe.PackageEncoder, folders, size: int, path: str, limit=None) -> dict:
    """Embeddings [N, D] and targets uint8 [N, size, size, 3] of every object of every scene."""
    if os.path.isfile(path):
        data = torch.load(path)
        say(f"reusing {path}: {len(data['embeddings'])} regions")
        return data
    resolution = encoder.info["resolution"]
    embeddings, targets = [], []
    for folder in folders:
        data = wd.load(folder, resolution, say)
        scenes = range(len(data) if limit is None else min(limit, len(data)))
        rows = [(i, k) for i in scenes for k in range(len(data.scenes[i]["objects"]))]
        t0 = time.time()
        for first in range(0, len(rows), 256):
            batch = rows[first:first + 256]
            images = np.stack([data.images[i] for i, _ in batch])
            maps = torch.stack([torch.from_numpy(data.masks[data.mask_index[i][k]]).float() / 255.0 for i, k in batch])
            embeddings.append(encoder.visual.forward_all(wd.image_batch(images), wd.alpha_batch(maps))[0])
            pixels = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255.0
            small = F.adaptive_avg_pool2d(pixels, size)
            mask = F.adaptive_avg_pool2d(maps[:, None], size)
            cut = mask * small + (1 - mask) * GREY
            targets.append((cut * 255).round().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1))
        say(f"prepared {len(rows)} regions of {folder} in {time.time() - t0:.0f} s")
    out = {"embeddings": torch.cat(embeddings), "targets": torch.cat(targets)}
    torch.save(out, path)
    return out


def initialise(model: torch.nn.Module) -> None:
    """PyTorch's default initialisation of every convolution and linear layer (the export-side classes skip it, as
    their weights always come from a checkpoint); norms start at weight 1 and bias 0."""
    for module in model.modules():
        if isinstance(module, torch.nn.Conv2d):
            torch.nn.Conv2d.reset_parameters(module)
        elif isinstance(module, torch.nn.Linear):
            torch.nn.Linear.reset_parameters(module)


def alphas_cumprod() -> torch.Tensor:
    betas = torch.linspace(BETA_START, BETA_END, TRAIN_STEPS, dtype=torch.float32)
    return torch.cumprod(1 - betas, 0)


def learning_rate(step: int, total: int, warmup: int, peak: float) -> float:
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def write_checkpoint(model: torch.nn.Module, config: dict, folder: str) -> None:
    """The diffusers-format folder export_diffusion.py reads: unet/ and scheduler/."""
    unet = os.path.join(folder, "unet")
    os.makedirs(unet, exist_ok=True)
    os.makedirs(os.path.join(folder, "scheduler"), exist_ok=True)
    with open(os.path.join(unet, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=1)
    mc.write_safetensors(os.path.join(unet, "diffusion_pytorch_model.safetensors"),
                         {k: v.detach().clone() for k, v in model.state_dict().items()})
    with open(os.path.join(folder, "scheduler", "scheduler_config.json"), "w", encoding="utf-8") as f:
        json.dump(scheduler_config(), f, indent=1)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--encoder", required=True, help="the Alpha-CLIP package whose pooled embedding conditions the model")
    p.add_argument("--train", action="append", required=True, help="training dataset folder (repeatable)")
    p.add_argument("--work", required=True)
    p.add_argument("--out", help="diffusion package to export after training")
    p.add_argument("--name", help="package name (default: the --out folder's name)")
    p.add_argument("--size", type=int, default=32, help="image side in pixels")
    p.add_argument("--steps", type=int, default=3600)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--drop", type=float, default=0.1, help="share of examples trained without the condition")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit-scenes", type=int, help="use only the first N scenes of each dataset (short runs)")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--save-every", type=int, default=250)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    os.makedirs(args.work, exist_ok=True)

    encoder = pe.load_visual(args.encoder)
    embed_dim = encoder.visual.proj.shape[1]
    data = prepare(encoder, args.train, args.size, os.path.join(args.work, f"data-{args.size}.pt"), args.limit_scenes)
    embeddings = data["embeddings"]
    targets = data["targets"].permute(0, 3, 1, 2).float() / 127.5 - 1
    say(f"data: {len(embeddings)} regions; embedding {embed_dim}; targets {tuple(targets.shape[1:])}; "
        f"embedding norm mean {embeddings.norm(dim=1).mean():.2f}")

    torch.manual_seed(args.seed)
    config = unet_config(args.size, embed_dim)
    model = dm.UNet2DCondition(dm.UNetConfig.from_config(config))
    initialise(model)
    params = sum(x.numel() for x in model.parameters())
    say(f"model: UNet 32/64/64, cross-attention dim {embed_dim}; {params / 1e6:.2f} M parameters; BLAS "
        f"{torch.__config__.show().split('BLAS_INFO=')[1].split(',')[0] if 'BLAS_INFO=' in torch.__config__.show() else '?'}")
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.999), weight_decay=0.01)
    abar = alphas_cumprod()
    state_path = os.path.join(args.work, "diffusion-train.pt")
    first = 0
    generator = torch.Generator().manual_seed(args.seed)
    if args.resume and os.path.isfile(state_path):
        state = torch.load(state_path)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        generator.set_state(state["generator"])
        first = state["step"]
        say(f"resumed at step {first}")
    t0, seen, losses = time.time(), 0, []
    for step in range(first, args.steps):
        for g in opt.param_groups:
            g["lr"] = learning_rate(step, args.steps, args.warmup, args.lr)
        rows = torch.randint(len(embeddings), (args.batch,), generator=generator)
        x0 = targets[rows]
        cond = embeddings[rows].clone()
        cond[torch.rand(args.batch, generator=generator) < args.drop] = 0
        t = torch.randint(TRAIN_STEPS, (args.batch,), generator=generator)
        noise = torch.randn(x0.shape, generator=generator)
        a = abar[t].view(-1, 1, 1, 1)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
        loss = F.mse_loss(model(xt, t.float(), cond[:, None]), noise)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(float(loss))
        seen += 1
        done = step + 1
        if done % args.log_every == 0 or done == args.steps:
            rate = seen / (time.time() - t0)
            say(f"step {done}/{args.steps} loss {np.mean(losses):.4f} lr {opt.param_groups[0]['lr']:.2e} "
                f"{rate:.2f} steps/s, ETA {(args.steps - done) / rate / 60:.1f} min")
            losses = []
        if done % args.save_every == 0 or done == args.steps:
            tmp = state_path + ".tmp"
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(),
                        "generator": generator.get_state(), "step": done}, tmp)
            os.replace(tmp, state_path)
    checkpoint = os.path.join(args.work, "checkpoint")
    write_checkpoint(model, config, checkpoint)
    say(f"wrote {checkpoint}")
    if args.out:
        import export_diffusion
        argv_export = ["--checkpoint", checkpoint, "--encoder", args.encoder, "--out", args.out, "--pixel-space"]
        if args.name:
            argv_export += ["--name", args.name]
        return export_diffusion.main(argv_export)
    return 0


if __name__ == "__main__":
    sys.exit(main())
