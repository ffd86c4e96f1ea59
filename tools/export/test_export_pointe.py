#!/usr/bin/python3.11
"""Checks for the Point-E exporter against the official point-e reference fixtures.

    /usr/bin/python3.11 tools/export/test_export_pointe.py [--fixtures ROOT] --work DIR

For every <root>/pointe-reference*/ set: the PyTorch transformers of pointe_model.py built from its
weights/pointe_{base,upsample}_tiny.safetensors (every tensor loaded, none missing or left over; sizes from its
config.json) equal the official forward outputs (the time token, with and without conditioning, the upsampler with
and without ``low_res``; max |d| <= 1e-4). The weights are exported through the command line to DIR/tiny-pointe
(for the set named pointe-reference; DIR/<set>-tiny-pointe for others); checked: the manifest (the sampler settings
are the set's official defaults), SHA256SUMS, the graphs' inputs and outputs and their NumPy-interpreted outputs on
the reference inputs. With an alphaclip-reference set, its Alpha-CLIP package goes to DIR/encoder and a small
seeded random base + upsampler on that encoder's grid (width and patch count) to DIR/tiny-pointe-encoder (the
package the command tests load). Also one-line errors for bad input. Exit status 0 when all checks pass.
"""

from __future__ import annotations

import argparse
import glob
import io
import json
import os
import shutil
import sys
import time
import traceback

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__ (Maven runs this)
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import export_alphaclip as ex  # noqa: E402
import export_pointe as ep  # noqa: E402
import mllm_checkpoint as mc  # noqa: E402
import pointe_model as pm  # noqa: E402
import test_export  # noqa: E402
from test_export import Report, graph_signature  # noqa: E402

TOL = 1e-4
DEFAULT_FIXTURES = os.path.join(os.path.dirname(os.path.dirname(_HERE)), "fixtures")
DTYPES = {"float32": "<f4", "float64": "<f8", "int64": "<i8", "float16": "<f2", "uint8": "u1"}


class ReferenceSet:
    def __init__(self, folder: str):
        self.folder = folder
        self.name = os.path.basename(folder)
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
            self.config = json.load(f)
        with open(os.path.join(folder, "index.json"), encoding="utf-8") as f:
            self.index = json.load(f)
        self.package = "tiny-pointe" if self.name == "pointe-reference" else f"{self.name}-tiny-pointe"

    def array(self, name: str) -> np.ndarray:
        entry = self.index[name]
        data = np.fromfile(os.path.join(self.folder, entry["file"]), dtype=DTYPES[entry["dtype"]])
        return data.reshape(entry["shape"])

    def tensor(self, name: str) -> torch.Tensor:
        a = self.array(name)
        return torch.from_numpy(a.astype(np.int64) if a.dtype.kind == "i" else a.astype(np.float32))

    def weights(self, stage: str) -> str:
        return os.path.join(self.folder, "weights", f"pointe_{stage}_tiny.safetensors")

    def cli(self, out: str, extra=()) -> list:
        b, u = self.config["base"], self.config["upsampler"]
        return ["--base", self.weights("base"), "--upsampler", self.weights("upsample"), "--out", out,
                "--heads", str(b["heads"]), "--upsampler-heads", str(u["heads"]), "--points", str(b["n_ctx"]),
                "--upsampler-points", str(u["n_ctx"]), "--grid-tokens", str(b["clip_grid_tokens"]), *extra]


def close(rep: Report, label: str, got, want, diffs: dict) -> None:
    got = got.detach().numpy() if isinstance(got, torch.Tensor) else np.asarray(got)
    want = want.detach().numpy() if isinstance(want, torch.Tensor) else np.asarray(want)
    d = float(np.abs(got - want).max()) if got.shape == want.shape else float("inf")
    diffs[label] = d
    rep.check(f"{label}: max |d| {d:.2g} <= {TOL}", d <= TOL, f"shapes {got.shape} / {want.shape}")


