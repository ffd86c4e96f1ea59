#!/usr/bin/python3.11
"""Export a Segment Anything (SAM) checkpoint to a SAM package folder for the Java platform.

    /usr/bin/python3.11 tools/export/export_sam.py --checkpoint sam_vit_b_01ec64.pth \
        --model-type vit_b --out models/sam [--name NAME] [--opset 17]

Uses the segment-anything package **installed by the user** (``pip install segment-anything``, or
facebookresearch/segment-anything on PYTHONPATH) and the user's checkpoint; neither is part of this
repository, so this script cannot run in our CI. The Java side is tested with the tiny reference model
in fixtures/sam-reference instead.

The package folder holds:

* ``encoder.onnx``: ``sam.image_encoder`` with input ``input_image`` float32 ``[1,3,S,S]`` (the resized,
  normalised, zero-padded image of ``Sam.preprocess``) and output ``image_embeddings``;
* ``decoder.onnx``: ``SamOnnxModel(return_single_mask=False)`` exported exactly as segment-anything's
  ``scripts/export_onnx_model.py`` does (opset 17, constant folding, dynamic ``num_points``);
* ``encoder.onnx.data`` only when the encoder exceeds protobuf's 2 GB (ViT-H): its tensors, stored as
  ONNX external data;
* ``sam-package.json``: preprocessing, mask threshold, graph names and each file's SHA-256 and size
  (format in tools/export/README.md, section "SAM packages").

The package is written to a temporary folder beside ``--out`` and renamed at the end, so a failed
export never leaves a half-written package. Other tools can call :func:`export_package` with a model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import warnings
from typing import Dict, Optional

sys.dont_write_bytecode = True

FORMAT = "alphaclip-sam-package"
FORMAT_VERSION = 1
MANIFEST = "sam-package.json"
EXPORTER = "tools/export/export_sam.py"
MODEL_TYPES = ("vit_h", "vit_l", "vit_b")
DECODER_INPUTS = ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"]
DECODER_OUTPUTS = ["masks", "iou_predictions", "low_res_masks"]
PROTOBUF_LIMIT = 2_000_000_000


class ExportError(Exception):
    """A problem the user can fix (missing package or file, unknown model type, occupied folder)."""


def load_sam(model_type: str, checkpoint: str):
    """Builds the official model and loads the checkpoint with the user's segment-anything package."""
    try:
        from segment_anything import sam_model_registry
    except ImportError as e:
        raise ExportError("segment-anything is not installed for this Python (pip install segment-anything, or put "
                          "facebookresearch/segment-anything on PYTHONPATH): " + str(e)) from e
    if model_type not in MODEL_TYPES:
        raise ExportError(f"--model-type must be one of {', '.join(MODEL_TYPES)}, got '{model_type}'")
    if not os.path.isfile(checkpoint):
        raise ExportError(f"checkpoint {checkpoint} does not exist")
    try:
        return sam_model_registry[model_type](checkpoint=checkpoint)
    except RuntimeError as e:
        lines = [line.strip() for line in str(e).splitlines() if line.strip()]
        detail = lines[1] if len(lines) > 1 else (lines[0] if lines else type(e).__name__)
        raise ExportError(f"{checkpoint} does not fit SAM {model_type} (is --model-type right?): {detail[:200]}"
                          + (f" (and {len(lines) - 2} more problems)" if len(lines) > 2 else "")) from e


def _export_decoder(sam, path: str, opset: int) -> None:
    """``SamOnnxModel`` with all four masks, with the official exporter's inputs and settings."""
    import torch
    from segment_anything.utils.onnx import SamOnnxModel

    model = SamOnnxModel(model=sam, return_single_mask=False)
    embed_dim = sam.prompt_encoder.embed_dim
    embed_size = sam.prompt_encoder.image_embedding_size
    mask_input_size = [4 * x for x in embed_size]
    dummy = {
        "image_embeddings": torch.randn(1, embed_dim, *embed_size, dtype=torch.float),
        "point_coords": torch.randint(low=0, high=1024, size=(1, 5, 2), dtype=torch.float),
        "point_labels": torch.randint(low=0, high=4, size=(1, 5), dtype=torch.float),
        "mask_input": torch.randn(1, 1, *mask_input_size, dtype=torch.float),
        "has_mask_input": torch.tensor([1], dtype=torch.float),
        "orig_im_size": torch.tensor([1500, 2250], dtype=torch.float),
    }
    model(**dummy)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", category=UserWarning)
        torch.onnx.export(model, tuple(dummy.values()), path, export_params=True, verbose=False, opset_version=opset,
                          do_constant_folding=True, input_names=DECODER_INPUTS, output_names=DECODER_OUTPUTS,
                          dynamic_axes={"point_coords": {1: "num_points"}, "point_labels": {1: "num_points"}})


