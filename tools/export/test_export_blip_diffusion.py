#!/usr/bin/python3.11
"""Checks for the BLIP-Diffusion exporter, and the reference the Java subject pipeline is checked against.

    /usr/bin/python3.11 tools/export/test_export_blip_diffusion.py --work DIR [--fixtures ROOT]

Needs the Alpha-CLIP fixture package ``DIR/encoder`` that test_export_diffusion.py writes. A tiny BLIP-Diffusion
checkpoint is made in diffusers' layout: unet/ and vae/ of the fixture root's diffusion-reference/tiny_models, a
Q-Former and a CLIP text encoder with seeded random weights under the official tensor names (plus the vision tower
tensors the exporter must pass over), CLIP's tokenizer/ (vocab.json and merges.txt from the fixture's BPE file), a
small BERT vocab.txt, BLIP-Diffusion's scheduler config (steps_offset left at 0) and model_index.json. It is exported
through the command line to ``DIR/tiny-blipdiffusion``. Checked: the manifest, SHA256SUMS, each graph's inputs and
outputs and its NumPy-interpreted result against the PyTorch modules, the padding mask's effect, and one-line errors
for bad checkpoints. ``DIR/tiny-blipdiffusion-reference`` gets what the Java test replays: image tokens, the subject's
and the prompts' token ids and the PyTorch query embeddings and text encoder outputs (with the queries spliced in at
position 2, and the negative prompt's without). Exit status 0 when all checks pass.
"""

from __future__ import annotations

import argparse
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

import blip_diffusion_model as bd  # noqa: E402
import clip_bpe_tokenizer as cbt  # noqa: E402
import export_alphaclip as ex  # noqa: E402
import export_blip_diffusion as eb  # noqa: E402
import mllm_checkpoint as mc  # noqa: E402
import test_export  # noqa: E402
from test_export import Report, graph_signature  # noqa: E402

TOL = 1e-4
DEFAULT_FIXTURES = os.path.join(os.path.dirname(os.path.dirname(_HERE)), "fixtures")
PACKAGE, REFERENCE = "tiny-blipdiffusion", "tiny-blipdiffusion-reference"
BERT_WORDS = ["[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "dog", "cat", "red", "star", "circle",
              "##s", "on", "the", "beach"]
QUERIES, WIDTH = 4, 32
SUBJECT, PROMPT, NEGATIVE, REPETITIONS = "dog", "on the beach", "", 3


def write_json(path: str, value) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1)


