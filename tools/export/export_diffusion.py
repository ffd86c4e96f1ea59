#!/usr/bin/python3.11
"""Export a Stable Diffusion checkpoint in diffusers' layout to a diffusion package for the Java platform's
image variations conditioned on an Alpha-CLIP embedding (bundle plugin-diffusion).

    /usr/bin/python3.11 tools/export/export_diffusion.py --checkpoint DIR --out DIR [--encoder ALPHACLIP_PACKAGE] \
        [--scheduler-config FILE] [--name NAME] [--description TEXT] [--external-data] [--traceback]

The checkpoint folder holds unet/ and vae/ (each config.json and diffusion_pytorch_model.safetensors, shards with an
index, or diffusion_pytorch_model.bin), optionally scheduler/scheduler_config.json and model_index.json. The package
holds unet/model.onnx (with unet/weights.pb when its weights go to external data), vae_decoder/model.onnx,
scheduler/scheduler_config.json, manifest.json and SHA256SUMS; see tools/export/README.md, section "Diffusion
packages". Other tools can call :func:`export_package`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import warnings
from typing import List, Optional

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__ (Maven runs this)
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import torch  # noqa: E402

import diffusion_model as dm  # noqa: E402
import export_alphaclip as ex  # noqa: E402
import mllm_checkpoint as mc  # noqa: E402
from export_alphaclip import ExportError  # noqa: E402

FORMAT = "alphaclip-diffusion-package"
FORMAT_VERSION = 1
EXPORTER = "tools/export/export_diffusion.py"

UNET_FILE, UNET_DATA = "unet/model.onnx", "unet/weights.pb"
VAE_FILE, VAE_DATA = "vae_decoder/model.onnx", "vae_decoder/weights.pb"
SCHEDULER_FILE = "scheduler/scheduler_config.json"
UNET_INPUTS, UNET_OUTPUTS = ["sample", "timestep", "encoder_hidden_states"], ["out_sample"]
VAE_INPUTS, VAE_OUTPUTS = ["latent_sample"], ["sample"]

# A UNet with more weights than this (float32 bytes) keeps them in unet/weights.pb, as the SD ONNX layout does.
EXTERNAL_DATA_BYTES = 1_800_000_000
DEFAULTS = {"steps": 50, "guidance": 3.0}
IMAGE_VARIATION_PIPELINE = "StableDiffusionImageVariationPipeline"

# The scheduler_config.json of Stable Diffusion v1 (and lambdalabs/sd-image-variations-diffusers).
SD_V1_SCHEDULER = {
    "_class_name": "PNDMScheduler",
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "beta_start": 0.00085,
    "clip_sample": False,
    "num_train_timesteps": 1000,
    "set_alpha_to_one": False,
    "skip_prk_steps": True,
    "steps_offset": 1,
    "trained_betas": None,
}


# ----------------------------------------------------------------------------------------------
# The checkpoint folder (nothing loaded)
# ----------------------------------------------------------------------------------------------

class Checkpoint:
    """A diffusers-format checkpoint folder: its unet/ and vae/ model folders, parsed configs, scheduler file."""

    def __init__(self, folder: str, scheduler_config: Optional[str] = None, pixel_space: bool = False):
        folder = os.path.abspath(folder)
        if not os.path.isdir(folder):
            raise ExportError(f"checkpoint folder not found: {folder}")
        for sub in ("unet",) if pixel_space else ("unet", "vae"):
            if not os.path.isdir(os.path.join(folder, sub)):
                raise ExportError(f"checkpoint folder {folder} has no {sub}/ folder (a diffusers-format checkpoint "
                                  "holds unet/ and vae/; a pixel-space one, --pixel-space, unet/ alone)")
        if pixel_space and os.path.isdir(os.path.join(folder, "vae")):
            raise ExportError(f"--pixel-space, but checkpoint folder {folder} holds a vae/: its UNet denoises latents")
        self.folder = folder
        self.unet = dm.ModelFolder.read(os.path.join(folder, "unet"))
        self.unet_config = dm.UNetConfig.from_config(self.unet.config)
        if pixel_space:
            if self.unet_config.in_channels != 3:
                raise ExportError(f"--pixel-space needs a UNet on RGB images; unet/config.json has in_channels "
                                  f"{self.unet_config.in_channels}")
            self.vae = None
            self.vae_config = dm.PixelSpace(3, 3)
        else:
            self.vae = dm.ModelFolder.read(os.path.join(folder, "vae"))
            self.vae_config = dm.VAEConfig.from_config(self.vae.config)
        u, v = self.unet_config, self.vae_config
        if u.in_channels != v.latent_channels or u.out_channels != v.latent_channels:
            raise ExportError(f"unet/config.json in_channels {u.in_channels} / out_channels {u.out_channels} differ "
                              f"from vae/config.json latent_channels {v.latent_channels}: the UNet does not denoise "
                              "the VAE's latents alone (an inpainting or depth UNet?)")
        index = os.path.join(folder, "model_index.json")
        self.pipeline = mc.read_json(index, "model_index.json").get("_class_name") if os.path.isfile(index) else None
        self.scheduler_file = scheduler_config
        if scheduler_config is None and os.path.isfile(os.path.join(folder, SCHEDULER_FILE)):
            self.scheduler_file = os.path.join(folder, SCHEDULER_FILE)
        self.scheduler = SD_V1_SCHEDULER
        if self.scheduler_file is not None:
            self.scheduler = mc.read_json(self.scheduler_file, "scheduler config")
            if not isinstance(self.scheduler.get("_class_name"), str):
                raise ExportError(f"scheduler config {self.scheduler_file} has no '_class_name' (diffusers writes the "
                                  "scheduler's class there, e.g. PNDMScheduler)")

    def weights(self) -> mc.Checkpoint:
        """Both models' weight files, for the memory check."""
        vae_files = [] if self.vae is None else self.vae.weight_files
        return mc.Checkpoint(self.folder, {}, self.unet.weight_files + vae_files, None, None)


