#!/usr/bin/python3.11
"""Export Point-E's image-grid checkpoints (base40M and the upsampler) to a point-cloud package for the Java
platform (bundle plugin-pointe), conditioned on an Alpha-CLIP encoder package's last-layer grid tokens.

    /usr/bin/python3.11 tools/export/export_pointe.py --base base40M.pt [--upsampler upsample_40m.pt] --out DIR \
        [--encoder ALPHACLIP_PACKAGE] [--heads 8] [--upsampler-heads 8] [--points 1024] [--upsampler-points 3072] \
        [--grid-tokens N] [--name NAME] [--description TEXT] [--traceback]

The checkpoints are the official ``torch.save``d state dicts (or .safetensors with the same names). The package
holds base.onnx, upsampler.onnx (when given), manifest.json and SHA256SUMS; the manifest carries both stages'
diffusion schedules, the channel scaling and the official sampler settings, which the Java sampler reads. See
tools/export/README.md, section "Point-E packages".
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from typing import List, Optional

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__ (Maven runs this)
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import torch  # noqa: E402

import export_alphaclip as ex  # noqa: E402
import mllm_checkpoint as mc  # noqa: E402
import pointe_model as pm  # noqa: E402
from export_alphaclip import ExportError  # noqa: E402

FORMAT = "alphaclip-pointe-package"
FORMAT_VERSION = 1
EXPORTER = "tools/export/export_pointe.py"
BASE_FILE, UPSAMPLER_FILE = "base.onnx", "upsampler.onnx"
CHANNEL_SCALES = [2.0, 2.0, 2.0, 0.007843137255, 0.007843137255, 0.007843137255]
CHANNEL_BIASES = [0.0, 0.0, 0.0, -1.0, -1.0, -1.0]
TIMESTEPS = 1024
# PointCloudSampler's defaults (and image2pointcloud.ipynb): both stages guided with 3.0.
BASE_SAMPLER = {"steps": 64, "guidance": 3.0, "sigmaMin": 1e-3, "sigmaMax": 120.0, "sChurn": 3.0, "rho": 7.0,
                "sTmin": 0.0, "sTmax": None, "sNoise": 1.0, "clipDenoised": True}
UPSAMPLER_SAMPLER = dict(BASE_SAMPLER, sigmaMax=160.0, sChurn=0.0)


def load_model(path: str, what: str, heads: int, points: int, grid_tokens: int,
               low_res_points: int = 0) -> pm.PointTransformer:
    """A checkpoint's transformer with every tensor loaded (none missing or left over), in eval mode."""
    sd = ex.load_checkpoint(path, what)
    try:
        config = pm.PointeConfig.from_state_dict(sd, heads, points, grid_tokens, low_res_points)
    except pm.ConfigError as e:
        raise ExportError(f"{path}: {e}") from None
    scales = sd.get("channel_scales")
    biases = sd.get("channel_biases")
    model = pm.PointTransformer(config, scales.tolist() if scales is not None else CHANNEL_SCALES,
                                biases.tolist() if biases is not None else CHANNEL_BIASES).eval()
    targets = model.state_dict()
    missing = [k for k in targets if k not in sd and k not in ("channel_scales", "channel_biases")]
    unexpected = [k for k in sd if k not in targets]
    if missing or unexpected:
        raise ExportError(f"{path}: {'lacks ' + missing[0] if missing else 'has an unexpected tensor ' + unexpected[0]}"
                          f" ({len(missing)} missing, {len(unexpected)} unexpected): not a Point-E "
                          f"{config.class_name} checkpoint of this shape")
    for key, value in sd.items():
        if tuple(value.shape) != tuple(targets[key].shape):
            raise ExportError(f"{path}: {key} has shape {tuple(value.shape)}, expected {tuple(targets[key].shape)}")
    model.load_state_dict({k: v.float() for k, v in sd.items()}, strict=False)
    return model


def export_graph(model: pm.PointTransformer, folder: str, file: str) -> List[str]:
    c = model.config
    gen = torch.Generator().manual_seed(0)
    args = [torch.randn(2, c.input_channels, c.points, generator=gen), torch.tensor([3, 900]),
            torch.randn(2, c.grid_width, c.grid_tokens, generator=gen)]
    inputs = ["x", "t", "embeddings"]
    axes = {"x": {0: "batch"}, "t": {0: "batch"}, "embeddings": {0: "batch", 2: "grid_tokens"}, "output": {0: "batch"}}
    if c.upsampler:
        args.append(torch.randn(2, c.input_channels, c.low_res_points, generator=gen) * 50)
        inputs.append("low_res")
        axes["low_res"] = {0: "batch"}
    return mc.export_graph(model, tuple(args), folder, file, inputs, ["output"], axes,
                           {"output": ["batch", c.output_channels, c.points]})


def stage(model: pm.PointTransformer, file: str, schedule: str, sampler: dict) -> dict:
    c = model.config
    entry = {"file": file, "class": c.class_name, "width": c.width, "layers": c.layers, "heads": c.heads,
             "points": c.points, "inputChannels": c.input_channels, "outputChannels": c.output_channels,
             "diffusion": {"schedule": schedule, "timesteps": TIMESTEPS, "meanType": "epsilon"},
             "sampler": dict(sampler), "flopsPerSample": pm.flops_per_sample(c)}
    if c.upsampler:
        entry["lowResPoints"] = c.low_res_points
    return entry


