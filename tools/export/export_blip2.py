#!/usr/bin/python3.11
"""Export a BLIP-2 checkpoint with a T5 language model to an MLLM package that runs on an Alpha-CLIP encoder package.

    /usr/bin/python3.11 tools/export/export_blip2.py --checkpoint DIR --encoder ENCODER_PACKAGE --out DIR \
        [--name NAME] [--description TEXT] [--traceback]

The checkpoint folder holds config.json (``qformer_config``, ``text_config`` of a T5, ``num_query_tokens``,
``vision_width``), the weights in transformers' Blip2ForConditionalGeneration key layout (model.safetensors, or
shards with model.safetensors.index.json; pytorch_model*.bin works too) plus LAVIS's ``ln_vision``, and
tokenizer.json or a sentencepiece tokenizer.model / spiece.model (converted). The package holds qformer.onnx,
embed_tokens.onnx, encoder.onnx, cross_key_values.onnx, decoder.onnx, tokenizer.json, manifest.json and
SHA256SUMS; see tools/export/README.md, section "BLIP-2 packages". Other tools can call :func:`export_package`.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import warnings
from typing import Dict, List, Optional

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__ (Maven runs this)
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import torch  # noqa: E402

import blip2_model as bm  # noqa: E402
import export_alphaclip as ex  # noqa: E402
import mllm_checkpoint as mc  # noqa: E402
import sentencepiece_tokenizer as spt  # noqa: E402
from export_alphaclip import ExportError  # noqa: E402

FAMILY = "blip2"
EXPORTER = "tools/export/export_blip2.py"
# BLIP-2 (LAVIS) feeds the Q-Former the vision tower's penultimate-layer tokens, class token included.
ENCODER_LAYER = -2

QFORMER_INPUTS, QFORMER_OUTPUTS = ["image_tokens"], ["ln_vision_output", "qformer_output", "language_model_inputs"]
EMBEDDING_INPUTS, EMBEDDING_OUTPUTS = ["input_ids"], ["inputs_embeds"]
ENCODER_INPUTS, ENCODER_OUTPUTS = ["inputs_embeds", "attention_mask"], ["last_hidden_state"]
CROSS_INPUTS = ["encoder_hidden_states"]


def cross_key_value_names(layers: int) -> List[str]:
    return [f"cross_key_values.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]


def decoder_inputs(layers: int) -> List[str]:
    past = [f"past_key_values.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]
    return ["inputs_embeds", "encoder_attention_mask"] + past + cross_key_value_names(layers)


def decoder_outputs(layers: int) -> List[str]:
    return ["logits"] + [f"present.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]


# ----------------------------------------------------------------------------------------------
# Checks before loading
# ----------------------------------------------------------------------------------------------

def read_config(ckpt: mc.Checkpoint) -> bm.Blip2Config:
    try:
        return bm.Blip2Config.from_config(ckpt.config)
    except bm.ConfigError as e:
        raise ExportError(str(e)) from None


def image_features(c: bm.Blip2Config, encoder: dict) -> dict:
    """The encoder hidden states the Q-Former takes, in the encoder's terms (EncodeOptions' layer numbers)."""
    if c.vision_width != encoder["width"]:
        raise ExportError(f"config.json vision_width is {c.vision_width}, but the encoder package '{encoder['name']}' "
                          f"is {encoder['width']} wide; the Q-Former cannot take its features")
    layers = encoder["layers"]
    if layers < 2:
        raise ExportError(f"the encoder package '{encoder['name']}' has {layers} block; BLIP-2 takes the "
                          "penultimate block's tokens")
    grid = encoder["resolution"] // encoder["patchSize"]
    return {"name": encoder["name"], "manifestSha256": encoder["manifestSha256"], "layer": ENCODER_LAYER,
            "hiddenState": f"hidden_state_{layers + 1 + ENCODER_LAYER}", "classToken": True,
            "tokens": grid * grid + 1, "width": encoder["width"]}


def tokenizer_spec(path: str, t5: bm.T5Config) -> dict:
    """The manifest's tokenizer entry: a prompt is encoded without special tokens and ends with ``</s>``."""
    doc = mc.read_json(path, "tokenizer.json")
    model = doc.get("model")
    vocab = model.get("vocab") if isinstance(model, dict) else None
    if isinstance(vocab, dict):
        ids = [int(v) for v in vocab.values()]
    elif isinstance(vocab, list):  # Unigram: [[piece, score], ...] in id order
        ids = [len(vocab) - 1] if vocab else []
    else:
        raise ExportError(f"{path} is not a tokenizers document with a vocabulary")
    ids += [int(t["id"]) for t in doc.get("added_tokens") or []]
    if ids and max(ids) >= t5.vocab_size:
        raise ExportError(f"{path} has token id {max(ids)}, beyond the model's vocab_size {t5.vocab_size}")
    return {"type": "hf-tokenizers", "file": "tokenizer.json", "bosId": None, "eosIds": [t5.eos_id],
            "padId": t5.pad_id, "addBos": False, "appendEos": True}


