#!/usr/bin/python3.11
"""Export a BLIP-Diffusion checkpoint in diffusers' layout to a subject-driven diffusion package whose Q-Former
reads the tokens of an Alpha-CLIP encoder package (bundle plugin-diffusion, command ``diffusion:subject``).

    /usr/bin/python3.11 tools/export/export_blip_diffusion.py --checkpoint DIR --encoder ALPHACLIP_PACKAGE \
        --out DIR [--qformer-vocab vocab.txt] [--image-layer N] [--scheduler-config FILE] [--name NAME] \
        [--description TEXT] [--external-data] [--traceback]

The checkpoint folder holds qformer/ and text_encoder/ (config.json + model.safetensors or pytorch_model.bin),
tokenizer/ (CLIP's vocab.json and merges.txt), unet/ and vae/ (as for export_diffusion.py), optionally
scheduler/scheduler_config.json and model_index.json (its ctx_begin_pos). The Q-Former's BERT vocabulary
(bert-base-uncased's vocab.txt, which diffusers fetches at run time) comes from --qformer-vocab or
qformer/vocab.txt. The package holds qformer.onnx, text_encoder/token_embedding.onnx, text_encoder/model.onnx,
unet/model.onnx, vae_decoder/model.onnx, scheduler/scheduler_config.json, tokenizer.json (CLIP BPE),
qformer_tokenizer.json (WordPiece), manifest.json and SHA256SUMS; see tools/export/README.md, section
"Subject-driven packages (BLIP-Diffusion)".
"""

from __future__ import annotations

import argparse
import json
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

import blip_diffusion_model as bd  # noqa: E402
import clip_bpe_tokenizer as cbt  # noqa: E402
import diffusion_model as dm  # noqa: E402
import export_alphaclip as ex  # noqa: E402
import export_diffusion as ed  # noqa: E402
import mllm_checkpoint as mc  # noqa: E402
from blip2_model import ConfigError  # noqa: E402
from export_alphaclip import ExportError  # noqa: E402

EXPORTER = "tools/export/export_blip_diffusion.py"
QFORMER_FILE = "qformer.onnx"
TOKEN_TABLE_FILE, TEXT_ENCODER_FILE = "text_encoder/token_embedding.onnx", "text_encoder/model.onnx"
TOKENIZER_FILE, QFORMER_TOKENIZER_FILE = "tokenizer.json", "qformer_tokenizer.json"
QFORMER_INPUTS, QFORMER_OUTPUTS = ["image_tokens", "subject_ids", "subject_mask"], ["query_embeddings"]
PIPELINE = "BlipDiffusionPipeline"
# What diffusers' BLIP-Diffusion pipeline and its conversion script use when the checkpoint does not say.
DEFAULTS = {"steps": 50, "guidance": 7.5, "promptRepetitions": 20, "negativePrompt": ""}
CTX_BEGIN_POS = 2
BLIP_DIFFUSION_SCHEDULER = {"_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012,
                            "beta_schedule": "scaled_linear", "set_alpha_to_one": False, "skip_prk_steps": True}
BERT_SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")


# ----------------------------------------------------------------------------------------------
# Tokenizers
# ----------------------------------------------------------------------------------------------

def clip_tokenizer(folder: str) -> Dict[str, object]:
    """CLIP's BPE from tokenizer/vocab.json + merges.txt as a tokenizer.json document, with bos/eos/pad ids."""
    vocab_path, merges_path = os.path.join(folder, "vocab.json"), os.path.join(folder, "merges.txt")
    for path in (vocab_path, merges_path):
        if not os.path.isfile(path):
            raise ExportError(f"tokenizer file not found: {path} (BLIP-Diffusion's tokenizer/ holds CLIP's vocab.json "
                              "and merges.txt)")
    vocab = mc.read_json(vocab_path, "tokenizer/vocab.json")
    with open(merges_path, encoding="utf-8") as fh:
        lines = fh.read().strip().split("\n")
    chosen = lines[1:cbt.MERGE_COUNT + 1]  # the first line is "#version: ..."
    merges = []
    for number, line in enumerate(chosen, start=2):
        parts = line.split()
        if len(parts) != 2:
            raise ExportError(f"{merges_path} line {number} is not two symbols: {line!r}")
        merges.append((parts[0], parts[1]))
    try:
        document = cbt.tokenizer_document(merges)
    except ValueError as e:
        raise ExportError(f"{merges_path}: {e} (not CLIP's BPE merges)") from None
    if document["model"]["vocab"] != vocab:
        raise ExportError(f"{vocab_path} is not the vocabulary CLIP's merges in {merges_path} give")
    specials = {}
    for name in ("special_tokens_map.json", "tokenizer_config.json"):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            for key, value in mc.read_json(path, f"tokenizer/{name}").items():
                if key in ("bos_token", "eos_token", "pad_token") and key not in specials:
                    specials[key] = value.get("content") if isinstance(value, dict) else value
    ids = {}
    for key, default in (("bos_token", cbt.START_TOKEN), ("eos_token", cbt.END_TOKEN), ("pad_token", cbt.END_TOKEN)):
        token = specials.get(key) or default
        if token not in vocab:
            raise ExportError(f"tokenizer/ names {key} {token!r}, which is not in vocab.json")
        ids[key] = vocab[token]
    return {"document": document, "bosId": ids["bos_token"], "eosId": ids["eos_token"], "padId": ids["pad_token"],
            "vocabSize": len(vocab)}


