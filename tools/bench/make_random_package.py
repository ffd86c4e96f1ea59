#!/usr/bin/python3.11
"""A full-size Alpha-CLIP ViT-B/16 model package with random weights, for benchmarks.

    /usr/bin/python3.11 tools/bench/make_random_package.py --out /tmp/alphaclip-bench/vit-b16-random \
        [--vocab bpe_simple_vocab_16e6.txt.gz] [--seed 0]

Builds OpenAI's ViT-B/16 layout (vision: 224 px, patch 16, width 768, 12 layers; text: context 77,
vocabulary 49408, width 512, 12 layers; embedding 512) with ``alphaclip_model.AlphaClip``'s random
initialisation under a fixed seed and writes it with the exporter's ``export_package`` (about 550 MB).
An existing package made from the same seed is kept, so callers can run this before every benchmark.
:func:`random_model` rebuilds the same weights for the PyTorch side of the benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

sys.dont_write_bytecode = True
_EXPORT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "export")
if _EXPORT not in sys.path:
    sys.path.insert(0, _EXPORT)

import torch  # noqa: E402

import alphaclip_model as am  # noqa: E402
import export_alphaclip as ex  # noqa: E402

VIT_B16 = am.AlphaClipConfig(embed_dim=512, image_resolution=224, patch_size=16, vision_width=768,
                             vision_layers=12, vision_heads=12, context_length=77, vocab_size=49408,
                             text_width=512, text_layers=12, text_heads=8)


def source_tag(seed: int) -> str:
    """What the manifest's ``source.clip`` says, so a package can be matched to its seed."""
    return f"random ViT-B/16 (alphaclip_model.AlphaClip initialisation, seed {seed})"


def random_model(seed: int) -> am.AlphaClip:
    """The random fp32 ViT-B/16 Alpha-CLIP for ``seed``; the token table is rounded to fp16 so the
    exporter stores it as fp16 (as for OpenAI's weights)."""
    torch.manual_seed(seed)
    model = am.AlphaClip(VIT_B16)
    with torch.no_grad():
        model.token_embedding.weight.copy_(model.token_embedding.weight.half().float())
    return model.eval()


def package_matches(out_dir: str, seed: int) -> bool:
    try:
        with open(os.path.join(out_dir, "manifest.json"), encoding="utf-8") as f:
            return json.load(f)["source"]["clip"] == source_tag(seed)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="package folder (created unless it holds this seed's package)")
    ap.add_argument("--vocab", default=None, help="OpenAI's bpe_simple_vocab_16e6.txt.gz")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if package_matches(args.out, args.seed):
        ex.info(f"{args.out} already holds the random ViT-B/16 package (seed {args.seed})")
        return 0
    try:
        writer = ex.clip_bpe_writer(ex.find_vocab(args.vocab))
        ex.export_package(random_model(args.seed).state_dict(), args.out, "random ViT-B/16", writer,
                          description="Alpha-CLIP ViT-B/16 layout with random weights, for benchmarks",
                          source={"clip": source_tag(args.seed)}, round_fp16=False)
    except ex.ExportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
