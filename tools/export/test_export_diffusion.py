#!/usr/bin/python3.11
"""Checks for the diffusion exporter against the diffusers reference fixtures.

    /usr/bin/python3.11 tools/export/test_export_diffusion.py [--fixtures ROOT] [--work DIR]

For every <root>/diffusion-reference*/ set (default root: the repository's fixtures/) with
tiny_models/reference_io/manifest.json: the PyTorch UNet and VAE decoder built from tiny_models/{unet,vae} (every
tensor loaded, none missing or left over) run every case the reference manifest lists and are compared with its
outputs (max |d| <= 1e-4). The checkpoint is exported through the command line to <DIR>/tiny-imgvar (for the set
named diffusion-reference; <DIR>/<set>-tiny-imgvar for others), the package the Java tests of plugin-diffusion load,
and once more with --external-data, --scheduler-config, --encoder, --name and --description to
<DIR>/<package>-external-data. Checked: the manifest field by field against the configs, SHA256SUMS and the
manifest's files, the scheduler config, the graphs' inputs and outputs (names, types, dynamic axes, opset 17,
onnx.checker) and the graphs evaluated with the NumPy interpreter on every case; the external data variant's
weights equal the inline ones. Also: sharded safetensors, .bin weights with pre-0.15 attention names, and one-line
errors with exit status 2 for bad input; a pixel-space checkpoint exported with --pixel-space (the decoder passes the
samples through). With an alphaclip-reference set beside it, its Alpha-CLIP package goes to <DIR>/encoder and the
tiny models exported on it to <DIR>/tiny-imgvar-encoder (the package the command tests load). Without --work the
packages go to a new temporary folder.
Exit status 0 when all checks pass.
"""

from __future__ import annotations

import argparse
import glob
import io
import json
import os
import shutil
import struct
import sys
import tempfile
import time
import traceback

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__ (Maven runs this)
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import diffusion_model as dm  # noqa: E402
import export_alphaclip as ex  # noqa: E402
import export_diffusion as ed  # noqa: E402
import mllm_checkpoint as mc  # noqa: E402
import test_export  # noqa: E402
from test_export import Report, graph_signature  # noqa: E402

TOL = 1e-4  # absolute, as the fixture suggests (its ONNX Runtime check: 3.9e-6 at most)
FLOAT, OPSET = 1, 17
DEFAULT_FIXTURES = os.path.join(os.path.dirname(os.path.dirname(_HERE)), "fixtures")

# The values the fixture's README gives for SD v1's scheduler_config.json (what the exporter writes by default).
SD_V1_SCHEDULER = {"_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                   "beta_schedule": "scaled_linear", "num_train_timesteps": 1000, "set_alpha_to_one": False,
                   "skip_prk_steps": True, "steps_offset": 1, "clip_sample": False}


class ReferenceSet:
    """One diffusion-reference* set: its tiny checkpoint and the cases of its reference_io manifest."""

    def __init__(self, folder: str):
        self.folder = folder
        self.name = os.path.basename(folder)
        self.checkpoint = os.path.join(folder, "tiny_models")
        self.io = os.path.join(self.checkpoint, "reference_io")
        with open(os.path.join(self.io, "manifest.json"), encoding="utf-8") as f:
            self.manifest = json.load(f)
        tensors = self.manifest["tensors"]
        self.unet_cases = sorted(k[:-len("_out_sample")] for k in tensors if k.endswith("_out_sample") and all(
            f"{k[:-len('_out_sample')]}_{part}" in tensors for part in ("sample", "timestep", "encoder_hidden_states")))
        self.vae_cases = sorted(k[:-len("_latent_sample")] for k in tensors
                                if k.endswith("_latent_sample") and f"{k[:-len('_latent_sample')]}_sample" in tensors)
        self.unknown_cases = [c for c in self.manifest.get("cases", {})
                              if c not in self.unet_cases and c not in self.vae_cases]
        self.package = "tiny-imgvar" if self.name == "diffusion-reference" else f"{self.name}-tiny-imgvar"

    def array(self, key: str) -> np.ndarray:
        spec = self.manifest["tensors"][key]
        dtype = {"float32": "<f4", "int64": "<i8"}[spec["dtype"]]
        return np.fromfile(os.path.join(self.io, spec["file"]), dtype=dtype).reshape(spec["shape"]).astype(
            spec["dtype"])

    def unet_inputs(self, case: str) -> dict:
        return {name: self.array(f"{case}_{name}") for name in ed.UNET_INPUTS}

    def config(self, model: str) -> dict:
        with open(os.path.join(self.checkpoint, model, "config.json"), encoding="utf-8") as f:
            return json.load(f)