# ----------------------------------------------------------------------------------------------
# Weights
# ----------------------------------------------------------------------------------------------

def load_modules(ckpt: mc.Checkpoint, c: bm.Blip2Config, say=lambda m: None) -> bm.Blip2Modules:
    """Builds the five modules from config.json and fills them from the weight files, one file at a time."""
    t5 = c.t5
    vision, encoder, cross, decoder = (bm.VisionBridge(c).eval(), bm.T5Encoder(t5).eval(),
                                       bm.CrossKeyValues(t5).eval(), bm.T5Decoder(t5).eval())
    table = torch.empty(t5.vocab_size, t5.d_model)
    bias_weights = {key: torch.empty(t5.relative_buckets, t5.heads) for key in (bm.ENCODER_BIAS_KEY,
                                                                                   bm.DECODER_BIAS_KEY)}
    targets: Dict[str, torch.Tensor] = dict(bias_weights)
    for module, keys in ((vision, bm.vision_bridge_keys(c)), (encoder, bm.encoder_keys(t5)),
                         (cross, bm.cross_key_value_keys(t5)), (decoder, bm.decoder_keys(t5))):
        params = dict(module.named_parameters())
        targets.update({src: params[dst].data for src, dst in keys.items()})
    # the token table under its own name or, failing that, as one of its tied copies
    table_keys = [bm.TOKEN_TABLE_KEY, "language_model.encoder.embed_tokens.weight",
                  "language_model.decoder.embed_tokens.weight"]
    optional = {key: table for key in table_keys}
    optional[bm.LM_HEAD_KEY] = decoder.lm_head.weight.data

    filled, unused = set(), []
    for path in ckpt.weight_files:
        say(f"reading {os.path.basename(path)} ...")
        tensors = mc.read_weights(path)
        for key, value in tensors.items():
            target = targets.get(key, optional.get(key))
            if target is None:
                unused.append(key)
                continue
            if tuple(value.shape) != tuple(target.shape):
                raise ExportError(f"{os.path.basename(path)}: {key} has shape {tuple(value.shape)}, config.json "
                                  f"implies {tuple(target.shape)}")
            if key not in table_keys or not any(k in filled for k in table_keys[:table_keys.index(key)]):
                target.copy_(value.float())
            filled.add(key)
        del tensors
        gc.collect()
    missing = [k for k in targets if k not in filled]
    if not any(k in filled for k in table_keys):
        missing.append(bm.TOKEN_TABLE_KEY)
    if missing:
        raise ExportError(f"the checkpoint lacks {len(missing)} tensor(s) the model needs, e.g. {missing[0]}; "
                          "transformers' Blip2ForConditionalGeneration key layout (query_tokens, qformer.*, "
                          "language_projection.*, language_model.*) plus ln_vision.* is expected")
    lm_head_source = bm.LM_HEAD_KEY if bm.LM_HEAD_KEY in filled else next(k for k in table_keys if k in filled)
    if lm_head_source != bm.LM_HEAD_KEY:
        decoder.lm_head.weight.data = table
    encoder.position_bias.data = bm.position_bias_table(bias_weights[bm.ENCODER_BIAS_KEY], t5, bidirectional=True)
    decoder.position_bias.data = bm.position_bias_table(bias_weights[bm.DECODER_BIAS_KEY], t5,
                                                        bidirectional=False)[: t5.relative_max_distance + 1]
    vision_tower = [k for k in unused if k.startswith("vision_model.")]
    other = [k for k in unused if k not in vision_tower]
    if vision_tower:
        say(f"note: the checkpoint's own vision tower ({len(vision_tower)} tensors) is not exported; images come "
            "from the Alpha-CLIP encoder package")
    if other:
        ex.warn(f"{len(other)} checkpoint tensor(s) are not used, e.g. {other[0]}")
    return bm.Blip2Modules(c, vision, bm.TokenEmbedding(table).eval(), encoder, cross, decoder, lm_head_source)