def bert_tokenizer(vocab_path: str) -> Dict[str, object]:
    """BERT's uncased WordPiece from vocab.txt (one token per line, id = line number) as a tokenizer.json document."""
    if not os.path.isfile(vocab_path):
        raise ExportError(f"Q-Former vocabulary not found: {vocab_path} (bert-base-uncased's vocab.txt)")
    with open(vocab_path, encoding="utf-8") as fh:
        tokens = [line.rstrip("\n") for line in fh]
    while tokens and tokens[-1] == "":
        tokens.pop()
    vocab: Dict[str, int] = {}
    for index, token in enumerate(tokens):
        vocab.setdefault(token, index)
    missing = [t for t in BERT_SPECIALS if t not in vocab]
    if missing:
        raise ExportError(f"{vocab_path} lacks BERT's special token(s) {', '.join(missing)}")

    def special(token: str) -> dict:
        return {"id": vocab[token], "content": token, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True}

    document = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [special(t) for t in BERT_SPECIALS],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": None,
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }
    return {"document": document, "clsId": vocab["[CLS]"], "sepId": vocab["[SEP]"], "padId": vocab["[PAD]"],
            "vocabSize": len(tokens)}


# ----------------------------------------------------------------------------------------------
# The checkpoint folder
# ----------------------------------------------------------------------------------------------

class Checkpoint:
    """A diffusers-format BLIP-Diffusion folder: configs parsed, files found, nothing loaded."""

    def __init__(self, folder: str, qformer_vocab: Optional[str], scheduler_config: Optional[str]):
        folder = os.path.abspath(folder)
        if not os.path.isdir(folder):
            raise ExportError(f"checkpoint folder not found: {folder}")
        for sub in ("qformer", "text_encoder", "tokenizer", "unet", "vae"):
            if not os.path.isdir(os.path.join(folder, sub)):
                raise ExportError(f"checkpoint folder {folder} has no {sub}/ folder (a BLIP-Diffusion checkpoint holds "
                                  "qformer/, text_encoder/, tokenizer/, unet/ and vae/)")
        self.folder = folder
        self.images = ed.Checkpoint(folder, scheduler_config)
        if self.images.scheduler_file is None:
            self.images.scheduler = BLIP_DIFFUSION_SCHEDULER
        self.qformer_files = mc.weight_files(os.path.join(folder, "qformer"))
        self.text_files = mc.weight_files(os.path.join(folder, "text_encoder"))
        self.qformer = bd.SubjectQFormerConfig.from_config(
            mc.read_json(os.path.join(folder, "qformer", "config.json"), "qformer/config.json"))
        self.text = bd.TextConfig.from_config(
            mc.read_json(os.path.join(folder, "text_encoder", "config.json"), "text_encoder/config.json"))
        index = os.path.join(folder, "model_index.json")
        model_index = mc.read_json(index, "model_index.json") if os.path.isfile(index) else {}
        self.pipeline = model_index.get("_class_name")
        self.ctx_begin_pos = model_index.get("ctx_begin_pos", CTX_BEGIN_POS)
        if not isinstance(self.ctx_begin_pos, int) or isinstance(self.ctx_begin_pos, bool) or self.ctx_begin_pos < 1:
            raise ExportError(f"model_index.json ctx_begin_pos must be a whole number of at least 1, got "
                              f"{self.ctx_begin_pos!r}")
        vocab = qformer_vocab or os.path.join(folder, "qformer", "vocab.txt")
        if qformer_vocab is None and not os.path.isfile(vocab):
            raise ExportError(f"no Q-Former vocabulary: pass --qformer-vocab with bert-base-uncased's vocab.txt "
                              f"(diffusers fetches it at run time; {vocab} does not exist)")
        self.bert = bert_tokenizer(vocab)
        self.clip = clip_tokenizer(os.path.join(folder, "tokenizer"))
        q, t, u = self.qformer, self.text, self.images.unet_config
        if q.hidden_size != t.hidden_size:
            raise ExportError(f"the Q-Former's hidden_size {q.hidden_size} differs from the text encoder's "
                              f"{t.hidden_size}: its queries cannot stand in for tokens")
        if t.hidden_size != u.cross_attention_dim:
            raise ExportError(f"the text encoder's hidden_size {t.hidden_size} differs from the UNet's "
                              f"cross_attention_dim {u.cross_attention_dim}")
        if q.query_tokens + self.ctx_begin_pos + 2 > t.max_positions:
            raise ExportError(f"{q.query_tokens} query tokens from position {self.ctx_begin_pos} leave no room for a "
                              f"prompt in the text encoder's {t.max_positions} positions")
        if self.bert["vocabSize"] > q.vocab_size:
            raise ExportError(f"the Q-Former vocabulary has {self.bert['vocabSize']} tokens, its word embeddings "
                              f"{q.vocab_size}")
        if self.clip["vocabSize"] > t.vocab_size:
            raise ExportError(f"tokenizer/vocab.json has {self.clip['vocabSize']} tokens, the text encoder's "
                              f"embeddings {t.vocab_size}")