def randomised(module: torch.nn.Module, seed: int) -> torch.nn.Module:
    """Every parameter drawn from a seeded normal (scale 0.2; LayerNorm weights around 1)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            noise = torch.randn(p.shape, generator=gen) * 0.2
            p.copy_(1 + noise if "LayerNorm.weight" in name or "layer_norm" in name and name.endswith("weight")
                    else noise)
    return module.eval()


def make_checkpoint(fixtures: str, encoder: dict, folder: str) -> dict:
    """The tiny BLIP-Diffusion checkpoint; returns its configs and the PyTorch modules its weights came from."""
    tiny = os.path.join(fixtures, "diffusion-reference", "tiny_models")
    for model in ("unet", "vae"):
        shutil.copytree(os.path.join(tiny, model), os.path.join(folder, model))
    qformer_config = {
        "num_query_tokens": QUERIES,
        "qformer_config": {"hidden_size": WIDTH, "num_hidden_layers": 2, "num_attention_heads": 4,
                           "intermediate_size": 64, "hidden_act": "gelu", "cross_attention_frequency": 1,
                           "encoder_hidden_size": encoder["width"], "vocab_size": len(BERT_WORDS) + 1,
                           "max_position_embeddings": 16, "layer_norm_eps": 1e-12, "pad_token_id": 0},
        "vision_config": {"hidden_size": encoder["width"], "num_hidden_layers": encoder["layers"] - 1,
                          "layer_norm_eps": 1e-5, "image_size": 224, "patch_size": 16},
    }
    text_config = {"vocab_size": cbt.VOCAB_SIZE, "hidden_size": WIDTH, "num_hidden_layers": 2,
                   "num_attention_heads": 4, "intermediate_size": 64, "hidden_act": "quick_gelu",
                   "max_position_embeddings": 77, "layer_norm_eps": 1e-5}
    qformer = randomised(bd.SubjectQFormer(bd.SubjectQFormerConfig.from_config(qformer_config)), 11)
    text = randomised(bd.ContextClipTextModel(bd.TextConfig.from_config(text_config)), 12)
    q_tensors = dict(qformer.state_dict())
    q_tensors["visual_encoder.embeddings.class_embedding"] = torch.zeros(1, 1, encoder["width"])
    q_tensors["visual_encoder.pre_layernorm.weight"] = torch.ones(encoder["width"])
    q_tensors["visual_encoder.encoder.layers.0.mlp.fc1.weight"] = torch.zeros(4, encoder["width"])
    os.makedirs(os.path.join(folder, "qformer"))
    mc.write_safetensors(os.path.join(folder, "qformer", "model.safetensors"), q_tensors)
    write_json(os.path.join(folder, "qformer", "config.json"), qformer_config)
    with open(os.path.join(folder, "qformer", "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(BERT_WORDS) + "\n")
    os.makedirs(os.path.join(folder, "text_encoder"))
    mc.write_safetensors(os.path.join(folder, "text_encoder", "model.safetensors"), dict(text.state_dict()))
    write_json(os.path.join(folder, "text_encoder", "config.json"), text_config)
    merges = cbt.read_merges(os.path.join(fixtures, "alphaclip-reference", "bpe_simple_vocab_16e6.txt.gz"))
    vocab = cbt.build_vocab(merges)
    write_json(os.path.join(folder, "tokenizer", "vocab.json"), vocab)
    with open(os.path.join(folder, "tokenizer", "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "\n".join(f"{a} {b}" for a, b in merges) + "\n")
    write_json(os.path.join(folder, "tokenizer", "special_tokens_map.json"),
               {"bos_token": cbt.START_TOKEN, "eos_token": cbt.END_TOKEN, "pad_token": cbt.END_TOKEN})
    write_json(os.path.join(folder, "scheduler", "scheduler_config.json"), dict(eb.BLIP_DIFFUSION_SCHEDULER))
    write_json(os.path.join(folder, "model_index.json"), {"_class_name": "BlipDiffusionPipeline", "ctx_begin_pos": 2})
    return {"qformer": qformer, "text": text, "vocab": vocab}


def clip_ids(vocab: dict, text: str, length: int) -> list:
    """CLIP ids of a text of plain lower-case words and commas, each one BPE token: bos, words, eos, padding
    (diffusers: padding="max_length", truncation to ``length``)."""
    words = text.replace(",", " , ").split()
    ids = [vocab[w + cbt.WORD_END] for w in words][:length - 2]
    ids = [vocab[cbt.START_TOKEN]] + ids + [vocab[cbt.END_TOKEN]]
    return ids + [vocab[cbt.END_TOKEN]] * (length - len(ids))


def save_tensors(folder: str, tensors: dict, extra: dict) -> None:
    os.makedirs(folder, exist_ok=True)
    listed = {}
    for name, value in tensors.items():
        array = value.detach().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)
        int64 = array.dtype.kind in "iu"
        file = name + (".i64" if int64 else ".f32")
        array.astype("<i8" if int64 else "<f4").tofile(os.path.join(folder, file))
        listed[name] = {"file": file, "dtype": "int64" if int64 else "float32", "shape": list(array.shape)}
    write_json(os.path.join(folder, "manifest.json"), dict(extra, tensors=listed))


def check(rep: Report, fixtures: str, work: str) -> None:
    import onnx
    import onnx_numpy_eval as ev

    encoder_dir = os.path.join(work, "encoder")
    if not os.path.isfile(os.path.join(encoder_dir, "manifest.json")):
        raise ex.ExportError(f"{encoder_dir} is missing: run test_export_diffusion.py with --work {work} first")
    encoder = mc.read_encoder(encoder_dir)
    checkpoint = os.path.join(work, "tiny-blipdiffusion-checkpoint")
    shutil.rmtree(checkpoint, ignore_errors=True)
    made = make_checkpoint(fixtures, encoder, checkpoint)
    target = os.path.join(work, PACKAGE)
    rc, err = test_export.run_cli(["--checkpoint", checkpoint, "--encoder", encoder_dir, "--out", target], eb.main,
                                  io.StringIO())
    rep.check("command line export", rc == 0 and not err, err.strip())
    if rc != 0:
        return
    with open(os.path.join(target, "manifest.json"), encoding="utf-8") as f:
        man = json.load(f)
    vocab = made["vocab"]
    rep.check("manifest: subject-driven pipeline on the encoder, layer -2 (the vision model's 1 of 2 blocks)",
              man["pipeline"] == "subject-driven" and man["conditioning"] == {
                  "kind": "subject-queries", "dim": encoder["width"], "encoder": encoder["name"],
                  "encoderManifestSha256": encoder["manifestSha256"], "imageLayer": -2, "classToken": True},
              json.dumps(man["conditioning"]))
    rep.check("manifest: Q-Former, text encoder and tokenizer ids",
              man["qformer"] == {"file": "qformer.onnx", "queryTokens": QUERIES, "width": WIDTH, "maxSubjectTokens": 16,
                                 "tokenizer": "qformer_tokenizer.json", "clsId": 3, "sepId": 4, "padId": 0}
              and man["textEncoder"] == {"tokenEmbedding": "text_encoder/token_embedding.onnx",
                                         "file": "text_encoder/model.onnx", "width": WIDTH, "maxPositions": 77,
                                         "contextPosition": 2, "tokenizer": "tokenizer.json",
                                         "bosId": vocab[cbt.START_TOKEN], "eosId": vocab[cbt.END_TOKEN],
                                         "padId": vocab[cbt.END_TOKEN]},
              json.dumps([man["qformer"], man["textEncoder"]]))
    rep.check("manifest: BLIP-Diffusion's defaults and scheduler",
              man["defaults"] == {"steps": 50, "guidance": 7.5, "promptRepetitions": 20, "negativePrompt": ""}
              and man["scheduler"] == {"file": "scheduler/scheduler_config.json", "class": "PNDMScheduler"},
              json.dumps([man["defaults"], man["scheduler"]]))
    with open(os.path.join(target, "scheduler", "scheduler_config.json"), encoding="utf-8") as f:
        rep.check("scheduler config copied (no steps_offset: 0)", "steps_offset" not in json.load(f))
    files = sorted(man["files"])
    rep.check("manifest lists every graph, tokenizer and the scheduler config", files == sorted([
        "qformer.onnx", "qformer_tokenizer.json", "scheduler/scheduler_config.json", "text_encoder/model.onnx",
        "text_encoder/token_embedding.onnx", "tokenizer.json", "unet/model.onnx", "vae_decoder/model.onnx"]),
        ", ".join(files))
    sums = open(os.path.join(target, "SHA256SUMS"), encoding="utf-8").read()
    rep.check("SHA256SUMS holds every listed file's hash",
              all(f"{man['files'][f]}  {f}" in sums for f in files))
    with open(os.path.join(target, "qformer_tokenizer.json"), encoding="utf-8") as f:
        wordpiece = json.load(f)
    rep.check("qformer_tokenizer.json: uncased WordPiece over vocab.txt's line numbers",
              wordpiece["model"]["type"] == "WordPiece" and wordpiece["model"]["vocab"]["##s"] == 12
              and wordpiece["normalizer"]["lowercase"] is True)

    qformer, text = made["qformer"], made["text"]
    gen = torch.Generator().manual_seed(5)
    tokens = (encoder["resolution"] // encoder["patchSize"]) ** 2 + 1
    image_tokens = torch.randn(1, tokens, encoder["width"], generator=gen) * 2
    subject_ids = torch.tensor([[3, BERT_WORDS.index(SUBJECT), 4]])
    subject_mask = torch.ones_like(subject_ids)
    prompt = ", ".join([f"a {SUBJECT} {PROMPT}"] * REPETITIONS)
    prompt_ids = torch.tensor([clip_ids(vocab, prompt, 77 - QUERIES)])
    negative_ids = torch.tensor([clip_ids(vocab, NEGATIVE, 77)])
    with torch.no_grad():
        queries = qformer(image_tokens, subject_ids, subject_mask)
        conditional = text(prompt_ids, queries, 2)
        unconditional = text(negative_ids)
        padded = qformer(image_tokens, torch.tensor([[3, 7, 4, 0, 0]]), torch.tensor([[1, 1, 1, 0, 0]]))
        unmasked = qformer(image_tokens, torch.tensor([[3, 7, 4, 0, 0]]), torch.ones(1, 5, dtype=torch.long))
    rep.check("padding masked: a padded subject gives the same queries as the unpadded one",
              float((padded - queries).abs().max()) < 1e-5 and float((unmasked - queries).abs().max()) > 1e-3)

    graphs = {name: onnx.load(os.path.join(target, name)) for name in
              ("qformer.onnx", "text_encoder/token_embedding.onnx", "text_encoder/model.onnx")}
    signature = [graph_signature(graphs["qformer.onnx"].graph.input), graph_signature(graphs["qformer.onnx"].graph.output)]
    rep.check("qformer.onnx inputs and outputs", signature == [
        [("image_tokens", 1, ["batch", "tokens", encoder["width"]]), ("subject_ids", 7, ["batch", "length"]),
         ("subject_mask", 7, ["batch", "length"])], [("query_embeddings", 1, ["batch", QUERIES, WIDTH])]],
        str(signature))
    got = ev.run(graphs["qformer.onnx"], {"image_tokens": image_tokens.numpy(), "subject_ids": subject_ids.numpy(),
                                          "subject_mask": subject_mask.numpy()})["query_embeddings"]
    rep.check("qformer.onnx (NumPy) equals PyTorch", np.abs(got - queries.numpy()).max() <= TOL,
              f"max |d| {np.abs(got - queries.numpy()).max():.2g}")
    spliced = torch.cat([text.embed(prompt_ids)[:, :2], queries, text.embed(prompt_ids)[:, 2:]], dim=1)
    table = ev.run(graphs["text_encoder/token_embedding.onnx"], {"input_ids": prompt_ids.numpy()})["inputs_embeds"]
    rep.check("token_embedding.onnx (NumPy) equals the token table",
              np.abs(table - text.embed(prompt_ids).detach().numpy()).max() == 0)
    hidden = ev.run(graphs["text_encoder/model.onnx"], {"inputs_embeds": spliced.detach().numpy()})["last_hidden_state"]
    rep.check("text_encoder/model.onnx (NumPy) on the spliced embeddings equals PyTorch's context text model",
              np.abs(hidden - conditional.numpy()).max() <= TOL, f"max |d| {np.abs(hidden - conditional.numpy()).max():.2g}")
    save_tensors(os.path.join(work, REFERENCE), {
        "image_tokens": image_tokens, "subject_ids": subject_ids, "query_embeddings": queries,
        "prompt_ids": prompt_ids, "conditional_hidden_states": conditional, "negative_ids": negative_ids,
        "unconditional_hidden_states": unconditional},
        {"subject": SUBJECT, "prompt": PROMPT, "negativePrompt": NEGATIVE, "repetitions": REPETITIONS})

    def one_line(label, folder, *extra):
        printed = io.StringIO()
        code, message = test_export.run_cli(["--checkpoint", folder, "--encoder", encoder_dir, "--out",
                                             os.path.join(work, "refused"), *extra], eb.main, printed)
        rep.check(f"refused with one line: {label}", code == 2 and message.count("\n") == 1
                  and "Traceback" not in message, message.strip())
        return message

    broken = os.path.join(work, "broken-blipdiffusion")
    shutil.rmtree(broken, ignore_errors=True)
    shutil.copytree(checkpoint, broken)
    os.remove(os.path.join(broken, "qformer", "vocab.txt"))
    one_line("no Q-Former vocabulary", broken)
    with open(os.path.join(broken, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("a\nb\n")
    one_line("a vocabulary without BERT's special tokens", broken, "--qformer-vocab", os.path.join(broken, "vocab.txt"))
    shutil.copyfile(os.path.join(checkpoint, "qformer", "vocab.txt"), os.path.join(broken, "qformer", "vocab.txt"))
    one_line("an image layer outside the encoder", broken, "--image-layer", "-3")
    config_path = os.path.join(broken, "text_encoder", "config.json")
    config = json.load(open(config_path, encoding="utf-8"))
    write_json(config_path, dict(config, hidden_size=64, num_attention_heads=4))
    one_line("a text encoder wider than the Q-Former", broken)
    write_json(config_path, config)
    with open(os.path.join(broken, "tokenizer", "merges.txt"), "a", encoding="utf-8") as f:
        f.write("x y\n")
    os.remove(os.path.join(broken, "tokenizer", "vocab.json"))
    one_line("no tokenizer/vocab.json", broken)
    shutil.rmtree(os.path.join(broken, "qformer"))
    one_line("no qformer/ folder", broken)
    shutil.rmtree(broken)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fixtures", default=DEFAULT_FIXTURES, help="fixture root holding diffusion-reference and "
                    "alphaclip-reference (default: the repository's fixtures/)")
    ap.add_argument("--work", required=True, help="the folder test_export_diffusion.py wrote its packages to")
    args = ap.parse_args(argv)
    t0 = time.time()
    torch.set_num_threads(1)
    rep = Report()
    try:
        check(rep, os.path.abspath(args.fixtures), os.path.abspath(args.work))
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        rep.check("test ran to completion", False, f"{type(e).__name__}: {e}")
    n = len(rep.rows)
    print(f"BLIP-Diffusion export test: {n - rep.failed}/{n} checks passed, {rep.failed} failed "
          f"({time.time() - t0:.1f}s)")
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