def check_set(rep: Report, s: ReferenceSet, work: str, diffs: dict) -> None:
    import onnx
    import onnx_numpy_eval as ev

    target = os.path.join(work, s.package)
    rc, err = test_export.run_cli(s.cli(target), ep.main, io.StringIO())
    rep.check(f"{s.name}: command line export", rc == 0 and not err, err.strip())
    if rc != 0:
        return
    b, u = s.config["base"], s.config["upsampler"]
    base = ep.load_model(s.weights("base"), "base", b["heads"], b["n_ctx"], b["clip_grid_tokens"])
    up = ep.load_model(s.weights("upsample"), "upsampler", u["heads"], u["n_ctx"], u["clip_grid_tokens"], u["cond_ctx"])
    grid = s.tensor("grid_embeddings")
    x, t = s.tensor("fwd_x"), s.tensor("fwd_t")
    n = x.shape[0]
    with torch.no_grad():
        close(rep, f"{s.name}: time token", base.time_embed(pm.timestep_embedding(t, base.config.width)),
              s.tensor("fwd_t_embed"), diffs)
        cond = base(x, t, grid[:n])
        uncond = base(x, t, torch.zeros_like(grid[:n]))
        close(rep, f"{s.name}: base, conditioned", cond, s.tensor("fwd_out_cond"), diffs)
        close(rep, f"{s.name}: base, zero embeddings (the guidance branch)", uncond, s.tensor("fwd_out_uncond"), diffs)
        ux, ut, low = s.tensor("up_fwd_x"), s.tensor("up_fwd_t"), s.tensor("up_fwd_low_res")
        m = ux.shape[0]
        up_cond = up(ux, ut, grid[:m], low)
        up_uncond = up(ux, ut, torch.zeros_like(grid[:m]), torch.zeros_like(low))
        close(rep, f"{s.name}: upsampler, conditioned", up_cond, s.tensor("up_fwd_out_cond"), diffs)
        close(rep, f"{s.name}: upsampler, everything zeroed", up_uncond, s.tensor("up_fwd_out_uncond"), diffs)
    with open(os.path.join(target, "manifest.json"), encoding="utf-8") as f:
        man = json.load(f)
    defaults = s.config["official_sampler_defaults"]
    rep.check(f"{s.name}: manifest sampler settings are the official defaults",
              [man["base"]["sampler"]["steps"], man["upsampler"]["sampler"]["steps"]] == defaults["karras_steps"]
              and [man["base"]["sampler"]["guidance"], man["upsampler"]["sampler"]["guidance"]]
              == defaults["guidance_scale"]
              and [man["base"]["sampler"]["sigmaMax"], man["upsampler"]["sampler"]["sigmaMax"]] == defaults["sigma_max"]
              and [man["base"]["sampler"]["sChurn"], man["upsampler"]["sampler"]["sChurn"]] == defaults["s_churn"]
              and man["base"]["sampler"]["sigmaMin"] == defaults["sigma_min"][0]
              and man["base"]["sampler"]["rho"] == defaults["rho"],
              json.dumps([man["base"]["sampler"], man["upsampler"]["sampler"]]))
    rep.check(f"{s.name}: manifest diffusion, scaling, sizes",
              man["base"]["diffusion"]["schedule"] == s.config["base_diffusion"]["schedule"]
              and man["upsampler"]["diffusion"]["schedule"] == s.config["upsampler_diffusion"]["schedule"]
              and man["base"]["diffusion"]["timesteps"] == s.config["base_diffusion"]["timesteps"]
              and np.allclose(man["channelScales"], s.config["base_diffusion"]["channel_scales"])
              and man["channelBiases"] == s.config["base_diffusion"]["channel_biases"]
              and man["base"]["points"] == b["n_ctx"] and man["upsampler"]["points"] == u["n_ctx"]
              and man["upsampler"]["lowResPoints"] == u["cond_ctx"]
              and man["conditioning"]["width"] == b["clip_grid_feature_dim"]
              and man["conditioning"]["tokens"] == b["clip_grid_tokens"], json.dumps(man["conditioning"]))
    sums = test_export.read_sha256sums(target)
    rep.check(f"{s.name}: SHA256SUMS and files list both graphs",
              sorted(man["files"]) == ["base.onnx", "upsampler.onnx"]
              and all(sums.get(k) == v for k, v in man["files"].items()))
    g_base = onnx.load(os.path.join(target, "base.onnx"))
    g_up = onnx.load(os.path.join(target, "upsampler.onnx"))
    sig = [graph_signature(g_base.graph.input), graph_signature(g_base.graph.output)]
    rep.check(f"{s.name}: base.onnx inputs and outputs", sig == [
        [("x", 1, ["batch", 6, b["n_ctx"]]), ("t", 7, ["batch"]),
         ("embeddings", 1, ["batch", b["clip_grid_feature_dim"], "grid_tokens"])],
        [("output", 1, ["batch", 12, b["n_ctx"]])]], str(sig))
    rep.check(f"{s.name}: upsampler.onnx has low_res", [i.name for i in g_up.graph.input] ==
              ["x", "t", "embeddings", "low_res"])
    got = ev.run(g_base, {"x": x.numpy(), "t": t.numpy(), "embeddings": grid[:n].numpy()})["output"]
    close(rep, f"{s.name}: base.onnx (NumPy)", got, s.tensor("fwd_out_cond"), diffs)
    got = ev.run(g_up, {"x": ux.numpy(), "t": ut.numpy(), "embeddings": grid[:m].numpy(), "low_res": low.numpy()})["output"]
    close(rep, f"{s.name}: upsampler.onnx (NumPy)", got, s.tensor("up_fwd_out_cond"), diffs)


def random_model(config: pm.PointeConfig, seed: int) -> pm.PointTransformer:
    model = pm.PointTransformer(config, ep.CHANNEL_SCALES, ep.CHANNEL_BIASES)
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            fan_in = p.shape[-1] if p.dim() > 1 else 1
            p.copy_(1 + 0.1 * torch.randn(p.shape, generator=gen) if name.endswith("weight") and p.dim() == 1
                    else torch.randn(p.shape, generator=gen) / (fan_in ** 0.5 if p.dim() > 1 else 50))
    return model.eval()