# ----------------------------------------------------------------------------------------------
# Graphs
# ----------------------------------------------------------------------------------------------

def export_graphs(m: bm.Blip2Modules, folder: str, image_tokens: int, external_data_min_bytes: int,
                  say=lambda m: None) -> List[str]:
    """Writes the five graphs into ``folder``; returns the files written."""
    c, t5 = m.config, m.config.t5
    gen = torch.Generator().manual_seed(0)
    batch, encoded, new, past = 2, 5, 3, 4
    kv = ["batch", t5.heads, "encoder_sequence", t5.d_kv]
    written = []

    say(f"exporting qformer.onnx ({c.query_tokens} queries, {c.qformer.layers} layers, width {c.qformer.hidden_size}, "
        f"vision width {c.vision_width}) ...")
    written += mc.export_graph(
        m.vision, (torch.randn(batch, image_tokens, c.vision_width, generator=gen),), folder, "qformer.onnx",
        QFORMER_INPUTS, QFORMER_OUTPUTS,
        {"image_tokens": {0: "batch", 1: "tokens"}, "ln_vision_output": {0: "batch", 1: "tokens"},
         "qformer_output": {0: "batch"}, "language_model_inputs": {0: "batch"}},
        {"ln_vision_output": ["batch", "tokens", c.vision_width],
         "qformer_output": ["batch", c.query_tokens, c.qformer.hidden_size],
         "language_model_inputs": ["batch", c.query_tokens, t5.d_model]}, external_data_min_bytes)

    say(f"exporting embed_tokens.onnx ({t5.vocab_size} x {t5.d_model}) ...")
    written += mc.export_graph(
        m.embedding, (torch.tensor([[1, 2, 3], [4, 5, 6]]) % t5.vocab_size,), folder, "embed_tokens.onnx",
        EMBEDDING_INPUTS, EMBEDDING_OUTPUTS,
        {"input_ids": {0: "batch", 1: "sequence"}, "inputs_embeds": {0: "batch", 1: "sequence"}},
        {"inputs_embeds": ["batch", "sequence", t5.d_model]}, external_data_min_bytes)

    say(f"exporting encoder.onnx ({t5.encoder_layers} layers, {t5.heads} heads of {t5.d_kv}) ...")
    mask = torch.ones(batch, encoded, dtype=torch.int64)
    mask[1, -1] = 0
    written += mc.export_graph(
        m.encoder, (torch.randn(batch, encoded, t5.d_model, generator=gen), mask), folder, "encoder.onnx",
        ENCODER_INPUTS, ENCODER_OUTPUTS,
        {"inputs_embeds": {0: "batch", 1: "encoder_sequence"}, "attention_mask": {0: "batch", 1: "encoder_sequence"},
         "last_hidden_state": {0: "batch", 1: "encoder_sequence"}},
        {"last_hidden_state": ["batch", "encoder_sequence", t5.d_model]}, external_data_min_bytes)

    say(f"exporting cross_key_values.onnx ({t5.decoder_layers} layers) ...")
    cross_names = cross_key_value_names(t5.decoder_layers)
    written += mc.export_graph(
        m.cross, (torch.randn(batch, encoded, t5.d_model, generator=gen),), folder, "cross_key_values.onnx",
        CROSS_INPUTS, cross_names,
        dict({"encoder_hidden_states": {0: "batch", 1: "encoder_sequence"}},
             **{n: {0: "batch", 2: "encoder_sequence"} for n in cross_names}),
        {n: kv for n in cross_names}, external_data_min_bytes)

    say(f"exporting decoder.onnx ({t5.decoder_layers} layers, vocabulary {t5.vocab_size}) ...")
    args = [torch.randn(batch, new, t5.d_model, generator=gen), mask]
    args += [torch.randn(batch, t5.heads, past, t5.d_kv, generator=gen) for _ in range(2 * t5.decoder_layers)]
    args += [torch.randn(batch, t5.heads, encoded, t5.d_kv, generator=gen) for _ in range(2 * t5.decoder_layers)]
    inputs, outputs = decoder_inputs(t5.decoder_layers), decoder_outputs(t5.decoder_layers)
    dynamic = {"inputs_embeds": {0: "batch", 1: "sequence"}, "encoder_attention_mask": {0: "batch", 1: "encoder_sequence"},
               "logits": {0: "batch"}}
    shapes = {"logits": ["batch", t5.vocab_size]}
    for name in inputs[2:]:
        dynamic[name] = {0: "batch", 2: "past_sequence" if name.startswith("past_") else "encoder_sequence"}
    for name in outputs[1:]:
        dynamic[name] = {0: "batch", 2: "total_sequence"}
        shapes[name] = ["batch", t5.heads, "total_sequence", t5.d_kv]
    written += mc.export_graph(m.decoder, tuple(args), folder, "decoder.onnx", inputs, outputs, dynamic, shapes,
                               external_data_min_bytes)
    return written