# ----------------------------------------------------------------------------------------------
# Graphs
# ----------------------------------------------------------------------------------------------

def export_graphs(unet: dm.UNet2DCondition, vae: dm.VAEDecoder, folder: str, external_unet: bool,
                  say=lambda m: None) -> List[str]:
    """Writes unet/model.onnx and vae_decoder/model.onnx into ``folder``; returns the files written."""
    gen = torch.Generator().manual_seed(0)
    u, v = unet.config, vae.config
    f = 2 ** u.num_upsamplers  # latent sides divisible by f take the plain 2x upsamplings
    say(f"exporting {UNET_FILE} ({len(u.block_out_channels)} blocks of {u.block_out_channels} channels, "
        f"cross-attention {u.cross_attention_dim}{', weights in ' + UNET_DATA if external_unet else ''}) ...")
    args = (torch.randn(2, u.in_channels, 2 * f, 3 * f, generator=gen), torch.tensor([981.0, 1.0]),
            torch.randn(2, 3, u.cross_attention_dim, generator=gen))
    written = mc.export_graph(
        unet, args, folder, UNET_FILE, UNET_INPUTS, UNET_OUTPUTS,
        {"sample": {0: "batch", 1: "channels", 2: "height", 3: "width"}, "timestep": {0: "batch"},
         "encoder_hidden_states": {0: "batch", 1: "sequence"}, "out_sample": {0: "batch", 2: "height", 3: "width"}},
        {"out_sample": ["batch", u.out_channels, "height", "width"]},
        0 if external_unet else mc.ONNX_LIMIT, UNET_DATA)
    say(f"exporting {VAE_FILE} (latent {v.latent_channels} channels, x{v.scale_factor}) ...")
    written += mc.export_graph(
        vae, (torch.randn(1, v.latent_channels, 4, 6, generator=gen),), folder, VAE_FILE, VAE_INPUTS, VAE_OUTPUTS,
        {"latent_sample": {0: "batch", 1: "channels", 2: "height", 3: "width"},
         "sample": {0: "batch", 2: "image_height", 3: "image_width"}},
        {"sample": ["batch", v.out_channels, "image_height", "image_width"]}, mc.ONNX_LIMIT, VAE_DATA)
    return written


