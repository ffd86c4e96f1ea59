#!/usr/bin/env python3
"""Adds a TorchScript image tower (visual.pt) to an existing Alpha-CLIP model package, rebuilt from its visual.onnx.

For packages whose PyTorch checkpoint is not at hand (the shipped default, trained by tools/train): the tower is
rebuilt from the ONNX graph's weights (tools/train/package_encoder.py), traced with gradients on as
``(image, alpha) -> image_embedding``, checked against visual.onnx on random inputs (relative 1e-5), and listed in
the manifest (``torchscript.visual``, ``files``) and SHA256SUMS. Packages exported from a checkpoint get both towers
from ``export_alphaclip.py --torchscript`` instead.

    /usr/bin/python3.11 tools/export/add_torchscript.py distribution/src/main/app/models/alphaclip-shapes
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "train"))

import export_alphaclip as ex  # noqa: E402
import onnx_numpy_eval as one  # noqa: E402
import package_encoder as pe  # noqa: E402

VISUAL = ex.TORCHSCRIPT_VISUAL
TOLERANCE = 1e-5


def add_torchscript(folder: str, seed: int = 0) -> float:
    """Writes visual.pt into ``folder`` and lists it; returns the relative difference to visual.onnx."""
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != ex.FORMAT:
        raise ex.ExportError(f"{folder} is not an Alpha-CLIP model package (format {manifest.get('format')!r})")
    encoder = pe.load_visual(folder)
    visual = encoder.visual.eval()
    size = encoder.info["resolution"]
    gen = torch.Generator().manual_seed(seed)
    image = torch.randn(2, 3, size, size, generator=gen)
    alpha = torch.randn(2, 1, size, size, generator=gen)
    path = os.path.join(folder, VISUAL)
    with torch.enable_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        traced = torch.jit.trace(visual, (image, alpha), check_trace=False)
    traced.save(path)
    reference = one.run(os.path.join(folder, "visual.onnx"),
                        {"image": image.numpy().astype(np.float32), "alpha": alpha.numpy().astype(np.float32)},
                        ["image_embedding"])["image_embedding"]
    with torch.no_grad():
        ours = torch.jit.load(path)(image, alpha).numpy()
    difference = float(np.abs(ours - reference).max() / max(np.abs(reference).max(), 1e-12))
    if difference > TOLERANCE:
        os.remove(path)
        raise ex.ExportError(f"the rebuilt tower differs from visual.onnx by {difference:.2e} (relative); "
                             f"allowed {TOLERANCE:.0e}")
    manifest.setdefault("torchscript", {})["visual"] = {"file": VISUAL, "inputs": ["image", "alpha"],
                                                        "outputs": ["image_embedding"]}
    manifest["files"][VISUAL] = ex.sha256_file(path)
    ex.write_manifest(folder, manifest)
    return difference


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", help="the model package folder")
    args = parser.parse_args(argv)
    try:
        difference = add_torchscript(args.package)
    except (ex.ExportError, pe.EncoderError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"wrote {os.path.join(args.package, VISUAL)} ({os.path.getsize(os.path.join(args.package, VISUAL)) / 1e6:.1f}"
          f" MB); image embedding vs visual.onnx: {difference:.1e} relative")
    return 0


if __name__ == "__main__":
    sys.exit(main())
