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
import os
import shutil
import sys
import warnings
from dataclasses import dataclass
from typing import Dict, List, Optional

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__ (Maven runs this)
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import torch  # noqa: E402

import export_alphaclip as ex  # noqa: E402
import llava_model as lm  # noqa: E402
import mllm_checkpoint as mc  # noqa: E402
from export_alphaclip import ExportError  # noqa: E402

EXPORTER = "tools/export/export_llava.py"

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
# The checkpoint folder (read with mllm_checkpoint, without loading weights)
# ----------------------------------------------------------------------------------------------

def read_checkpoint_folder(folder: str) -> mc.Checkpoint:
    """The checkpoint folder as mllm_checkpoint reads it, refusing one whose only tokenizer is sentencepiece's."""
    ckpt = mc.read_checkpoint_folder(folder)
    if ckpt.tokenizer is None:
        raise ExportError(f"{ckpt.folder} has only a sentencepiece {os.path.basename(ckpt.sentencepiece)}; converting "
                          "it to tokenizer.json for LLaVA is not implemented yet (save the tokenizer with a fast "
                          "tokenizer to get tokenizer.json)")
    return ckpt


# ----------------------------------------------------------------------------------------------
# Configuration checks
# ----------------------------------------------------------------------------------------------

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
    doc = mc.read_json(path, "tokenizer.json")
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


def load_language_side(ckpt: mc.Checkpoint, say=lambda m: None) -> LanguageSide:
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
        tensors = mc.read_weights(path)
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

def export_graphs(side: LanguageSide, folder: str, image_tokens: int, external_data_min_bytes: int,
                  say=lambda m: None) -> List[str]:
    """Writes projector.onnx, embed_tokens.onnx and decoder.onnx into ``folder``; returns the files written."""
    c = side.config
    gen = torch.Generator().manual_seed(0)
    mm_hidden = side.projector.layers[0].in_features
    written = []
    say(f"exporting projector.onnx ({side.projector_type}, {mm_hidden} -> {c.hidden_size}) ...")
    written += mc.export_graph(
        side.projector, (torch.randn(2, image_tokens, mm_hidden, generator=gen),), folder, "projector.onnx", PROJECTOR_INPUTS, PROJECTOR_OUTPUTS,
        {"image_features": {0: "batch", 1: "tokens"}, "projected_features": {0: "batch", 1: "tokens"}},
        {"projected_features": ["batch", "tokens", c.hidden_size]}, external_data_min_bytes)
    say(f"exporting embed_tokens.onnx ({c.vocab_size} x {c.hidden_size}) ...")
    written += mc.export_graph(
        side.embedding, (torch.tensor([[1, 2, 3], [4, 5, 6]]) % c.vocab_size,), folder, "embed_tokens.onnx", EMBEDDING_INPUTS, EMBEDDING_OUTPUTS,
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
    written += mc.export_graph(side.decoder, tuple(args), folder, "decoder.onnx", inputs, outputs, dynamic, shapes,
                               external_data_min_bytes)
    return written


# ----------------------------------------------------------------------------------------------
# The package
# ----------------------------------------------------------------------------------------------

def export_package(checkpoint: str, encoder: str, out_dir: str, name: Optional[str] = None,
                   description: Optional[str] = None, system: Optional[str] = None, *,
                   memory_available: Optional[int] = None, external_data_min_bytes: int = mc.ONNX_LIMIT,
                   quiet: bool = False) -> dict:
    """Writes an MLLM package from a LLaVA checkpoint folder for the Alpha-CLIP package ``encoder``.

    ``memory_available`` replaces the measured memory in the size check (for tests); ``external_data_min_bytes``
    is the graph size from which weights go to an external data file (default: only past ONNX's 2 GB limit).
    Returns ``{"manifest": dict, "side": LanguageSide (the exported PyTorch modules), "out_dir": str}``. The
    package is written to a temporary folder beside ``out_dir`` and renamed at the end.
    """
    say = (lambda m: None) if quiet else ex.info
    ckpt = read_checkpoint_folder(checkpoint)
    encoder_info = mc.read_encoder(encoder)
    features = image_features(ckpt.config, encoder_info)
    mc.check_memory(ckpt, memory_available)
    try:
        config = lm.LlamaConfig.from_config(ckpt.config)
    except lm.ConfigError as e:
        raise ExportError(str(e)) from None
    tokenizer = tokenizer_spec(ckpt.tokenizer, config)
    out_dir = ex.prepare_target(out_dir, mc.MLLM_FORMAT)
    side = load_language_side(ckpt, say)
    conversation = dict(LLAVA_V1)
    if system is not None:
        conversation["system"] = system
    with ex.staged_package(out_dir) as tmp:
        shutil.copyfile(ckpt.tokenizer, os.path.join(tmp, "tokenizer.json"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graphs = export_graphs(side, tmp, features["tokens"], external_data_min_bytes, say)
        c = side.config
        files = {f: ex.sha256_file(os.path.join(tmp, f)) for f in sorted(graphs + ["tokenizer.json"])}
        manifest = {
            "format": mc.MLLM_FORMAT,
            "formatVersion": mc.MLLM_FORMAT_VERSION,
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