# ----------------------------------------------------------------------------------------------
# The package
# ----------------------------------------------------------------------------------------------

def _manifest_architecture(m: bm.Blip2Modules) -> dict:
    c, q, t5 = m.config, m.config.qformer, m.config.t5
    return {
        "family": FAMILY,
        "qformer": {"queryTokens": c.query_tokens, "visionWidth": c.vision_width, "hiddenSize": q.hidden_size,
                    "layers": q.layers, "heads": q.heads, "intermediateSize": q.intermediate_size,
                    "crossAttentionFrequency": q.cross_attention_frequency, "activation": q.activation,
                    "layerNormEps": q.layer_norm_eps, "lnVisionEps": bm.LN_VISION_EPS},
        "languageModel": {"family": "t5", "vocabSize": t5.vocab_size, "dModel": t5.d_model, "dKv": t5.d_kv,
                          "dFf": t5.d_ff, "heads": t5.heads, "encoderLayers": t5.encoder_layers,
                          "decoderLayers": t5.decoder_layers, "relativeAttentionNumBuckets": t5.relative_buckets,
                          "relativeAttentionMaxDistance": t5.relative_max_distance,
                          "layerNormEps": t5.layer_norm_eps, "gatedFeedForward": t5.gated,
                          "activation": t5.activation, "scaleDecoderOutputs": t5.scale_decoder_outputs,
                          "lmHead": m.lm_head_source, "decoderStartId": t5.decoder_start_id},
    }