def check_close(rep: Report, label: str, got, want, diffs: dict = None, key: str = "") -> None:
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    if got.shape != want.shape:
        rep.check(label, False, f"shape {got.shape} vs reference {want.shape}")
        return
    d = float(np.abs(got - want).max())
    if diffs is not None:
        diffs[key or label] = d
    rep.check(label, d <= TOL, f"max|d|={d:.2g} (max|ref|={np.abs(want).max():.3g})")


# ----------------------------------------------------------------------------------------------
# (a) the PyTorch modules against the reference
# ----------------------------------------------------------------------------------------------

def check_torch(rep: Report, s: ReferenceSet, diffs: dict):
    unet, counts = dm.load_unet(os.path.join(s.checkpoint, "unet"))
    header = ex.safetensors_header(os.path.join(s.checkpoint, "unet", "diffusion_pytorch_model.safetensors"))
    rep.check(f"{s.name}: UNet loads every tensor, none missing or unexpected",
              counts == {"loaded": len(header), "skipped": 0} and set(unet.state_dict()) == set(header),
              f"{counts['loaded']} tensors")
    vae, counts = dm.load_vae_decoder(os.path.join(s.checkpoint, "vae"))
    header = ex.safetensors_header(os.path.join(s.checkpoint, "vae", "diffusion_pytorch_model.safetensors"))
    decoder_keys = {k for k in header if not k.startswith(("encoder.", "quant_conv."))}
    rep.check(f"{s.name}: VAE decoder loads every decoder tensor (the encoder's skipped), none missing or unexpected",
              counts == {"loaded": len(decoder_keys), "skipped": len(header) - len(decoder_keys)}
              and set(vae.state_dict()) == decoder_keys, f"{counts['loaded']} tensors, {counts['skipped']} skipped")
    with torch.no_grad():
        for case in s.unet_cases:
            feeds = {k: torch.from_numpy(v) for k, v in s.unet_inputs(case).items()}
            shapes = ", ".join(f"{k} {tuple(v.shape)}" for k, v in feeds.items())
            check_close(rep, f"{s.name}: torch UNet {case} ({shapes})", unet(*(feeds[k] for k in ed.UNET_INPUTS)),
                        s.array(f"{case}_out_sample"), diffs, f"{s.name} torch {case}")
        for case in s.vae_cases:
            latent = torch.from_numpy(s.array(f"{case}_latent_sample"))
            check_close(rep, f"{s.name}: torch VAE decoder {case} (latent {tuple(latent.shape)})", vae(latent),
                        s.array(f"{case}_sample"), diffs, f"{s.name} torch {case}")
    for case in s.unknown_cases:
        rep.note(f"{s.name}: reference case '{case}' is neither a UNet nor a VAE decoder case; not compared")
    return unet, vae


# ----------------------------------------------------------------------------------------------
# (b) the package
# ----------------------------------------------------------------------------------------------

def expected_manifest(s: ReferenceSet, name: str, files: dict, scheduler_class: str, encoder=None) -> dict:
    """The manifest as it should be, from the two config.json files (description aside)."""
    unet, vae = s.config("unet"), s.config("vae")
    cross = unet["cross_attention_dim"]
    return {
        "format": "alphaclip-diffusion-package", "formatVersion": 1, "name": name, "description": None,
        "pipeline": "image-variation",
        "conditioning": {"kind": "pooled-embedding", "dim": cross, "encoder": encoder and encoder["name"],
                         "encoderManifestSha256": encoder and encoder["sha256"]},
        "unet": {"file": "unet/model.onnx", "inChannels": unet["in_channels"], "outChannels": unet["out_channels"],
                 "sampleSize": unet["sample_size"], "crossAttentionDim": cross, "timestepType": "float32"},
        "vaeDecoder": {"file": "vae_decoder/model.onnx", "latentChannels": vae["latent_channels"],
                       "scalingFactor": vae.get("scaling_factor", 0.18215),
                       "scaleFactor": 2 ** (len(vae["block_out_channels"]) - 1)},
        "scheduler": {"file": "scheduler/scheduler_config.json", "class": scheduler_class},
        "defaults": {"steps": 50, "guidance": 3.0},
        "source": {"checkpoint": os.path.basename(s.checkpoint), "exporter": "tools/export/export_diffusion.py"},
        "files": files,
    }


def profiled_flops(s: ReferenceSet) -> int:
    """FLOPs of one UNet evaluation of one sample as torch.profiler counts them (convolutions and matrix products)."""
    unet, _ = dm.load_unet(dm.ModelFolder.read(os.path.join(s.checkpoint, "unet")))
    c = unet.config
    with torch.profiler.profile(with_flops=True) as prof, torch.no_grad():
        unet(torch.zeros(1, c.in_channels, c.sample_size, c.sample_size), torch.tensor([1.0]),
             torch.zeros(1, 1, c.cross_attention_dim))
    return sum(e.flops for e in prof.key_averages() if e.flops)


