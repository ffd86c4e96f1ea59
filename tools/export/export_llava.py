#!/usr/bin/python3.11
"""Export a LLaVA-1.5 checkpoint's language side to an MLLM package that runs on an Alpha-CLIP encoder package.

    /usr/bin/python3.11 tools/export/export_llava.py --checkpoint DIR --encoder ENCODER_PACKAGE --out DIR \
        [--name NAME] [--description TEXT] [--system TEXT] [--traceback]

The checkpoint folder holds config.json, the weights (model.safetensors, or shards with
model.safetensors.index.json; pytorch_model*.bin works too) and tokenizer.json, in the original LLaVA key
layout (model.layers.N..., model.mm_projector.{0,2}, lm_head). The package holds projector.onnx,
embed_tokens.onnx, decoder.onnx (with past key/value inputs and present outputs), tokenizer.json,
manifest.json and SHA256SUMS; see tools/export/README.md, section "MLLM packages". Other tools can call
:func:`export_package`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import warnings
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__ (Maven runs this)
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import torch  # noqa: E402

import export_alphaclip as ex  # noqa: E402
import llava_model as lm  # noqa: E402
from export_alphaclip import ExportError  # noqa: E402

FORMAT = "alphaclip-mllm-package"
FORMAT_VERSION = 1
EXPORTER = "tools/export/export_llava.py"
ONNX_LIMIT = 2 ** 31 - 1
GiB = 1024 ** 3

# LLaVA's "v1" conversation (conv_vicuna_v1 in LLaVA's conversation.py), which LLaVA-1.5 answers in.
LLAVA_V1 = {
    "template": "llava_v1",
    "system": "A chat between a curious human and an artificial intelligence assistant. The assistant gives "
              "helpful, detailed, and polite answers to the human's questions.",
    "roles": ["USER", "ASSISTANT"],
    "separator": " ",
    "turnSeparator": "</s>",
    "imageToken": "<image>",
}

PROJECTOR_INPUTS, PROJECTOR_OUTPUTS = ["image_features"], ["projected_features"]
EMBEDDING_INPUTS, EMBEDDING_OUTPUTS = ["input_ids"], ["inputs_embeds"]


def decoder_inputs(layers: int) -> List[str]:
    names = ["inputs_embeds", "attention_mask", "position_ids"]
    for i in range(layers):
        names += [f"past_key_values.{i}.key", f"past_key_values.{i}.value"]
    return names


def decoder_outputs(layers: int) -> List[str]:
    names = ["logits"]
    for i in range(layers):
        names += [f"present.{i}.key", f"present.{i}.value"]
    return names


# ----------------------------------------------------------------------------------------------
# The checkpoint folder, read without loading weights
# ----------------------------------------------------------------------------------------------

@dataclass
class Checkpoint:
    folder: str
    config: dict
    weight_files: List[str]           # absolute paths, in load order
    tokenizer: str                    # tokenizer.json

    def tensor_headers(self) -> Dict[str, Tuple[str, List[int]]]:
        """key -> (dtype, shape) from the safetensors headers; empty for pytorch_model*.bin weights."""
        out = {}
        for path in self.weight_files:
            if path.endswith(".safetensors"):
                for key, meta in ex.safetensors_header(path).items():
                    out[key] = (meta["dtype"], [int(s) for s in meta["shape"]])
        return out


def _read_json(path: str, what: str) -> dict:
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


def _weight_files(folder: str) -> List[str]:
    for index_name in ("model.safetensors.index.json", "pytorch_model.bin.index.json"):
        index_path = os.path.join(folder, index_name)
        if os.path.isfile(index_path):
            weight_map = _read_json(index_path, "weight index").get("weight_map")
            if not isinstance(weight_map, dict) or not weight_map:
                raise ExportError(f"{index_path} has no 'weight_map'")
            files = []
            for name in weight_map.values():
                if name not in files:
                    files.append(name)
            paths = [os.path.join(folder, name) for name in sorted(files)]
            missing = [p for p in paths if not os.path.isfile(p)]
            if missing:
                raise ExportError(f"weight shard {missing[0]} named by {index_name} is missing")
            return paths
    for single in ("model.safetensors", "pytorch_model.bin"):
        path = os.path.join(folder, single)
        if os.path.isfile(path):
            return [path]
    raise ExportError(f"checkpoint folder {folder} has no weights (model.safetensors, model-0000N-of-0000M.safetensors "
                      "with model.safetensors.index.json, or pytorch_model*.bin)")


def read_checkpoint_folder(folder: str) -> Checkpoint:
    """config.json, the weight files and the tokenizer of a checkpoint folder; no weights are read."""
    folder = os.path.abspath(folder)
    if not os.path.isdir(folder):
        raise ExportError(f"checkpoint folder not found: {folder}")
    config = _read_json(os.path.join(folder, "config.json"), "config.json")
    tokenizer = os.path.join(folder, "tokenizer.json")
    if not os.path.isfile(tokenizer):
        if os.path.isfile(os.path.join(folder, "tokenizer.model")):
            raise ExportError(f"{folder} has only a sentencepiece tokenizer.model; converting it to tokenizer.json is "
                              "not implemented yet (save the tokenizer with a fast tokenizer to get tokenizer.json)")
        raise ExportError(f"tokenizer file not found: {tokenizer}")
    return Checkpoint(folder, config, _weight_files(folder), tokenizer)


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
        raise ExportError("cannot tell how much memory is available (no /proc/meminfo); refusing to load the "
                          "checkpoint")
    return available, source


def memory_needed(ckpt: Checkpoint) -> Tuple[int, int, int]:
    """(bytes on disk, bytes as float32, bytes the export needs): the float32 model twice (PyTorch's copy and
    the ONNX exporter's) plus the largest weight file while it is read."""
    on_disk = sum(os.path.getsize(p) for p in ckpt.weight_files)
    headers = ckpt.tensor_headers()
    if headers:
        as_float32 = 0
        for _, shape in headers.values():
            count = 1
            for s in shape:
                count *= s
            as_float32 += 4 * count
    else:
        as_float32 = 2 * on_disk  # pytorch_model*.bin: at most twice the size (fp16 or bf16 stored)
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
# Encoder package and configuration checks
# ----------------------------------------------------------------------------------------------

def read_encoder(folder: str) -> dict:
    """What the MLLM package records about the Alpha-CLIP package it consumes (its manifest, checked)."""
    folder = os.path.abspath(folder)
    manifest_path = os.path.join(folder, "manifest.json")
    if not os.path.isdir(folder):
        raise ExportError(f"encoder package not found: {folder}")
    manifest = _read_json(manifest_path, "encoder package manifest")
    if manifest.get("format") != ex.FORMAT:
        raise ExportError(f"--encoder {folder} is not an Alpha-CLIP model package (its manifest's format is "
                          f"{manifest.get('format')!r}, expected {ex.FORMAT!r})")
    try:
        vision = manifest["architecture"]["vision"]
        info = {"name": str(manifest["name"]), "resolution": int(vision["resolution"]),
                "patchSize": int(vision["patchSize"]), "width": int(vision["width"]), "layers": int(vision["layers"])}
    except (KeyError, TypeError, ValueError):
        raise ExportError(f"encoder package manifest {manifest_path} lacks name or architecture.vision") from None
    info["manifestSha256"] = ex.sha256_file(manifest_path)
    return info


def image_features(config: dict, encoder: dict) -> dict:
    """The encoder hidden states the projector takes, in the encoder's terms (EncodeOptions' layer numbers)."""
    mm_hidden = config.get("mm_hidden_size")
    if mm_hidden != encoder["width"]:
        raise ExportError(f"config.json mm_hidden_size is {mm_hidden}, but the encoder package '{encoder['name']}' is "
                          f"{encoder['width']} wide; the projector cannot take its features")
    layer = config.get("mm_vision_select_layer", -2)
    layers = encoder["layers"]
    if not isinstance(layer, int) or isinstance(layer, bool) or not (-layers <= layer <= layers) or layer == 0:
        raise ExportError(f"config.json mm_vision_select_layer {layer!r} names no block of the {layers}-block encoder "
                          f"'{encoder['name']}' (1..{layers} or -1..-{layers})")
    feature = config.get("mm_vision_select_feature", "patch")
    if feature not in ("patch", "cls_patch"):
        raise ExportError(f"config.json mm_vision_select_feature '{feature}' is not supported; supported: patch, "
                          "cls_patch")
    if config.get("mm_use_im_start_end") or config.get("mm_use_im_patch_token"):
        raise ExportError("config.json asks for image start/end or patch tokens (mm_use_im_start_end / "
                          "mm_use_im_patch_token); LLaVA-1.5 uses neither and this exporter supports neither")
    grid = encoder["resolution"] // encoder["patchSize"]
    return {"name": encoder["name"], "manifestSha256": encoder["manifestSha256"], "layer": layer,
            "hiddenState": f"hidden_state_{layer if layer > 0 else layers + 1 + layer}",
            "classToken": feature == "cls_patch", "tokens": grid * grid + (1 if feature == "cls_patch" else 0),
            "width": encoder["width"], "imageAspectRatio": str(config.get("image_aspect_ratio", "square"))}


def tokenizer_spec(path: str, c: lm.LlamaConfig) -> dict:
    doc = _read_json(path, "tokenizer.json")
    model = doc.get("model")
    if not isinstance(model, dict) or not isinstance(model.get("vocab"), dict):
        raise ExportError(f"{path} is not a tokenizers document with a vocabulary")
    ids = [int(v) for v in model["vocab"].values()] + [int(t["id"]) for t in doc.get("added_tokens") or []]
    if max(ids) >= c.vocab_size:
        raise ExportError(f"{path} has token id {max(ids)}, beyond the model's vocab_size {c.vocab_size}")
    for name, token in [("bos_token_id", c.bos_id)] + [("eos_token_id", e) for e in c.eos_ids]:
        if not 0 <= token < c.vocab_size:
            raise ExportError(f"config.json {name} {token} lies outside the vocabulary of {c.vocab_size}")
    return {"type": "hf-tokenizers", "file": "tokenizer.json", "bosId": c.bos_id, "eosIds": list(c.eos_ids),
            "padId": c.pad_id, "addBos": True}


# ----------------------------------------------------------------------------------------------
# Weights
# ----------------------------------------------------------------------------------------------

@dataclass
class LanguageSide:
    config: lm.LlamaConfig
    projector_type: str
    projector: lm.Projector
    embedding: lm.TokenEmbedding
    decoder: lm.LlamaDecoder


def _read_weights(path: str) -> Dict[str, torch.Tensor]:
    if path.endswith(".safetensors"):
        return ex.read_safetensors(path)
    return ex.load_checkpoint(path, "weight file")


def load_language_side(ckpt: Checkpoint, say=lambda m: None) -> LanguageSide:
    """Builds the three modules from config.json and fills them from the weight files, one file at a time."""
    try:
        c = lm.LlamaConfig.from_config(ckpt.config)
        projector_type = str(ckpt.config.get("mm_projector_type", "linear"))
        depth = lm.projector_depth(projector_type)
    except lm.ConfigError as e:
        raise ExportError(str(e)) from None
    mm_hidden = ckpt.config.get("mm_hidden_size")
    if not isinstance(mm_hidden, int) or mm_hidden <= 0:
        raise ExportError(f"config.json has no valid 'mm_hidden_size' ({mm_hidden!r}); is {ckpt.folder} a LLaVA "
                          "checkpoint?")
    projector = lm.Projector(depth, mm_hidden, c.hidden_size).eval()
    decoder = lm.LlamaDecoder(c).eval()
    table = torch.empty(c.vocab_size, c.hidden_size)
    targets: Dict[str, torch.Tensor] = {"model.embed_tokens.weight": table}
    decoder_params = dict(decoder.named_parameters())
    for src, dst in lm.decoder_keys(c).items():
        targets[src] = decoder_params[dst].data
    if not c.tied_embeddings:
        targets["lm_head.weight"] = decoder.lm_head.weight.data
    projector_params = dict(projector.named_parameters())
    for src, dst in lm.projector_keys(depth).items():
        targets[src] = projector_params[dst].data

    filled, unused = set(), []
    for path in ckpt.weight_files:
        say(f"reading {os.path.basename(path)} ...")
        tensors = _read_weights(path)
        for key, value in tensors.items():
            target = targets.get(key)
            if target is None:
                unused.append(key)
                continue
            if tuple(value.shape) != tuple(target.shape):
                raise ExportError(f"{os.path.basename(path)}: {key} has shape {tuple(value.shape)}, config.json "
                                  f"implies {tuple(target.shape)}")
            target.copy_(value.float())
            filled.add(key)
        del tensors
        gc.collect()
    missing = [k for k in targets if k not in filled]
    if missing:
        hint = " (config.json says the embeddings are untied)" if "lm_head.weight" in missing else ""
        raise ExportError(f"the checkpoint lacks {len(missing)} tensor(s) the model needs, e.g. {missing[0]}{hint}; "
                          "the original LLaVA key layout (model.layers.N..., model.mm_projector.N..., lm_head) is "
                          "expected")
    if c.tied_embeddings:
        decoder.lm_head.weight.data = table
    vision = [k for k in unused if ".vision_tower." in k]
    other = [k for k in unused if k not in vision and not k.endswith("rotary_emb.inv_freq")]
    if vision:
        say(f"note: the checkpoint's own vision tower ({len(vision)} tensors) is not exported; images come from "
            "the Alpha-CLIP encoder package")
    if other:
        ex.warn(f"{len(other)} checkpoint tensor(s) are not used, e.g. {other[0]}")
    return LanguageSide(c, projector_type, projector, lm.TokenEmbedding(table).eval(), decoder)


# ----------------------------------------------------------------------------------------------
# Graphs
# ----------------------------------------------------------------------------------------------

def _export_graph(module, args, scratch: str, file: str, inputs, outputs, dynamic_axes, output_shapes,
                  external_data_min_bytes: int) -> List[str]:
    """Exports one graph into ``scratch``/file, then moves it into the package folder (scratch's parent).

    A graph over ``external_data_min_bytes`` (or one the exporter already split because it passed 2 GB) keeps
    its weights in one external data file ``<file>.data``. Returns the package files written.
    """
    os.makedirs(scratch)
    path = os.path.join(scratch, file)
    ex.export_onnx(module, args, path, inputs, outputs, dynamic_axes)
    ex.set_output_shapes(path, output_shapes)
    import onnx
    split = len(os.listdir(scratch)) > 1
    package = os.path.dirname(scratch)
    written = [file]
    if split or os.path.getsize(path) > external_data_min_bytes:
        model = onnx.load(path)  # brings the exporter's per-tensor files back in
        onnx.save_model(model, os.path.join(package, file), save_as_external_data=True,
                        all_tensors_to_one_file=True, location=file + ".data", size_threshold=1024)
        del model
        written.append(file + ".data")
    else:
        os.replace(path, os.path.join(package, file))
    shutil.rmtree(scratch)
    ex.check_onnx(os.path.join(package, file), inputs, outputs)
    return written


def export_graphs(side: LanguageSide, folder: str, image_tokens: int, external_data_min_bytes: int,
                  say=lambda m: None) -> List[str]:
    """Writes projector.onnx, embed_tokens.onnx and decoder.onnx into ``folder``; returns the files written."""
    c = side.config
    gen = torch.Generator().manual_seed(0)
    mm_hidden = side.projector.layers[0].in_features
    written = []
    say(f"exporting projector.onnx ({side.projector_type}, {mm_hidden} -> {c.hidden_size}) ...")
    written += _export_graph(
        side.projector, (torch.randn(2, image_tokens, mm_hidden, generator=gen),), os.path.join(folder, ".projector"),
        "projector.onnx", PROJECTOR_INPUTS, PROJECTOR_OUTPUTS,
        {"image_features": {0: "batch", 1: "tokens"}, "projected_features": {0: "batch", 1: "tokens"}},
        {"projected_features": ["batch", "tokens", c.hidden_size]}, external_data_min_bytes)
    say(f"exporting embed_tokens.onnx ({c.vocab_size} x {c.hidden_size}) ...")
    written += _export_graph(
        side.embedding, (torch.tensor([[1, 2, 3], [4, 5, 6]]) % c.vocab_size,), os.path.join(folder, ".embedding"),
        "embed_tokens.onnx", EMBEDDING_INPUTS, EMBEDDING_OUTPUTS,
        {"input_ids": {0: "batch", 1: "sequence"}, "inputs_embeds": {0: "batch", 1: "sequence"}},
        {"inputs_embeds": ["batch", "sequence", c.hidden_size]}, external_data_min_bytes)
    say(f"exporting decoder.onnx ({c.layers} layers, {c.heads} heads / {c.kv_heads} key-value heads of {c.head_dim}, "
        f"vocabulary {c.vocab_size}) ...")
    batch, new, past = 2, 3, 4
    args = [torch.randn(batch, new, c.hidden_size, generator=gen), torch.ones(batch, past + new, dtype=torch.int64),
            torch.arange(past, past + new, dtype=torch.int64).repeat(batch, 1)]
    args += [torch.randn(batch, c.kv_heads, past, c.head_dim, generator=gen) for _ in range(2 * c.layers)]
    inputs, outputs = decoder_inputs(c.layers), decoder_outputs(c.layers)
    dynamic = {"inputs_embeds": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "total_sequence"},
               "position_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}}
    shapes = {"logits": ["batch", c.vocab_size]}
    for name in inputs[3:]:
        dynamic[name] = {0: "batch", 2: "past_sequence"}
    for name in outputs[1:]:
        dynamic[name] = {0: "batch", 2: "total_sequence"}
        shapes[name] = ["batch", c.kv_heads, "total_sequence", c.head_dim]
    written += _export_graph(side.decoder, tuple(args), os.path.join(folder, ".decoder"), "decoder.onnx", inputs,
                             outputs, dynamic, shapes, external_data_min_bytes)
    return written


# ----------------------------------------------------------------------------------------------
# The package
# ----------------------------------------------------------------------------------------------

def export_package(checkpoint: str, encoder: str, out_dir: str, name: Optional[str] = None,
                   description: Optional[str] = None, system: Optional[str] = None, *,
                   memory_available: Optional[int] = None, external_data_min_bytes: int = ONNX_LIMIT,
                   quiet: bool = False) -> dict:
    """Writes an MLLM package from a LLaVA checkpoint folder for the Alpha-CLIP package ``encoder``.

    ``memory_available`` replaces the measured memory in the size check (for tests); ``external_data_min_bytes``
    is the graph size from which weights go to an external data file (default: only past ONNX's 2 GB limit).
    Returns ``{"manifest": dict, "side": LanguageSide (the exported PyTorch modules), "out_dir": str}``. The
    package is written to a temporary folder beside ``out_dir`` and renamed at the end.
    """
    say = (lambda m: None) if quiet else ex.info
    ckpt = read_checkpoint_folder(checkpoint)
    encoder_info = read_encoder(encoder)
    features = image_features(ckpt.config, encoder_info)
    check_memory(ckpt, memory_available)
    try:
        config = lm.LlamaConfig.from_config(ckpt.config)
    except lm.ConfigError as e:
        raise ExportError(str(e)) from None
    tokenizer = tokenizer_spec(ckpt.tokenizer, config)
    out_dir = ex.prepare_target(out_dir, FORMAT)
    side = load_language_side(ckpt, say)
    conversation = dict(LLAVA_V1)
    if system is not None:
        conversation["system"] = system
    tmp = ex.temp_folder_beside(out_dir)
    try:
        shutil.copyfile(ckpt.tokenizer, os.path.join(tmp, "tokenizer.json"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graphs = export_graphs(side, tmp, features["tokens"], external_data_min_bytes, say)
        c = side.config
        files = {f: ex.sha256_file(os.path.join(tmp, f)) for f in sorted(graphs + ["tokenizer.json"])}
        manifest = {
            "format": FORMAT,
            "formatVersion": FORMAT_VERSION,
            "name": name or os.path.basename(out_dir),
            "description": description if description is not None else (
                f"LLaVA ({side.projector_type} projector, Llama decoder: {c.layers} layers, hidden {c.hidden_size}, "
                f"vocabulary {c.vocab_size}) on the Alpha-CLIP encoder '{encoder_info['name']}'"),
            "architecture": {
                "family": "llava",
                "projector": {"type": side.projector_type, "inputWidth": features["width"], "width": c.hidden_size},
                "languageModel": {"family": "llama", "vocabSize": c.vocab_size, "hiddenSize": c.hidden_size,
                                  "intermediateSize": c.intermediate_size, "layers": c.layers, "heads": c.heads,
                                  "kvHeads": c.kv_heads, "headDim": c.head_dim, "contextLength": c.context_length,
                                  "ropeTheta": c.rope_theta, "rmsNormEps": c.rms_norm_eps,
                                  "tiedEmbeddings": c.tied_embeddings},
            },
            "encoder": features,
            "conversation": conversation,
            "tokenizer": tokenizer,
            "graphs": {
                "projector": {"file": "projector.onnx", "inputs": PROJECTOR_INPUTS, "outputs": PROJECTOR_OUTPUTS},
                "embedding": {"file": "embed_tokens.onnx", "inputs": EMBEDDING_INPUTS, "outputs": EMBEDDING_OUTPUTS},
                "decoder": {"file": "decoder.onnx", "inputs": decoder_inputs(c.layers),
                            "outputs": decoder_outputs(c.layers)},
            },
            "files": files,
            "source": {"exporter": EXPORTER, "checkpoint": os.path.basename(ckpt.folder),
                       "weights": [os.path.basename(p) for p in ckpt.weight_files],
                       "configSha256": ex.sha256_file(os.path.join(ckpt.folder, "config.json"))},
        }
        ex.write_manifest(tmp, manifest)
        ex.install_package(tmp, out_dir)
        tmp = None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    size = sum(os.path.getsize(os.path.join(out_dir, f)) for f in files)
    say(f"wrote {out_dir} ({size / 1e6:.1f} MB)")
    return {"manifest": manifest, "side": side, "out_dir": out_dir}


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description="Export a LLaVA-1.5 checkpoint's projector and language model to an MLLM "
                                "package on an Alpha-CLIP encoder package.")
    p.add_argument("--checkpoint", required=True, help="LLaVA checkpoint folder: config.json, model.safetensors (or "
                   "shards with model.safetensors.index.json), tokenizer.json")
    p.add_argument("--encoder", required=True, help="the Alpha-CLIP model package whose features the model takes")
    p.add_argument("--out", required=True, help="package folder to write")
    p.add_argument("--name", help="package name (default: the folder name)")
    p.add_argument("--description", help="free text for the manifest")
    p.add_argument("--system", help="system prompt of the conversation (default: LLaVA v1's)")
    p.add_argument("--traceback", action="store_true", help="show Python tracebacks for unexpected errors")
    args = p.parse_args(argv)
    return ex.run_reporting_errors(lambda: export_package(
        args.checkpoint, args.encoder, args.out, name=args.name, description=args.description, system=args.system),
        args.traceback)


if __name__ == "__main__":
    sys.exit(main())
