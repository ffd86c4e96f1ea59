#!/usr/bin/python3.11
"""A mid-size LLaVA-1.5-shaped MLLM package with random weights, for mllm:bench.

    /usr/bin/python3.11 tools/bench/make_random_llava.py --encoder ENCODER_PACKAGE --out DIR \
        [--hidden 1024 --intermediate 2816 --layers 16 --heads 16 --kv-heads 4 --vocab 32000 --context 2048] [--seed 0]

Builds the default captioner's model (``train_captioner.Captioner``: mlp2x_gelu projector from the encoder's width,
Llama decoder with grouped-query attention) at the given size with its random initialisation under a fixed seed,
writes it as a LLaVA checkpoint folder (config.json, model.safetensors, the captioner's word-level tokenizer.json,
whose ids all lie below ``--vocab``) and exports it with ``export_llava.py``. The defaults make a decoder of
about 213 M parameters (850 MB as float32). An existing package made with the same options is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True
_TRAIN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "train")
if _TRAIN not in sys.path:
    sys.path.insert(0, _TRAIN)

import torch  # noqa: E402

import train_captioner as tc  # noqa: E402  (first: it puts tools/export on the path)

import captioner_text as ct  # noqa: E402
import export_llava  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--encoder", required=True, help="the Alpha-CLIP model package whose features the model takes")
    p.add_argument("--out", required=True, help="MLLM package folder to write")
    p.add_argument("--hidden", type=int, default=1024)
    p.add_argument("--intermediate", type=int, default=2816)
    p.add_argument("--layers", type=int, default=16)
    p.add_argument("--heads", type=int, default=16)
    p.add_argument("--kv-heads", type=int, default=4)
    p.add_argument("--vocab", type=int, default=32000)
    p.add_argument("--context", type=int, default=2048)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)

    options = {k: v for k, v in vars(args).items() if k not in ("out", "encoder")}
    tag = f"random LLaVA-shaped model, {json.dumps(options, sort_keys=True)}"
    manifest = os.path.join(args.out, "manifest.json")
    if os.path.isfile(manifest):
        with open(manifest, encoding="utf-8") as f:
            if json.load(f).get("description") == tag:
                print(f"keeping {args.out} (made with the same options)")
                return 0
        shutil.rmtree(args.out)
    with open(os.path.join(args.encoder, "manifest.json"), encoding="utf-8") as f:
        width = json.load(f)["architecture"]["vision"]["width"]
    tok = ct.Tokenizer.for_tasks(ct.load_tasks())
    if len(tok) > args.vocab:
        raise SystemExit(f"error: --vocab {args.vocab} is smaller than the tokenizer's {len(tok)} words")
    torch.manual_seed(args.seed)
    config = tc.llama_config(args.vocab, args.hidden, args.intermediate, args.layers, args.heads, args.kv_heads,
                             args.context)
    config["mm_hidden_size"] = width
    model = tc.Captioner(config)
    params = sum(p.numel() for n, p in model.named_parameters() if n != "embed_tokens")
    print(f"random model: {params / 1e6:.1f} M parameters besides the token table ({4 * params / 1e6:.0f} MB)")
    with tempfile.TemporaryDirectory() as work:
        checkpoint = os.path.join(work, "checkpoint")
        tc.write_checkpoint(model, tok, checkpoint)
        del model
        return export_llava.main(["--checkpoint", checkpoint, "--encoder", args.encoder, "--out", args.out,
                                  "--description", tag])


if __name__ == "__main__":
    sys.exit(main())