def _export_encoder(sam, folder: str, opset: int) -> None:
    """``sam.image_encoder`` on the preprocessed tensor; tensors go to ``encoder.onnx.data`` above 2 GB."""
    import onnx
    import torch

    size = sam.image_encoder.img_size
    raw = os.path.join(folder, "encoder-raw")
    os.makedirs(raw)
    raw_file = os.path.join(raw, "encoder.onnx")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", category=UserWarning)
        torch.onnx.export(sam.image_encoder, (torch.zeros(1, 3, size, size, dtype=torch.float),), raw_file,
                          export_params=True, verbose=False, opset_version=opset, do_constant_folding=True,
                          input_names=["input_image"], output_names=["image_embeddings"])
    model = onnx.load(raw_file)  # also reads tensors torch wrote as separate files for large models
    weights = sum(len(t.raw_data) for t in model.graph.initializer)
    target = os.path.join(folder, "encoder.onnx")
    if weights > PROTOBUF_LIMIT:
        onnx.save_model(model, target, save_as_external_data=True, all_tensors_to_one_file=True,
                        location="encoder.onnx.data", size_threshold=1024)
    else:
        onnx.save_model(model, target)
    shutil.rmtree(raw)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_package(sam, out: str, name: Optional[str] = None, opset: int = 17,
                   source: Optional[Dict[str, str]] = None) -> Dict:
    """Writes a SAM package for a segment-anything ``Sam`` model into ``out``; returns the manifest.

    An existing SAM package at ``out`` is replaced; any other non-empty folder is refused.
    """
    out = os.path.abspath(out)
    if os.path.exists(out) and os.listdir(out) and not os.path.isfile(os.path.join(out, MANIFEST)):
        raise ExportError(f"{out} is not empty and holds no SAM package; choose another --out")
    parent = os.path.dirname(out)
    os.makedirs(parent, exist_ok=True)
    sam = sam.eval().cpu()
    tmp = tempfile.mkdtemp(prefix=".sam-export-", dir=parent)
    try:
        import torch
        with torch.no_grad():
            _export_encoder(sam, tmp, opset)
            _export_decoder(sam, os.path.join(tmp, "decoder.onnx"), opset)
        files = {}
        for file in sorted(os.listdir(tmp)):
            path = os.path.join(tmp, file)
            files[file] = {"sha256": _sha256(path), "bytes": os.path.getsize(path)}
        manifest = {
            "format": FORMAT,
            "formatVersion": FORMAT_VERSION,
            "name": name or os.path.basename(out),
            "description": "Segment Anything " + (source or {}).get("modelType", "model") + " for the Java platform",
            "preprocessing": {
                "resize": "longest-side",
                "interpolation": "bilinear",
                "inputSize": int(sam.image_encoder.img_size),
                "pixelMean": [float(v) for v in sam.pixel_mean.flatten().tolist()],
                "pixelStd": [float(v) for v in sam.pixel_std.flatten().tolist()],
            },
            "maskThreshold": float(sam.mask_threshold),
            "graphs": {
                "encoder": {"file": "encoder.onnx", "inputs": ["input_image"], "outputs": ["image_embeddings"]},
                "decoder": {"file": "decoder.onnx", "inputs": DECODER_INPUTS, "outputs": DECODER_OUTPUTS},
            },
            "files": files,
            "source": dict(source or {}, exporter=EXPORTER, opset=opset),
        }
        with open(os.path.join(tmp, MANIFEST), "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
        if os.path.exists(out):
            shutil.rmtree(out)
        os.rename(tmp, out)
        return manifest
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Export a SAM checkpoint to a SAM package folder (needs the "
                                                 "user's segment-anything installation; not run in CI).")
    parser.add_argument("--checkpoint", required=True, help="official SAM checkpoint, e.g. sam_vit_b_01ec64.pth")
    parser.add_argument("--model-type", required=True, choices=MODEL_TYPES, help="vit_h, vit_l or vit_b")
    parser.add_argument("--out", required=True, help="package folder, e.g. models/sam")
    parser.add_argument("--name", help="package name (default: the folder name)")
    parser.add_argument("--opset", type=int, default=17, help="ONNX opset (default 17, as the fixtures)")
    parser.add_argument("--traceback", action="store_true", help="show the traceback of an unexpected failure")
    args = parser.parse_args(argv)
    try:
        sam = load_sam(args.model_type, args.checkpoint)
        manifest = export_package(sam, args.out, args.name, args.opset,
                                  {"modelType": args.model_type, "checkpoint": os.path.basename(args.checkpoint)})
    except ExportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - one line for users, the traceback on request
        if args.traceback:
            raise
        print(f"error: unexpected failure: {e} (run with --traceback for details)", file=sys.stderr)
        return 1
    sizes = ", ".join(f"{k} {v['bytes'] / 1e6:.1f} MB" for k, v in manifest["files"].items())
    print(f"Wrote SAM package {os.path.abspath(args.out)}: {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
