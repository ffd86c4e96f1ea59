"""What the multimodal exporters read and write around the model itself.

* the checkpoint folder (``config.json``, ``model.safetensors`` or shards with an index, ``pytorch_model*.bin``,
  the tokenizer), read without loading any weight; float32 safetensors files written (:func:`write_safetensors`);
* the memory an export needs, checked against the memory available before anything is loaded;
* the Alpha-CLIP encoder package an MLLM package consumes (its manifest, checked);
* ONNX graphs written into a package folder, with their weights in external data past ONNX's 2 GB limit.

Errors are :class:`export_alphaclip.ExportError` (one line for the user).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

import torch

import export_alphaclip as ex
from export_alphaclip import ExportError

GiB = 1024 ** 3
ONNX_LIMIT = 2 ** 31 - 1


# The package format both MLLM exporters write (the Java reader checks both fields).
MLLM_FORMAT = "alphaclip-mllm-package"
MLLM_FORMAT_VERSION = 1


def read_json(path: str, what: str) -> dict:
    """A JSON object from ``path``; a missing or unreadable file is an ExportError naming ``what``."""
    try:
        with open(path, encoding="utf-8") as f:
            value = json.load(f)
    except FileNotFoundError:
        raise ExportError(f"{what} not found: {path}") from None
    except (OSError, ValueError) as e:
        raise ExportError(f"{what} {path} is not readable JSON ({e})") from None
    if not isinstance(value, dict):
        raise ExportError(f"{what} {path} must hold a JSON object")
    return value


# ----------------------------------------------------------------------------------------------
# The checkpoint folder
# ----------------------------------------------------------------------------------------------

SENTENCEPIECE_FILES = ("tokenizer.model", "spiece.model")


@dataclass
class Checkpoint:
    folder: str
    config: dict
    weight_files: List[str]      # absolute paths, in load order
    tokenizer: Optional[str]     # tokenizer.json, if the folder has one
    sentencepiece: Optional[str]  # a sentencepiece model (tokenizer.model or spiece.model), if it has one

    def tensor_headers(self) -> Dict[str, Tuple[str, List[int]]]:
        """key -> (dtype, shape) from the safetensors headers; empty for pytorch_model*.bin weights."""
        out = {}
        for path in self.weight_files:
            if path.endswith(".safetensors"):
                for key, meta in ex.safetensors_header(path).items():
                    out[key] = (meta["dtype"], [int(s) for s in meta["shape"]])
        return out


@dataclass(frozen=True)
class WeightLayout:
    """The weight file names of one library's checkpoint folders: index files of shards, single files (in the
    order they are looked for) and how to say so in an error."""
    indexes: Tuple[str, ...]
    singles: Tuple[str, ...]
    hint: str


# transformers' names (LLaVA, BLIP-2); diffusers' are in diffusion_model.py.
TRANSFORMERS_WEIGHTS = WeightLayout(
    ("model.safetensors.index.json", "pytorch_model.bin.index.json"), ("model.safetensors", "pytorch_model.bin"),
    "model.safetensors, model-0000N-of-0000M.safetensors with model.safetensors.index.json, or pytorch_model*.bin")


def weight_files(folder: str, layout: WeightLayout = TRANSFORMERS_WEIGHTS) -> List[str]:
    """The weight files of a checkpoint folder (absolute paths, in load order): the shards an index names, else
    the first single file found; an ExportError when there are none or a shard is missing."""
    for index_name in layout.indexes:
        index_path = os.path.join(folder, index_name)
        if os.path.isfile(index_path):
            weight_map = read_json(index_path, "weight index").get("weight_map")
            if not isinstance(weight_map, dict) or not weight_map:
                raise ExportError(f"{index_path} has no 'weight_map'")
            paths = [os.path.join(folder, name) for name in sorted(set(weight_map.values()))]
            missing = [p for p in paths if not os.path.isfile(p)]
            if missing:
                raise ExportError(f"weight shard {missing[0]} named by {index_name} is missing")
            return paths
    for single in layout.singles:
        path = os.path.join(folder, single)
        if os.path.isfile(path):
            return [path]
    raise ExportError(f"checkpoint folder {folder} has no weights ({layout.hint})")


def read_checkpoint_folder(folder: str) -> Checkpoint:
    """config.json, the weight files and the tokenizer files of a checkpoint folder; no weights are read."""
    folder = os.path.abspath(folder)
    if not os.path.isdir(folder):
        raise ExportError(f"checkpoint folder not found: {folder}")
    config = read_json(os.path.join(folder, "config.json"), "config.json")
    tokenizer = os.path.join(folder, "tokenizer.json")
    pieces = [os.path.join(folder, n) for n in SENTENCEPIECE_FILES if os.path.isfile(os.path.join(folder, n))]
    if not os.path.isfile(tokenizer) and not pieces:
        raise ExportError(f"tokenizer file not found: {tokenizer} (nor a sentencepiece "
                          f"{' or '.join(SENTENCEPIECE_FILES)})")
    return Checkpoint(folder, config, weight_files(folder), tokenizer if os.path.isfile(tokenizer) else None,
                      pieces[0] if pieces else None)


def read_weights(path: str) -> Dict[str, torch.Tensor]:
    """The tensors of one weight file (.safetensors or a torch.save'd state dict)."""
    if path.endswith(".safetensors"):
        return ex.read_safetensors(path)
    return ex.load_checkpoint(path, "weight file")


def write_safetensors(path: str, tensors: Dict[str, torch.Tensor]) -> None:
    """A float32 .safetensors file (header length, JSON header, raw little-endian data), as checkpoint folders
    hold them: for trainers that write LLaVA-layout checkpoints and for the exporters' tests."""
    header, blobs, offset = {}, [], 0
    for key, t in tensors.items():
        raw = t.detach().contiguous().float().numpy().astype("<f4").tobytes()
        header[key] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for raw in blobs:
            f.write(raw)


# ----------------------------------------------------------------------------------------------
# Memory
# ----------------------------------------------------------------------------------------------

def _read_number(path: str) -> Optional[int]:
    try:
        with open(path, encoding="ascii") as f:
            text = f.read().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def available_memory() -> Tuple[int, str]:
    """Bytes this process can still use: MemAvailable, lowered to the cgroup's limit minus its usage if smaller."""
    available, source = None, "MemAvailable in /proc/meminfo"
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    available = int(line.split()[1]) * 1024
    except OSError:
        pass
    for limit_file, usage_file in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                   ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                    "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        limit, usage = _read_number(limit_file), _read_number(usage_file)
        if limit is not None and usage is not None and limit < 1 << 60:
            if available is None or limit - usage < available:
                available, source = max(0, limit - usage), f"the cgroup limit {limit_file} minus its usage"
            break
    if available is None:
        raise ExportError("cannot tell how much memory is available (no /proc/meminfo); refusing to load the checkpoint")
    return available, source


def memory_needed(ckpt: Checkpoint) -> Tuple[int, int, int]:
    """(bytes on disk, bytes as float32, bytes the export needs): the float32 model twice (PyTorch's copy and
    the ONNX exporter's) plus the largest weight file while it is read. Tensors in safetensors files are counted
    from their headers; a pytorch_model*.bin file counts twice its size (fp16 or bf16 stored)."""
    on_disk = sum(os.path.getsize(p) for p in ckpt.weight_files)
    as_float32 = 0
    for _, shape in ckpt.tensor_headers().values():
        count = 1
        for s in shape:
            count *= s
        as_float32 += 4 * count
    as_float32 += sum(2 * os.path.getsize(p) for p in ckpt.weight_files if not p.endswith(".safetensors"))
    largest = max(os.path.getsize(p) for p in ckpt.weight_files)
    return on_disk, as_float32, 2 * as_float32 + largest


def check_memory(ckpt: Checkpoint, available: Optional[int] = None) -> None:
    """Refuses, before anything is loaded, a checkpoint whose export needs more memory than is available."""
    on_disk, as_float32, needed = memory_needed(ckpt)
    source = "as given"
    if available is None:
        available, source = available_memory()
    if needed > available:
        raise ExportError(f"checkpoint {ckpt.folder} is too large for this machine: its weights take "
                          f"{on_disk / GiB:.2f} GiB ({as_float32 / GiB:.2f} GiB as float32) and the export needs about "
                          f"{needed / GiB:.2f} GiB of memory, but only {available / GiB:.2f} GiB is available "
                          f"({source})")


# ----------------------------------------------------------------------------------------------
# The encoder package
# ----------------------------------------------------------------------------------------------

def read_encoder(folder: str) -> dict:
    """What a package records about the Alpha-CLIP package it consumes (its manifest, checked):
    name, resolution, patchSize, width, layers, embedDim and manifestSha256."""
    folder = os.path.abspath(folder)
    manifest_path = os.path.join(folder, "manifest.json")
    if not os.path.isdir(folder):
        raise ExportError(f"encoder package not found: {folder}")
    manifest = read_json(manifest_path, "encoder package manifest")
    if manifest.get("format") != ex.FORMAT:
        raise ExportError(f"--encoder {folder} is not an Alpha-CLIP model package (its manifest's format is "
                          f"{manifest.get('format')!r}, expected {ex.FORMAT!r})")
    try:
        vision = manifest["architecture"]["vision"]
        info = {"name": str(manifest["name"]), "resolution": int(vision["resolution"]),
                "patchSize": int(vision["patchSize"]), "width": int(vision["width"]), "layers": int(vision["layers"]),
                "embedDim": int(manifest["architecture"]["embedDim"])}
    except (KeyError, TypeError, ValueError):
        raise ExportError(f"encoder package manifest {manifest_path} lacks name, architecture.embedDim or "
                          "architecture.vision") from None
    info["manifestSha256"] = ex.sha256_file(manifest_path)
    return info


# ----------------------------------------------------------------------------------------------
# Graphs
# ----------------------------------------------------------------------------------------------

def export_graph(module, args, package: str, file: str, inputs, outputs, dynamic_axes, output_shapes,
                 external_data_min_bytes: int = ONNX_LIMIT, data_file: Optional[str] = None) -> List[str]:
    """Exports ``module`` as ``package``/``file`` (through a scratch folder inside the package) and checks it.

    ``file`` may lie in a subfolder (``unet/model.onnx``). A graph over ``external_data_min_bytes`` (or one the
    exporter already split because it passed 2 GB) keeps its weights in one external data file, ``data_file``
    (relative to the package; default ``<file>.data``). Returns the package files written.
    """
    import onnx
    data_file = data_file or file + ".data"
    scratch = os.path.join(package, "." + os.path.splitext(file)[0].replace("/", "-"))
    os.makedirs(scratch)
    path = os.path.join(scratch, os.path.basename(file))
    target = os.path.join(package, file)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    ex.export_onnx(module, args, path, inputs, outputs, dynamic_axes)
    ex.set_output_shapes(path, output_shapes)
    split = len(os.listdir(scratch)) > 1
    written = [file]
    if split or os.path.getsize(path) > external_data_min_bytes:
        model = onnx.load(path)  # brings the exporter's per-tensor files back in
        onnx.save_model(model, target, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=os.path.relpath(data_file, os.path.dirname(file) or "."), size_threshold=1024)
        del model
        written.append(data_file)
    else:
        os.replace(path, target)
    shutil.rmtree(scratch)
    ex.check_onnx(target, inputs, outputs)
    return written
