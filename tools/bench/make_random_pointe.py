#!/usr/bin/python3.11
"""A Point-E package of the official base40M / upsampler size with random weights, for pointe:bench.

    /usr/bin/python3.11 tools/bench/make_random_pointe.py --out DIR [--width 512 --layers 12 --heads 8 \
        --grid-width 1024 --grid-tokens 256] [--seed 0]

Both transformers (base: 1024 points; upsampler: 3072 points on 1024) are built by ``pointe_model`` at the official
size (about 40 M parameters each, 160 MB as float32) with seeded random weights, saved as state dicts under the
official names and exported with ``export_pointe.py`` without an encoder (the benchmark feeds zero grids). An
existing package is kept.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

sys.dont_write_bytecode = True
_EXPORT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "export")
if _EXPORT not in sys.path:
    sys.path.insert(0, _EXPORT)

import torch  # noqa: E402

import export_pointe as ep  # noqa: E402
import pointe_model as pm  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--width", type=int, default=512)
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--heads", type=int, default=8)
    p.add_argument("--grid-width", type=int, default=1024)
    p.add_argument("--grid-tokens", type=int, default=256)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    if os.path.isfile(os.path.join(a.out, "manifest.json")):
        print(f"keeping {a.out}")
        return 0
    torch.manual_seed(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, points, low in (("base", 1024, 0), ("upsample", 3072, 1024)):
            config = pm.PointeConfig(a.width, a.layers, a.heads, points, a.grid_width, a.grid_tokens, low_res_points=low)
            model = pm.PointTransformer(config, ep.CHANNEL_SCALES, ep.CHANNEL_BIASES)
            path = os.path.join(tmp, name + ".pt")
            torch.save(model.state_dict(), path)
            files.append(path)
            print(f"{name}: {sum(t.numel() for t in model.parameters()) / 1e6:.1f} M parameters")
        ep.export_package(files[0], a.out, upsampler=files[1], heads=a.heads, upsampler_heads=a.heads,
                          grid_tokens=a.grid_tokens, name=os.path.basename(a.out.rstrip("/")),
                          description="random weights of Point-E's base40M / upsampler size, for pointe:bench")
    return 0


if __name__ == "__main__":
    sys.exit(main())