def package_files(folder: str) -> list:
    return sorted(os.path.relpath(os.path.join(d, f), folder).replace(os.sep, "/")
                  for d, _, names in os.walk(folder) for f in names)


def check_package(rep: Report, s: ReferenceSet, out_dir: str, label: str, scheduler_source=None, encoder=None,
                  name=None, description=None, external=False, diffs=None):
    import onnx
    import onnx_numpy_eval as ev

    with open(os.path.join(out_dir, "manifest.json"), encoding="utf-8") as f:
        man = json.load(f)
    unet_cfg, vae_cfg = s.config("unet"), s.config("vae")
    scheduler_class = "PNDMScheduler"
    if scheduler_source is not None:
        with open(scheduler_source, encoding="utf-8") as f:
            scheduler_class = json.load(f)["_class_name"]
    want = expected_manifest(s, name or os.path.basename(out_dir), man.get("files"), scheduler_class, encoder)
    want["description"] = description if description is not None else man.get("description")
    flops = man.get("unet", {}).get("flopsPerSample")
    want["unet"]["flopsPerSample"] = flops
    counted = profiled_flops(s)
    rep.check(f"{label}: unet.flopsPerSample within 2 % of PyTorch's profiler count",
              isinstance(flops, int) and abs(flops / counted - 1) < 0.02, f"{flops} vs {counted}")
    wrong = [k for k in want if man.get(k) != want[k]]
    rep.check(f"{label}: manifest fields (configs, conditioning, scheduler, defaults, source)",
              not wrong and list(man) == list(want) and isinstance(man["description"], str),
              ", ".join(f"{k}: {man.get(k)!r} != {want[k]!r}" for k in wrong))

    # -- files and checksums
    present = [f for f in package_files(out_dir) if f not in ("manifest.json", "SHA256SUMS")]
    data = ["unet/weights.pb"] if external else []
    sums_ok = sorted(man["files"]) == present == sorted(
        ["scheduler/scheduler_config.json", "unet/model.onnx", "vae_decoder/model.onnx"] + data)
    sums_ok &= all(ex.sha256_file(os.path.join(out_dir, f)) == h for f, h in man["files"].items())
    sums_ok &= test_export.read_sha256sums(out_dir) == dict(
        man["files"], **{"manifest.json": ex.sha256_file(os.path.join(out_dir, "manifest.json"))})
    rep.check(f"{label}: every file in the manifest with its sha256, SHA256SUMS", sums_ok, ", ".join(present))

    # -- scheduler
    with open(os.path.join(out_dir, "scheduler", "scheduler_config.json"), "rb") as f:
        written = f.read()
    if scheduler_source is not None:
        with open(scheduler_source, "rb") as f:
            rep.check(f"{label}: scheduler config copied as given ({os.path.basename(scheduler_source)})",
                      written == f.read())
    else:
        config = json.loads(written)
        rep.check(f"{label}: scheduler config is SD v1's PNDM (the checkpoint has none)",
                  all(config.get(k) == v and type(config.get(k)) is type(v) for k, v in SD_V1_SCHEDULER.items()),
                  json.dumps(config))

    # -- graphs: signature, opset, checker
    cross, out_ch = unet_cfg["cross_attention_dim"], unet_cfg["out_channels"]
    want_sig = {
        "unet": ([("sample", FLOAT, ["batch", "channels", "height", "width"]), ("timestep", FLOAT, ["batch"]),
                  ("encoder_hidden_states", FLOAT, ["batch", "sequence", cross])],
                 [("out_sample", FLOAT, ["batch", out_ch, "height", "width"])]),
        "vae_decoder": ([("latent_sample", FLOAT, ["batch", "channels", "height", "width"])],
                        [("sample", FLOAT, ["batch", vae_cfg.get("out_channels", 3), "image_height", "image_width"])]),
    }
    graphs = {}
    for graph, (inputs, outputs) in want_sig.items():
        path = os.path.join(out_dir, graph, "model.onnx")
        try:
            onnx.checker.check_model(path, full_check=True)
            problem = ""
        except Exception as e:  # noqa: BLE001
            problem = str(e).splitlines()[0]
        model = onnx.load(path)
        graphs[graph] = model
        init = {i.name for i in model.graph.initializer}
        got_in = graph_signature([i for i in model.graph.input if i.name not in init])
        got_out = graph_signature(model.graph.output)
        opset = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
        rep.check(f"{label}: {graph}/model.onnx inputs, outputs, dynamic axes, opset {OPSET}, onnx.checker",
                  not problem and got_in == inputs and got_out == outputs and opset == [OPSET],
                  problem or f"{got_in} -> {got_out}, opset {opset}")
    if external:
        unet = onnx.load(os.path.join(out_dir, "unet", "model.onnx"), load_external_data=False)
        outside = [t for t in unet.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
        where = {e.value for t in outside for e in t.external_data if e.key == "location"}
        rep.check(f"{label}: UNet weights in unet/weights.pb (ONNX external data, one file)",
                  bool(outside) and where == {"weights.pb"}
                  and os.path.getsize(os.path.join(out_dir, "unet", "weights.pb"))
                  > os.path.getsize(os.path.join(out_dir, "unet", "model.onnx")),
                  f"{len(outside)} tensors in {sorted(where)}")
        return graphs

    # -- graphs evaluated
    try:
        for graph, model in graphs.items():
            missing = ev.unsupported_ops(model)
            if missing:
                raise ev.UnsupportedOp(f"{graph}: {', '.join(missing)}")
        for case in s.unet_cases:
            o = ev.run(graphs["unet"], s.unet_inputs(case))
            check_close(rep, f"{label}: onnx(numpy) unet {case}", o["out_sample"], s.array(f"{case}_out_sample"),
                        diffs, f"{s.name} onnx {case}")
        for case in s.vae_cases:
            o = ev.run(graphs["vae_decoder"], {"latent_sample": s.array(f"{case}_latent_sample")})
            check_close(rep, f"{label}: onnx(numpy) vae_decoder {case}", o["sample"], s.array(f"{case}_sample"),
                        diffs, f"{s.name} onnx {case}")
    except ev.UnsupportedOp as e:
        rep.note(f"{label}: ONNX graphs not evaluated in Python ({e}); the Java/ORT parity test covers them")
    return graphs


def same_weights(a, b) -> bool:
    from onnx import numpy_helper
    return sorted(numpy_helper.to_array(t).tobytes() for t in a.graph.initializer) == sorted(
        numpy_helper.to_array(t).tobytes() for t in b.graph.initializer)


def fake_encoder(folder: str, name: str, embed_dim: int) -> dict:
    """An Alpha-CLIP package manifest (all the exporter reads of an encoder package)."""
    os.makedirs(folder)
    manifest = {"format": ex.FORMAT, "formatVersion": ex.FORMAT_VERSION, "name": name,
                "architecture": {"family": "vit", "embedDim": embed_dim,
                                 "vision": {"resolution": 32, "patchSize": 16, "width": 64, "layers": 2, "heads": 1}}}
    path = os.path.join(folder, "manifest.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f)
    return {"name": name, "sha256": ex.sha256_file(path), "folder": folder}


# ----------------------------------------------------------------------------------------------
# Loading variants and (c) errors
# ----------------------------------------------------------------------------------------------

def copy_checkpoint(s: ReferenceSet, work: str, name: str) -> str:
    d = os.path.join(work, name)
    for model in ("unet", "vae"):
        shutil.copytree(os.path.join(s.checkpoint, model), os.path.join(d, model))
    return d


def edit_config(folder: str, model: str, **changes) -> None:
    path = os.path.join(folder, model, "config.json")
    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    config.update(changes)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f)


def check_loading(rep: Report, s: ReferenceSet, work: str, unet, vae) -> None:
    d = copy_checkpoint(s, work, "sharded")
    single = os.path.join(d, "unet", "diffusion_pytorch_model.safetensors")
    tensors = ex.read_safetensors(single)
    os.remove(single)
    keys = sorted(tensors)
    weight_map = {}
    for n, part in enumerate((keys[: len(keys) // 2], keys[len(keys) // 2:]), 1):
        shard = f"diffusion_pytorch_model-{n:05d}-of-00002.safetensors"
        mc.write_safetensors(os.path.join(d, "unet", shard), {k: tensors[k] for k in part})
        weight_map.update({k: shard for k in part})
    with open(os.path.join(d, "unet", "diffusion_pytorch_model.safetensors.index.json"), "w", encoding="utf-8") as f:
        json.dump({"metadata": {}, "weight_map": weight_map}, f)
    sharded, _ = dm.load_unet(os.path.join(d, "unet"))
    rep.check("UNet from two safetensors shards with an index == from one file",
              all(torch.equal(v, unet.state_dict()[k]) for k, v in sharded.state_dict().items()))

    old_names = {"to_q": "query", "to_k": "key", "to_v": "value", "to_out.0": "proj_attn"}
    vae_dir = os.path.join(d, "vae")
    single = os.path.join(vae_dir, "diffusion_pytorch_model.safetensors")
    tensors = {}
    for k, v in ex.read_safetensors(single).items():
        for new, old in old_names.items():
            if ".mid_block.attentions." in k and f".{new}." in k:
                k = k.replace(f".{new}.", f".{old}.")
        tensors[k] = v
    os.remove(single)
    torch.save(tensors, os.path.join(vae_dir, "diffusion_pytorch_model.bin"))
    from_bin, _ = dm.load_vae_decoder(vae_dir)
    rep.check("VAE decoder from diffusion_pytorch_model.bin with pre-0.15 attention names (query, key, value, "
              "proj_attn) == from the safetensors file",
              any(".query." in k for k in tensors)
              and all(torch.equal(v, vae.state_dict()[k]) for k, v in from_bin.state_dict().items()))


def check_errors(rep: Report, s: ReferenceSet, work: str) -> None:
    target = os.path.join(work, "should-not-exist")

    def one_line(label, checkpoint, *words, extra=()):
        rc, err = test_export.run_cli(["--checkpoint", checkpoint, "--out", target, *extra], ed.main)
        rep.check(f"error: {label} -> one line, status 2", rc == 2 and err.startswith("error: ")
                  and err.strip().count("\n") == 0 and "Traceback" not in err and all(w in err for w in words)
                  and not os.path.exists(target), err.strip() or f"status {rc}")

    one_line("missing checkpoint folder", os.path.join(work, "absent"), "checkpoint folder not found")
    d = copy_checkpoint(s, work, "no-config")
    os.remove(os.path.join(d, "unet", "config.json"))
    one_line("missing unet/config.json", d, "unet/config.json not found")
    d = copy_checkpoint(s, work, "no-vae")
    shutil.rmtree(os.path.join(d, "vae"))
    one_line("no vae/ folder", d, "no vae/ folder")
    d = copy_checkpoint(s, work, "no-weights")
    os.remove(os.path.join(d, "vae", "diffusion_pytorch_model.safetensors"))
    one_line("missing VAE weights", d, "has no weights", "diffusion_pytorch_model.safetensors")
    d = copy_checkpoint(s, work, "unknown-block")
    down = s.config("unet")["down_block_types"]
    edit_config(d, "unet", down_block_types=["AttnDownBlock2D"] + down[1:])
    one_line("unknown down block type", d, "down_block_types", "AttnDownBlock2D", "not supported")
    d = copy_checkpoint(s, work, "class-embedding")
    edit_config(d, "unet", class_embed_type="timestep")
    one_line("unsupported UNet option (class_embed_type)", d, "class_embed_type", "not supported")
    d = copy_checkpoint(s, work, "shift-factor")
    edit_config(d, "vae", shift_factor=0.1159)
    one_line("unsupported VAE option (shift_factor)", d, "shift_factor", "not supported")
    d = copy_checkpoint(s, work, "inpainting")
    edit_config(d, "unet", in_channels=9)
    one_line("UNet input channels other than the VAE's latents", d, "in_channels 9", "latent_channels")

    d = copy_checkpoint(s, work, "tampered")
    path = os.path.join(d, "unet", "diffusion_pytorch_model.safetensors")
    with open(path, "r+b") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        key = next(k for k, v in header.items() if k != "__metadata__" and len(v["shape"]) == 4 and v["shape"][0] > 1)
        header[key]["shape"][0] -= 1  # the header cannot grow
        text = json.dumps(header, separators=(",", ":")).encode("utf-8")
        assert len(text) <= n, "the header grew"
        f.seek(8)
        f.write(text.ljust(n))
    one_line("tampered safetensors header (a shape changed)", d, "diffusion_pytorch_model.safetensors", key,
             "data_offsets")
    d = copy_checkpoint(s, work, "truncated")
    path = os.path.join(d, "vae", "diffusion_pytorch_model.safetensors")
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) - 1000)
    one_line("truncated safetensors", d, "diffusion_pytorch_model.safetensors", "data_offsets")
    d = copy_checkpoint(s, work, "renamed")
    path = os.path.join(d, "unet", "diffusion_pytorch_model.safetensors")
    tensors = ex.read_safetensors(path)
    tensors["conv_in.kernel"] = tensors.pop("conv_in.weight")
    mc.write_safetensors(path, tensors)
    one_line("a tensor under another name", d, "lack 1 tensor", "conv_in.weight")

    occupied = os.path.join(work, "occupied")
    os.makedirs(occupied)
    with open(os.path.join(occupied, "notes.txt"), "w", encoding="utf-8") as f:
        f.write("mine\n")
    rc, err = test_export.run_cli(["--checkpoint", s.checkpoint, "--out", occupied], ed.main)
    rep.check("error: --out is a non-empty folder that is no package -> one line, status 2, left alone",
              rc == 2 and err.strip().count("\n") == 0 and "not empty" in err
              and os.listdir(occupied) == ["notes.txt"], err.strip())
    encoder = fake_encoder(os.path.join(work, "encoder-33"), "encoder-33", s.config("unet")["cross_attention_dim"] + 1)
    one_line("encoder of another embedding width", s.checkpoint, "encoder-33", "cross_attention_dim",
             extra=("--encoder", encoder["folder"]))
    one_line("encoder folder that is no package", s.checkpoint, "encoder package manifest",
             extra=("--encoder", occupied))
    bad_scheduler = os.path.join(work, "scheduler_without_class.json")
    with open(bad_scheduler, "w", encoding="utf-8") as f:
        json.dump({"beta_start": 0.00085}, f)
    one_line("scheduler config without _class_name", s.checkpoint, "_class_name",
             extra=("--scheduler-config", bad_scheduler))

    err = ""
    try:
        ed.export_package(s.checkpoint, target, memory_available=1024, quiet=True)
    except ex.ExportError as e:
        err = str(e)
    on_disk = sum(os.path.getsize(os.path.join(s.checkpoint, m, "diffusion_pytorch_model.safetensors"))
                  for m in ("unet", "vae"))
    rep.check("error: checkpoint larger than the memory -> refused with its size and the memory available",
              "too large" in err and f"{on_disk / mc.GiB:.2f} GiB" in err and "0.00 GiB is available" in err
              and "\n" not in err and not os.path.exists(target), err)
    left = [n for n in os.listdir(work) if ".tmp-" in n or ".old-" in n]
    rep.check("no temporary folders left beside the output", not left, ", ".join(left))


def check_other_configs(rep: Report, s: ReferenceSet, work: str) -> None:
    """Options the reference models do not use (linear projections, a head count per block, two layers per block,
    unpadded downsampling, the other sinusoid order, centred input, a scaled mid
    block; a VAE without mid attention and post_quant_conv), with random weights: the exported graphs, evaluated on a
    latent whose sides are not multiples of the downsampling (diffusers then upsamples to the skips' sizes), equal the
    PyTorch modules. No reference exists for these, so this checks the export, not diffusers parity."""
    import onnx
    import onnx_numpy_eval as ev

    unet_cfg = dict(s.config("unet"), down_block_types=["CrossAttnDownBlock2D", "DownBlock2D"],
                    up_block_types=["UpBlock2D", "CrossAttnUpBlock2D"], block_out_channels=[16, 32],
                    norm_num_groups=8, layers_per_block=2, attention_head_dim=[2, 4], use_linear_projection=True,
                    transformer_layers_per_block=1, cross_attention_dim=24, flip_sin_to_cos=False, freq_shift=1,
                    downsample_padding=0, center_input_sample=True, mid_block_scale_factor=2.0)
    vae_cfg = dict(s.config("vae"), block_out_channels=[8, 16, 16], up_block_types=["UpDecoderBlock2D"] * 3,
                   norm_num_groups=4, mid_block_add_attention=False, use_post_quant_conv=False)
    unet = dm.UNet2DCondition(dm.UNetConfig.from_config(unet_cfg)).eval()
    vae = dm.VAEDecoder(dm.VAEConfig.from_config(vae_cfg)).eval()
    gen = torch.Generator().manual_seed(5)
    for p in list(unet.parameters()) + list(vae.parameters()):
        p.data = torch.randn(p.shape, generator=gen) * 0.2
    folder = os.path.join(work, "other-configs")
    os.makedirs(folder)
    with torch.no_grad():
        ed.export_graphs(unet, vae, folder, False)
        feeds = {"sample": torch.randn(2, unet_cfg["in_channels"], 9, 7, generator=gen),
                 "timestep": torch.tensor([500.0]), "encoder_hidden_states": torch.randn(2, 5, 24, generator=gen)}
        want = unet(*(feeds[k] for k in ed.UNET_INPUTS)).numpy()
        latent = torch.randn(1, vae_cfg["latent_channels"], 5, 3, generator=gen)
        want_image = vae(latent).numpy()
    got = ev.run(onnx.load(os.path.join(folder, ed.UNET_FILE)), {k: v.numpy() for k, v in feeds.items()})["out_sample"]
    d = float(np.abs(got - want).max()) if got.shape == want.shape else float("inf")
    rep.check("other UNet options, random weights: onnx(numpy) == torch on a 9x7 latent, one timestep for two",
              d <= TOL * max(1.0, float(np.abs(want).max())), f"max|d|={d:.2g} (max|torch|={np.abs(want).max():.3g})")
    got = ev.run(onnx.load(os.path.join(folder, ed.VAE_FILE)), {"latent_sample": latent.numpy()})["sample"]
    d = float(np.abs(got - want_image).max()) if got.shape == want_image.shape else float("inf")
    rep.check("other VAE options, random weights: onnx(numpy) == torch on a 5x3 latent (20x12 image)",
              got.shape == (1, vae_cfg["out_channels"], 20, 12)
              and d <= TOL * max(1.0, float(np.abs(want_image).max())),
              f"max|d|={d:.2g}, image {got.shape}")


def check_pixel_space(rep: Report, s: ReferenceSet, work: str) -> None:
    """A pixel-space checkpoint (unet/ alone, RGB in and out; what tools/train/train_diffusion.py writes) exported with
    --pixel-space: the manifest says 3 channels, scale factor 1 and scaling factor 1, the decoder graph passes the
    samples through, and a --pixel-space export of a checkpoint with a VAE is refused."""
    import onnx
    import onnx_numpy_eval as ev

    cfg = dict(s.config("unet"), in_channels=3, out_channels=3)
    unet = dm.UNet2DCondition(dm.UNetConfig.from_config(cfg))
    gen = torch.Generator().manual_seed(7)
    for p in unet.parameters():
        p.data = torch.randn(p.shape, generator=gen) * 0.1
    checkpoint = os.path.join(work, "pixel-checkpoint")
    os.makedirs(os.path.join(checkpoint, "unet"))
    with open(os.path.join(checkpoint, "unet", "config.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f)
    mc.write_safetensors(os.path.join(checkpoint, "unet", "diffusion_pytorch_model.safetensors"), unet.state_dict())
    out = os.path.join(work, "pixel-space")
    result = ed.export_package(checkpoint, out, pixel_space=True, quiet=True)
    vae = result["manifest"]["vaeDecoder"]
    rep.check("pixel space: the manifest's decoder is 3 channels, x1, scaling 1",
              (vae["latentChannels"], vae["scaleFactor"], vae["scalingFactor"]) == (3, 1, 1.0), str(vae))
    sample = np.random.default_rng(3).standard_normal((2, 3, 5, 4)).astype(np.float32)
    got = ev.run(onnx.load(os.path.join(out, ed.VAE_FILE)), {"latent_sample": sample})["sample"]
    rep.check("pixel space: vae_decoder/model.onnx passes the samples through", np.array_equal(got, sample))
    refused = test_export.run_cli(["--checkpoint", copy_checkpoint(s, work, "pixel-with-vae"), "--out",
                                   os.path.join(work, "never"), "--pixel-space"], ed.main)
    rep.check("pixel space: a checkpoint with a vae/ is refused", refused[0] == 2 and "holds a vae/" in refused[1],
              str(refused))


def check_encoder_binding(rep: Report, s: ReferenceSet, root: str, out: str) -> None:
    """The Alpha-CLIP fixture package (``out/encoder``, from ``alphaclip-reference``) and the tiny models exported on
    it (``out/tiny-imgvar-encoder``): the manifest names the encoder and its manifest's SHA-256, as the Java commands
    check before they encode. Skipped when the root has no alphaclip-reference set or its embedding width differs."""
    encoder_set = os.path.join(root, "alphaclip-reference")
    if not os.path.isdir(encoder_set):
        return
    encoder_dir = ex.export_from_files(os.path.join(encoder_set, "weights", "clip_full_state_dict.pth"),
                                       os.path.join(out, "encoder"),
                                       vocab=os.path.join(encoder_set, "bpe_simple_vocab_16e6.txt.gz"),
                                       quiet=True)["out_dir"]
    info = mc.read_encoder(encoder_dir)
    if info["embedDim"] != s.config("unet")["cross_attention_dim"]:
        return
    bound = ed.export_package(s.checkpoint, os.path.join(out, "tiny-imgvar-encoder"), encoder=encoder_dir,
                              quiet=True)["manifest"]["conditioning"]
    rep.check("bound to the Alpha-CLIP fixture package: the manifest names it and its manifest's SHA-256",
              bound["encoder"] == info["name"] and bound["encoderManifestSha256"] == info["manifestSha256"], str(bound))


# ----------------------------------------------------------------------------------------------

def check_set(rep: Report, s: ReferenceSet, out: str, diffs: dict) -> None:
    print(f"{s.name}: PyTorch modules", flush=True)
    unet, vae = check_torch(rep, s, diffs)
    print(f"{s.name}: export {s.package}", flush=True)
    target = os.path.join(out, s.package)
    printed = io.StringIO()
    rc, err = test_export.run_cli(["--checkpoint", s.checkpoint, "--out", target], ed.main, printed)
    has_scheduler = os.path.isfile(os.path.join(s.checkpoint, "scheduler", "scheduler_config.json"))
    rep.check(f"{s.package}: command line export", rc == 0 and not err, err.strip())
    if rc != 0:
        return
    if not has_scheduler:
        rep.check(f"{s.package}: a note says SD v1's PNDM scheduler config was written",
                  "note:" in printed.getvalue() and "PNDM" in printed.getvalue())
    graphs = check_package(rep, s, target, s.package, diffs=diffs,
                           scheduler_source=os.path.join(s.checkpoint, "scheduler", "scheduler_config.json")
                           if has_scheduler else None)
    with tempfile.TemporaryDirectory(prefix="diffusion-export-test-") as work:
        print(f"{s.name}: export {s.package}-external-data", flush=True)
        scheduler_file = os.path.join(work, "scheduler_config.json")
        with open(scheduler_file, "w", encoding="utf-8") as f:  # another class than the default, as the copy shows
            json.dump(dict(SD_V1_SCHEDULER, _class_name="DDIMScheduler"), f, indent=1)
        encoder = fake_encoder(os.path.join(work, "encoder"), "fixture-encoder",
                               s.config("unet")["cross_attention_dim"])
        external = target + "-external-data"
        rc, err = test_export.run_cli(["--checkpoint", s.checkpoint, "--out", external, "--external-data",
                                       "--scheduler-config", scheduler_file, "--encoder", encoder["folder"],
                                       "--name", "tiny external", "--description", "a test package"], ed.main)
        rep.check(f"{s.package}-external-data: command line export with every option", rc == 0 and not err,
                  err.strip())
        if rc == 0:
            ext = check_package(rep, s, external, f"{s.package}-external-data", scheduler_file, encoder,
                                "tiny external", "a test package", external=True)
            rep.check(f"{s.package}-external-data: same weights as the inline package",
                      same_weights(ext["unet"], graphs["unet"]) and same_weights(ext["vae_decoder"],
                                                                                 graphs["vae_decoder"]))
        threshold = ed.EXTERNAL_DATA_BYTES
        ed.EXTERNAL_DATA_BYTES = 4 * sum(p.numel() for p in unet.parameters()) - 1  # this UNet is "too large"
        try:
            auto = ed.export_package(s.checkpoint, os.path.join(work, "auto-external"), quiet=True)
        finally:
            ed.EXTERNAL_DATA_BYTES = threshold
        rep.check("a UNet past the external-data threshold keeps its weights in unet/weights.pb without the option",
                  "unet/weights.pb" in auto["manifest"]["files"], ", ".join(auto["manifest"]["files"]))
        print(f"{s.name}: loading variants and errors", flush=True)
        check_loading(rep, s, work, unet, vae)
        check_other_configs(rep, s, work)
        check_pixel_space(rep, s, work)
        check_errors(rep, s, work)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fixtures", default=DEFAULT_FIXTURES, help="fixture root holding diffusion-reference "
                    "(default: the repository's fixtures/)")
    ap.add_argument("--work", help="folder for the exported packages (default: a new temporary folder)")
    args = ap.parse_args(argv)
    t0 = time.time()
    torch.set_num_threads(1)
    rep = Report()
    root = os.path.abspath(args.fixtures)
    out = os.path.abspath(args.work) if args.work else tempfile.mkdtemp(prefix="diffusion-export-")
    os.makedirs(out, exist_ok=True)
    diffs = {}
    try:
        sets = sorted(os.path.dirname(os.path.dirname(os.path.dirname(p))) for p in glob.glob(
            os.path.join(root, "diffusion-reference*", "tiny_models", "reference_io", "manifest.json")))
        if not sets:
            raise ex.ExportError(f"no diffusion-reference set (tiny_models/reference_io/manifest.json) under {root}")
        for folder in sets:
            check_set(rep, ReferenceSet(folder), out, diffs)
        check_encoder_binding(rep, ReferenceSet(sets[0]), root, out)
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        rep.check("test ran to completion", False, f"{type(e).__name__}: {e}")
    n = len(rep.rows)
    print("max |d| against the reference: " + ", ".join(f"{k} {d:.2g}" for k, d in diffs.items()))
    print(f"diffusion export test: {n - rep.failed}/{n} checks passed, {rep.failed} failed ({time.time() - t0:.1f}s); "
          f"packages in {out}")
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