def load(ckpt: Checkpoint, say=lambda m: None):
    """The Q-Former and text encoder with the checkpoint's weights, in eval mode."""
    qformer = bd.SubjectQFormer(ckpt.qformer).eval()
    dm.fill(qformer, ckpt.qformer_files, "qformer", skip_prefixes=bd.SubjectQFormer.SKIPPED, say=say)
    text = bd.ContextClipTextModel(ckpt.text).eval()
    dm.fill(text, ckpt.text_files, "text_encoder", skip_prefixes=bd.ContextClipTextModel.SKIPPED, say=say)
    return qformer, text


def image_layer(ckpt: Checkpoint, encoder: dict, override: Optional[int]) -> int:
    """The encoder hidden layer (negative, from the end) the Q-Former reads: the checkpoint's vision model has
    ``vision_config.num_hidden_layers`` blocks (BLIP-Diffusion's CLIP-L drops the last of 24), so its tokens are the
    encoder's hidden state after as many blocks."""
    layers = encoder["layers"]
    if override is not None:
        if not -layers <= override <= -1:
            raise ExportError(f"--image-layer must lie in -{layers}..-1 for the encoder '{encoder['name']}', "
                              f"got {override}")
        return override
    blocks = ckpt.qformer.vision_layers
    if blocks > layers:
        raise ExportError(f"the checkpoint's vision model has {blocks} layers, the encoder '{encoder['name']}' only "
                          f"{layers}; pass --image-layer")
    return blocks - layers - 1


# ----------------------------------------------------------------------------------------------
# The package
# ----------------------------------------------------------------------------------------------

def export_graphs(qformer: bd.SubjectQFormer, text: bd.ContextClipTextModel, folder: str,
                  say=lambda m: None) -> List[str]:
    gen = torch.Generator().manual_seed(0)
    q, t = qformer.config, text.config
    say(f"exporting {QFORMER_FILE} ({q.layers} layers, {q.query_tokens} queries, width {q.hidden_size}) ...")
    args = (torch.randn(2, 5, q.vision_width, generator=gen), torch.tensor([[2, 4, 3], [2, 4, 0]]),
            torch.tensor([[1, 1, 1], [1, 1, 0]]))
    written = mc.export_graph(
        qformer, args, folder, QFORMER_FILE, QFORMER_INPUTS, QFORMER_OUTPUTS,
        {"image_tokens": {0: "batch", 1: "tokens"}, "subject_ids": {0: "batch", 1: "length"},
         "subject_mask": {0: "batch", 1: "length"}, "query_embeddings": {0: "batch"}},
        {"query_embeddings": ["batch", q.query_tokens, q.hidden_size]})
    say(f"exporting {TOKEN_TABLE_FILE} and {TEXT_ENCODER_FILE} ({t.layers} layers, width {t.hidden_size}) ...")
    written += mc.export_graph(
        bd.TokenTable(text), (torch.tensor([[1, 2, 3]]),), folder, TOKEN_TABLE_FILE, ["input_ids"], ["inputs_embeds"],
        {"input_ids": {0: "batch", 1: "sequence"}, "inputs_embeds": {0: "batch", 1: "sequence"}},
        {"inputs_embeds": ["batch", "sequence", t.hidden_size]})
    written += mc.export_graph(
        bd.TextTransformer(text), (torch.randn(2, 6, t.hidden_size, generator=gen),), folder, TEXT_ENCODER_FILE,
        ["inputs_embeds"], ["last_hidden_state"],
        {"inputs_embeds": {0: "batch", 1: "sequence"}, "last_hidden_state": {0: "batch", 1: "sequence"}},
        {"last_hidden_state": ["batch", "sequence", t.hidden_size]})
    return written