# ----------------------------------------------------------------------------------------------
# The package
# ----------------------------------------------------------------------------------------------

def export_package(checkpoint: str, out_dir: str, encoder: Optional[str] = None,
                   scheduler_config: Optional[str] = None, name: Optional[str] = None,
                   description: Optional[str] = None, external_data: bool = False, pixel_space: bool = False, *,
                   memory_available: Optional[int] = None, quiet: bool = False) -> dict:
    """Writes a diffusion package from a diffusers-format checkpoint folder.

    ``encoder`` is the Alpha-CLIP package whose embeddings condition the UNet (its embedDim must be the UNet's
    cross_attention_dim); ``scheduler_config`` replaces the checkpoint's scheduler/scheduler_config.json (without
    either, SD v1's PNDM configuration is written); ``external_data`` puts the UNet's weights in unet/weights.pb (done
    anyway past 1.8 GB); ``pixel_space`` exports a UNet on RGB images without a VAE (the checkpoint has unet/ alone;
    vae_decoder/model.onnx passes the samples through, with scale factor 1 and scaling factor 1). ``memory_available`` replaces the measured memory in the size check (for tests). Returns
    ``{"manifest": dict, "unet": UNet2DCondition, "vae": VAEDecoder, "out_dir": str}``. The package is written to a
    temporary folder beside ``out_dir`` and renamed at the end.
    """
    say = (lambda m: None) if quiet else ex.info
    ckpt = Checkpoint(checkpoint, scheduler_config, pixel_space)
    u, v = ckpt.unet_config, ckpt.vae_config
    encoder_info = None
    if encoder is not None:
        encoder_info = mc.read_encoder(encoder)
        if encoder_info["embedDim"] != u.cross_attention_dim:
            raise ExportError(f"the encoder package '{encoder_info['name']}' gives {encoder_info['embedDim']}-"
                              f"dimensional embeddings, but the UNet's cross_attention_dim is {u.cross_attention_dim}")
    mc.check_memory(ckpt.weights(), memory_available)
    out_dir = ex.prepare_target(out_dir, FORMAT)
    if ckpt.pipeline not in (None, IMAGE_VARIATION_PIPELINE):
        ex.warn(f"model_index.json names a {ckpt.pipeline}; a UNet not trained on image embeddings "
                f"({IMAGE_VARIATION_PIPELINE}) will not make sensible image variations")
    if ckpt.scheduler_file is None:
        say("note: the checkpoint has no scheduler/scheduler_config.json and no --scheduler-config was given: writing "
            "Stable Diffusion v1's PNDM configuration")
    unet, _ = dm.load_unet(ckpt.unet, say)
    vae = dm.PixelDecoder(v.latent_channels) if pixel_space else dm.load_vae_decoder(ckpt.vae, say)[0]
    unet_bytes = 4 * sum(p.numel() for p in unet.parameters())
    external = external_data or unet_bytes > EXTERNAL_DATA_BYTES
    with ex.staged_package(out_dir) as tmp:
        os.makedirs(os.path.join(tmp, os.path.dirname(SCHEDULER_FILE)))
        if ckpt.scheduler_file is None:
            with open(os.path.join(tmp, SCHEDULER_FILE), "w", encoding="utf-8") as fh:
                json.dump(SD_V1_SCHEDULER, fh, indent=2)
                fh.write("\n")
        else:
            shutil.copyfile(ckpt.scheduler_file, os.path.join(tmp, SCHEDULER_FILE))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graphs = export_graphs(unet, vae, tmp, external, say)
        files = {f: ex.sha256_file(os.path.join(tmp, f)) for f in sorted(graphs + [SCHEDULER_FILE])}
        scheduler_class = ckpt.scheduler["_class_name"]
        manifest = {
            "format": FORMAT,
            "formatVersion": FORMAT_VERSION,
            "name": name or os.path.basename(out_dir),
            "description": description if description is not None else (
                f"Stable Diffusion image variations: UNet with {len(u.block_out_channels)} blocks of "
                f"{u.block_out_channels} channels and cross-attention width {u.cross_attention_dim}, "
                + ("in pixel space" if pixel_space else f"VAE decoder ({v.latent_channels} latent channels, "
                                                         f"x{v.scale_factor})") + f", {scheduler_class}"
                + (f", on the Alpha-CLIP encoder '{encoder_info['name']}'" if encoder_info else "")),
            "pipeline": "image-variation",
            "conditioning": {"kind": "pooled-embedding", "dim": u.cross_attention_dim,
                             "encoder": encoder_info["name"] if encoder_info else None,
                             "encoderManifestSha256": encoder_info["manifestSha256"] if encoder_info else None},
            "unet": {"file": UNET_FILE, "inChannels": u.in_channels, "outChannels": u.out_channels,
                     "sampleSize": u.sample_size, "crossAttentionDim": u.cross_attention_dim,
                     "timestepType": "float32", "flopsPerSample": dm.unet_flops(unet, u.sample_size)},
            "vaeDecoder": {"file": VAE_FILE, "latentChannels": v.latent_channels, "scalingFactor": v.scaling_factor,
                           "scaleFactor": v.scale_factor},
            "scheduler": {"file": SCHEDULER_FILE, "class": scheduler_class},
            "defaults": dict(DEFAULTS),
            "source": {"checkpoint": os.path.basename(ckpt.folder), "exporter": EXPORTER},
            "files": files,
        }
        ex.write_manifest(tmp, manifest)
    size = sum(os.path.getsize(os.path.join(out_dir, f)) for f in files)
    say(f"wrote {out_dir} ({size / 1e6:.1f} MB)")
    return {"manifest": manifest, "unet": unet, "vae": vae, "out_dir": out_dir}


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description="Export a Stable Diffusion checkpoint (diffusers layout) to a diffusion "
                                "package for image variations on an Alpha-CLIP embedding.")
    p.add_argument("--checkpoint", required=True, help="diffusers-format folder: unet/, vae/, optionally scheduler/ "
                   "and model_index.json")
    p.add_argument("--out", required=True, help="package folder to write")
    p.add_argument("--encoder", help="the Alpha-CLIP model package whose embeddings condition the UNet")
    p.add_argument("--scheduler-config", help="a diffusers scheduler_config.json to use instead of the checkpoint's")
    p.add_argument("--name", help="package name (default: the folder name)")
    p.add_argument("--description", help="free text for the manifest")
    p.add_argument("--external-data", action="store_true", help="keep the UNet's weights in unet/weights.pb (done "
                   "anyway past 1.8 GB)")
    p.add_argument("--pixel-space", action="store_true", help="the UNet denoises RGB images, no VAE (the checkpoint "
                   "holds unet/ alone); vae_decoder/model.onnx passes the samples through")
    p.add_argument("--traceback", action="store_true", help="show Python tracebacks for unexpected errors")
    args = p.parse_args(argv)
    return ex.run_reporting_errors(lambda: export_package(
        args.checkpoint, args.out, encoder=args.encoder, scheduler_config=args.scheduler_config, name=args.name,
        description=args.description, external_data=args.external_data, pixel_space=args.pixel_space), args.traceback)


if __name__ == "__main__":
    sys.exit(main())