def export_package(checkpoint: str, encoder: str, out_dir: str, name: Optional[str] = None,
                   description: Optional[str] = None, *, memory_available: Optional[int] = None,
                   external_data_min_bytes: int = mc.ONNX_LIMIT, quiet: bool = False) -> dict:
    """Writes a BLIP-2 MLLM package from a checkpoint folder for the Alpha-CLIP package ``encoder``.

    ``memory_available`` replaces the measured memory in the size check (for tests); ``external_data_min_bytes``
    is the graph size from which weights go to an external data file (default: only past ONNX's 2 GB limit).
    Returns ``{"manifest": dict, "modules": Blip2Modules (the exported PyTorch modules), "out_dir": str}``. The
    package is written to a temporary folder beside ``out_dir`` and renamed at the end.
    """
    say = (lambda m: None) if quiet else ex.info
    ckpt = mc.read_checkpoint_folder(checkpoint)
    encoder_info = mc.read_encoder(encoder)
    config = read_config(ckpt)
    features = image_features(config, encoder_info)
    mc.check_memory(ckpt, memory_available)
    out_dir = ex.prepare_target(out_dir, mc.MLLM_FORMAT)
    with ex.staged_package(out_dir) as tmp:
        tokenizer_path = os.path.join(tmp, "tokenizer.json")
        if ckpt.tokenizer is not None:
            shutil.copyfile(ckpt.tokenizer, tokenizer_path)
            tokenizer_source = "tokenizer.json"
        else:
            say(f"converting {os.path.basename(ckpt.sentencepiece)} to tokenizer.json ...")
            try:
                spt.write_tokenizer_json(ckpt.sentencepiece, tokenizer_path, config.t5.vocab_size)
            except spt.SentencePieceError as e:
                raise ExportError(str(e)) from None
            tokenizer_source = os.path.basename(ckpt.sentencepiece)
        tokenizer = tokenizer_spec(tokenizer_path, config.t5)
        modules = load_modules(ckpt, config, say)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graphs = export_graphs(modules, tmp, features["tokens"], external_data_min_bytes, say)
        t5 = config.t5
        files = {f: ex.sha256_file(os.path.join(tmp, f)) for f in sorted(graphs + ["tokenizer.json"])}
        layers = t5.decoder_layers
        manifest = {
            "format": mc.MLLM_FORMAT,
            "formatVersion": mc.MLLM_FORMAT_VERSION,
            "name": name or os.path.basename(out_dir),
            "description": description if description is not None else (
                f"BLIP-2 (Q-Former with {config.query_tokens} queries, T5 with {t5.encoder_layers}+{t5.decoder_layers} "
                f"layers, d_model {t5.d_model}, vocabulary {t5.vocab_size}) on the Alpha-CLIP encoder "
                f"'{encoder_info['name']}'"),
            "architecture": _manifest_architecture(modules),
            "encoder": features,
            "tokenizer": tokenizer,
            "graphs": {
                "qformer": {"file": "qformer.onnx", "inputs": QFORMER_INPUTS, "outputs": QFORMER_OUTPUTS},
                "embedding": {"file": "embed_tokens.onnx", "inputs": EMBEDDING_INPUTS, "outputs": EMBEDDING_OUTPUTS},
                "encoder": {"file": "encoder.onnx", "inputs": ENCODER_INPUTS, "outputs": ENCODER_OUTPUTS},
                "crossKeyValues": {"file": "cross_key_values.onnx", "inputs": CROSS_INPUTS,
                                   "outputs": cross_key_value_names(layers)},
                "decoder": {"file": "decoder.onnx", "inputs": decoder_inputs(layers),
                            "outputs": decoder_outputs(layers)},
            },
            "files": files,
            "source": {"exporter": EXPORTER, "checkpoint": os.path.basename(ckpt.folder),
                       "weights": [os.path.basename(p) for p in ckpt.weight_files],
                       "configSha256": ex.sha256_file(os.path.join(ckpt.folder, "config.json")),
                       "tokenizer": tokenizer_source},
        }
        ex.write_manifest(tmp, manifest)
    size = sum(os.path.getsize(os.path.join(out_dir, f)) for f in files)
    say(f"wrote {out_dir} ({size / 1e6:.1f} MB)")
    return {"manifest": manifest, "modules": modules, "out_dir": out_dir}


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description="Export a BLIP-2 checkpoint (Q-Former + T5) to an MLLM package on an "
                                "Alpha-CLIP encoder package.")
    p.add_argument("--checkpoint", required=True, help="BLIP-2 checkpoint folder: config.json, model.safetensors (or "
                   "shards with model.safetensors.index.json), tokenizer.json or a sentencepiece tokenizer.model")
    p.add_argument("--encoder", required=True, help="the Alpha-CLIP model package whose features the Q-Former takes")
    p.add_argument("--out", required=True, help="package folder to write")
    p.add_argument("--name", help="package name (default: the folder name)")
    p.add_argument("--description", help="free text for the manifest")
    p.add_argument("--traceback", action="store_true", help="show Python tracebacks for unexpected errors")
    args = p.parse_args(argv)
    return ex.run_reporting_errors(lambda: export_package(
        args.checkpoint, args.encoder, args.out, name=args.name, description=args.description), args.traceback)


if __name__ == "__main__":
    sys.exit(main())