def check_encoder_package(rep: Report, root: str, work: str) -> None:
    """DIR/encoder (the Alpha-CLIP fixture package) and DIR/tiny-pointe-encoder: a random base + upsampler on its
    grid, exported with --encoder."""
    encoder_set = os.path.join(root, "alphaclip-reference")
    if not os.path.isdir(encoder_set):
        return
    encoder_dir = os.path.join(work, "encoder")
    if not os.path.isfile(os.path.join(encoder_dir, "manifest.json")):
        ex.export_from_files(os.path.join(encoder_set, "weights", "clip_full_state_dict.pth"), encoder_dir,
                             vocab=os.path.join(encoder_set, "bpe_simple_vocab_16e6.txt.gz"), quiet=True)
    info = mc.read_encoder(encoder_dir)
    tokens = (info["resolution"] // info["patchSize"]) ** 2
    checkpoints = os.path.join(work, "tiny-pointe-encoder-checkpoints")
    os.makedirs(checkpoints, exist_ok=True)
    base = random_model(pm.PointeConfig(32, 1, 2, 1024, info["width"], tokens), 21)
    up = random_model(pm.PointeConfig(32, 1, 2, 3072, info["width"], tokens, low_res_points=1024), 22)
    mc.write_safetensors(os.path.join(checkpoints, "base.safetensors"), base.state_dict())
    mc.write_safetensors(os.path.join(checkpoints, "upsample.safetensors"), up.state_dict())
    out = os.path.join(work, "tiny-pointe-encoder")
    rc, err = test_export.run_cli(["--base", os.path.join(checkpoints, "base.safetensors"), "--upsampler",
                                   os.path.join(checkpoints, "upsample.safetensors"), "--encoder", encoder_dir,
                                   "--heads", "2", "--upsampler-heads", "2", "--out", out], ep.main, io.StringIO())
    rep.check("export on the Alpha-CLIP fixture package", rc == 0 and not err, err.strip())
    if rc == 0:
        with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
            cond = json.load(f)["conditioning"]
        rep.check("bound to the encoder: its name, manifest SHA-256, width and patch count",
                  cond == {"kind": "grid-tokens", "width": info["width"], "tokens": tokens, "layer": -1,
                           "classToken": False, "encoder": info["name"],
                           "encoderManifestSha256": info["manifestSha256"]}, json.dumps(cond))

    def one_line(label, argv):
        code, message = test_export.run_cli(argv, ep.main, io.StringIO())
        rep.check(f"refused with one line: {label}", code == 2 and message.count("\n") == 1
                  and "Traceback" not in message, message.strip())

    refused = os.path.join(work, "refused")
    base_file = os.path.join(checkpoints, "base.safetensors")
    up_file = os.path.join(checkpoints, "upsample.safetensors")
    one_line("a missing checkpoint", ["--base", base_file + ".missing", "--out", refused])
    one_line("heads that do not divide the width", ["--base", base_file, "--heads", "3", "--out", refused])
    one_line("an upsampler given as the base", ["--base", up_file, "--heads", "2", "--out", refused])
    narrow = random_model(pm.PointeConfig(32, 1, 2, 1024, info["width"] // 2, 4), 23)
    mc.write_safetensors(os.path.join(checkpoints, "narrow.safetensors"), narrow.state_dict())
    one_line("an encoder of another width", ["--base", os.path.join(checkpoints, "narrow.safetensors"), "--heads", "2",
                                            "--encoder", encoder_dir, "--out", refused])
    one_line("--points 0", ["--base", base_file, "--heads", "2", "--points", "0", "--out", refused])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fixtures", default=DEFAULT_FIXTURES, help="fixture root holding pointe-reference (default: the "
                    "repository's fixtures/)")
    ap.add_argument("--work", required=True, help="folder for the exported packages")
    args = ap.parse_args(argv)
    t0 = time.time()
    torch.set_num_threads(1)
    rep = Report()
    root, work = os.path.abspath(args.fixtures), os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    diffs = {}
    try:
        sets = sorted(os.path.dirname(p) for p in glob.glob(os.path.join(root, "pointe-reference*", "config.json")))
        if not sets:
            raise ex.ExportError(f"no pointe-reference set (config.json) under {root}")
        for folder in sets:
            check_set(rep, ReferenceSet(folder), work, diffs)
        check_encoder_package(rep, root, work)
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        rep.check("test ran to completion", False, f"{type(e).__name__}: {e}")
    shutil.rmtree(os.path.join(work, "refused"), ignore_errors=True)
    n = len(rep.rows)
    print(f"Point-E export test: {n - rep.failed}/{n} checks passed, {rep.failed} failed ({time.time() - t0:.1f}s); "
          f"packages in {work}")
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