def export_package(checkpoint: str, out_dir: str, encoder: str, qformer_vocab: Optional[str] = None,
                   image_layer_override: Optional[int] = None, scheduler_config: Optional[str] = None,
                   name: Optional[str] = None, description: Optional[str] = None, external_data: bool = False, *,
                   memory_available: Optional[int] = None, quiet: bool = False) -> dict:
    """Writes a subject-driven diffusion package; returns ``{"manifest", "qformer", "text", "unet", "vae",
    "out_dir"}``. The package is written to a temporary folder beside ``out_dir`` and renamed at the end."""
    say = (lambda m: None) if quiet else ex.info
    try:
        ckpt = Checkpoint(checkpoint, qformer_vocab, scheduler_config)
    except ConfigError as e:
        raise ExportError(str(e)) from None
    encoder_info = mc.read_encoder(encoder)
    q, t, u, v = ckpt.qformer, ckpt.text, ckpt.images.unet_config, ckpt.images.vae_config
    if encoder_info["width"] != q.vision_width:
        raise ExportError(f"the encoder package '{encoder_info['name']}' has {encoder_info['width']}-wide tokens, the "
                          f"Q-Former's vision_config.hidden_size is {q.vision_width}")
    layer = image_layer(ckpt, encoder_info, image_layer_override)
    mc.check_memory(ckpt.images.weights(), memory_available)
    out_dir = ex.prepare_target(out_dir, ed.FORMAT)
    if ckpt.pipeline not in (None, PIPELINE):
        ex.warn(f"model_index.json names a {ckpt.pipeline}, not a {PIPELINE}")
    try:
        qformer, text = load(ckpt, say)
    except ConfigError as e:
        raise ExportError(str(e)) from None
    unet, _ = dm.load_unet(ckpt.images.unet, say)
    vae, _ = dm.load_vae_decoder(ckpt.images.vae, say)
    external = external_data or 4 * sum(p.numel() for p in unet.parameters()) > ed.EXTERNAL_DATA_BYTES
    with ex.staged_package(out_dir) as tmp:
        os.makedirs(os.path.join(tmp, os.path.dirname(ed.SCHEDULER_FILE)))
        scheduler_path = os.path.join(tmp, ed.SCHEDULER_FILE)
        if ckpt.images.scheduler_file is None:
            with open(scheduler_path, "w", encoding="utf-8") as fh:
                json.dump(BLIP_DIFFUSION_SCHEDULER, fh, indent=2)
                fh.write("\n")
        else:
            shutil.copyfile(ckpt.images.scheduler_file, scheduler_path)
        cbt.save_tokenizer_json(ckpt.clip["document"], os.path.join(tmp, TOKENIZER_FILE))
        cbt.save_tokenizer_json(ckpt.bert["document"], os.path.join(tmp, QFORMER_TOKENIZER_FILE))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graphs = ed.export_graphs(unet, vae, tmp, external, say) + export_graphs(qformer, text, tmp, say)
        listed = sorted(graphs + [ed.SCHEDULER_FILE, TOKENIZER_FILE, QFORMER_TOKENIZER_FILE])
        files = {f: ex.sha256_file(os.path.join(tmp, f)) for f in listed}
        scheduler_class = ckpt.images.scheduler["_class_name"]
        manifest = {
            "format": ed.FORMAT,
            "formatVersion": ed.FORMAT_VERSION,
            "name": name or os.path.basename(out_dir),
            "description": description if description is not None else (
                f"BLIP-Diffusion subject-driven generation: Q-Former ({q.layers} layers, {q.query_tokens} queries) on "
                f"the Alpha-CLIP encoder '{encoder_info['name']}' (layer {layer}), CLIP text encoder ({t.layers} "
                f"layers, width {t.hidden_size}), UNet with {len(u.block_out_channels)} blocks of "
                f"{u.block_out_channels} channels, {scheduler_class}"),
            "pipeline": "subject-driven",
            "conditioning": {"kind": "subject-queries", "dim": q.vision_width, "encoder": encoder_info["name"],
                             "encoderManifestSha256": encoder_info["manifestSha256"], "imageLayer": layer,
                             "classToken": True},
            "qformer": {"file": QFORMER_FILE, "queryTokens": q.query_tokens, "width": q.hidden_size,
                        "maxSubjectTokens": q.max_positions, "tokenizer": QFORMER_TOKENIZER_FILE,
                        "clsId": ckpt.bert["clsId"], "sepId": ckpt.bert["sepId"], "padId": ckpt.bert["padId"]},
            "textEncoder": {"tokenEmbedding": TOKEN_TABLE_FILE, "file": TEXT_ENCODER_FILE, "width": t.hidden_size,
                            "maxPositions": t.max_positions, "contextPosition": ckpt.ctx_begin_pos,
                            "tokenizer": TOKENIZER_FILE, "bosId": ckpt.clip["bosId"], "eosId": ckpt.clip["eosId"],
                            "padId": ckpt.clip["padId"]},
            "unet": {"file": ed.UNET_FILE, "inChannels": u.in_channels, "outChannels": u.out_channels,
                     "sampleSize": u.sample_size, "crossAttentionDim": u.cross_attention_dim,
                     "timestepType": "float32",
                     "flopsPerSample": dm.unet_flops(unet, u.sample_size, t.max_positions)},
            "vaeDecoder": {"file": ed.VAE_FILE, "latentChannels": v.latent_channels, "scalingFactor": v.scaling_factor,
                           "scaleFactor": v.scale_factor},
            "scheduler": {"file": ed.SCHEDULER_FILE, "class": scheduler_class},
            "defaults": dict(DEFAULTS),
            "source": {"checkpoint": os.path.basename(ckpt.folder), "exporter": EXPORTER},
            "files": files,
        }
        ex.write_manifest(tmp, manifest)
    size = sum(os.path.getsize(os.path.join(out_dir, f)) for f in files)
    say(f"wrote {out_dir} ({size / 1e6:.1f} MB)")
    return {"manifest": manifest, "qformer": qformer, "text": text, "unet": unet, "vae": vae, "out_dir": out_dir}


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description="Export a BLIP-Diffusion checkpoint (diffusers layout) to a "
                                "subject-driven diffusion package on an Alpha-CLIP encoder package.")
    p.add_argument("--checkpoint", required=True, help="diffusers-format folder: qformer/, text_encoder/, tokenizer/, "
                   "unet/, vae/, optionally scheduler/ and model_index.json")
    p.add_argument("--encoder", required=True, help="the Alpha-CLIP model package whose tokens the Q-Former reads")
    p.add_argument("--out", required=True, help="package folder to write")
    p.add_argument("--qformer-vocab", help="bert-base-uncased's vocab.txt (default: qformer/vocab.txt)")
    p.add_argument("--image-layer", type=int, help="the encoder hidden layer the Q-Former reads, counted from the "
                   "end (-1: after the last block; default: as many blocks as the checkpoint's vision model has)")
    p.add_argument("--scheduler-config", help="a diffusers scheduler_config.json to use instead of the checkpoint's")
    p.add_argument("--name", help="package name (default: the folder name)")
    p.add_argument("--description", help="free text for the manifest")
    p.add_argument("--external-data", action="store_true", help="keep the UNet's weights in unet/weights.pb")
    p.add_argument("--traceback", action="store_true", help="show Python tracebacks for unexpected errors")
    args = p.parse_args(argv)
    return ex.run_reporting_errors(lambda: export_package(
        args.checkpoint, args.out, args.encoder, qformer_vocab=args.qformer_vocab,
        image_layer_override=args.image_layer, scheduler_config=args.scheduler_config, name=args.name,
        description=args.description, external_data=args.external_data), args.traceback)


if __name__ == "__main__":
    sys.exit(main())