def export_package(base: str, out_dir: str, upsampler: Optional[str] = None, encoder: Optional[str] = None,
                   heads: int = 8, upsampler_heads: int = 8, points: int = 1024, upsampler_points: int = 3072,
                   grid_tokens: Optional[int] = None, name: Optional[str] = None, description: Optional[str] = None,
                   quiet: bool = False) -> dict:
    """Writes a Point-E package; returns ``{"manifest", "base", "upsampler", "out_dir"}``."""
    say = (lambda m: None) if quiet else ex.info
    encoder_info = mc.read_encoder(encoder) if encoder else None
    if grid_tokens is None:
        grid_tokens = (encoder_info["resolution"] // encoder_info["patchSize"]) ** 2 if encoder_info else 256
    for option, value in (("--heads", heads), ("--upsampler-heads", upsampler_heads), ("--points", points),
                          ("--upsampler-points", upsampler_points), ("--grid-tokens", grid_tokens)):
        if value < 1:
            raise ExportError(f"{option} must be at least 1, got {value}")
    say(f"reading {base} ...")
    base_model = load_model(base, "base checkpoint", heads, points, grid_tokens)
    up_model = None
    if upsampler:
        say(f"reading {upsampler} ...")
        up_model = load_model(upsampler, "upsampler checkpoint", upsampler_heads, upsampler_points, grid_tokens, points)
        if up_model.config.grid_width != base_model.config.grid_width:
            raise ExportError(f"the upsampler reads {up_model.config.grid_width}-wide grid tokens, the base model "
                              f"{base_model.config.grid_width}-wide")
    grid_width = base_model.config.grid_width
    if encoder_info and encoder_info["width"] != grid_width:
        raise ExportError(f"the encoder package '{encoder_info['name']}' has {encoder_info['width']}-wide tokens, the "
                          f"checkpoint's clip_embed reads {grid_width}-wide ones")
    # the diffusion's channel scaling: the upsampler's buffers when there is one, else the official numbers
    scales = up_model.channel_scales.tolist() if up_model is not None else CHANNEL_SCALES
    biases = up_model.channel_biases.tolist() if up_model is not None else CHANNEL_BIASES
    out_dir = ex.prepare_target(out_dir, FORMAT)
    with ex.staged_package(out_dir) as tmp:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            say(f"exporting {BASE_FILE} ...")
            written = export_graph(base_model, tmp, BASE_FILE)
            if up_model is not None:
                say(f"exporting {UPSAMPLER_FILE} ...")
                written += export_graph(up_model, tmp, UPSAMPLER_FILE)
        files = {f: ex.sha256_file(os.path.join(tmp, f)) for f in sorted(written)}
        b = base_model.config
        manifest = {
            "format": FORMAT,
            "formatVersion": FORMAT_VERSION,
            "name": name or os.path.basename(out_dir),
            "description": description if description is not None else (
                f"Point-E image-grid point diffusion: base {b.layers} layers of width {b.width}, {b.points} points"
                + (f", upsampler to {b.points + up_model.config.points}" if up_model else "")
                + (f", on the Alpha-CLIP encoder '{encoder_info['name']}'" if encoder_info else "")),
            "conditioning": {"kind": "grid-tokens", "width": grid_width, "tokens": grid_tokens, "layer": -1,
                             "classToken": False, "encoder": encoder_info["name"] if encoder_info else None,
                             "encoderManifestSha256": encoder_info["manifestSha256"] if encoder_info else None},
            "channelScales": [float(v) for v in scales],
            "channelBiases": [float(v) for v in biases],
            "auxChannels": ["R", "G", "B"],
            "base": stage(base_model, BASE_FILE, "cosine", BASE_SAMPLER),
            "upsampler": stage(up_model, UPSAMPLER_FILE, "linear", UPSAMPLER_SAMPLER) if up_model else None,
            "source": {"base": os.path.basename(base), "upsampler": os.path.basename(upsampler) if upsampler else None,
                       "exporter": EXPORTER},
            "files": files,
        }
        ex.write_manifest(tmp, manifest)
    say(f"wrote {out_dir}")
    return {"manifest": manifest, "base": base_model, "upsampler": up_model, "out_dir": out_dir}


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description="Export Point-E's base40M (and upsampler) checkpoints to a point-cloud "
                                "package conditioned on an Alpha-CLIP encoder's grid tokens.")
    p.add_argument("--base", required=True, help="base checkpoint (official base40M.pt, or .safetensors)")
    p.add_argument("--upsampler", help="upsampler checkpoint (official upsample_40m.pt)")
    p.add_argument("--out", required=True, help="package folder to write")
    p.add_argument("--encoder", help="the Alpha-CLIP model package whose last-layer grid tokens condition the models")
    p.add_argument("--heads", type=int, default=8, help="attention heads of the base model (official: 8)")
    p.add_argument("--upsampler-heads", type=int, default=8, help="attention heads of the upsampler (official: 8)")
    p.add_argument("--points", type=int, default=1024, help="points of the base model (official: 1024)")
    p.add_argument("--upsampler-points", type=int, default=3072, help="points the upsampler adds (official: 3072)")
    p.add_argument("--grid-tokens", type=int, help="grid tokens per image (default: the encoder's patches, else 256)")
    p.add_argument("--name", help="package name (default: the folder name)")
    p.add_argument("--description", help="free text for the manifest")
    p.add_argument("--traceback", action="store_true", help="show Python tracebacks for unexpected errors")
    a = p.parse_args(argv)
    return ex.run_reporting_errors(lambda: export_package(
        a.base, a.out, a.upsampler, a.encoder, a.heads, a.upsampler_heads, a.points, a.upsampler_points, a.grid_tokens,
        a.name, a.description), a.traceback)


if __name__ == "__main__":
    sys.exit(main())
