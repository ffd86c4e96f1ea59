#!/usr/bin/python3.11
"""Image-encoding throughput of the exporter's PyTorch model (eager, fp32, ``torch.no_grad``).

    /usr/bin/python3.11 tools/bench/torch_encode_bench.py --image image.npy --alpha alpha.npy \
        [--reference image_embedding.npy] [--seed 0] [--threads 1,2] [--batches 1,8] [--runs 5]

Rebuilds the random ViT-B/16 of ``make_random_package.py`` (same seed, same weights as the package),
runs its vision tower on the first ``batch`` rows of the given ``image`` [N,3,224,224] and ``alpha``
[N,1,224,224] tensors for every thread count (``torch.set_num_threads``) and batch size: warm-up runs
(2 at batch 1, 1 otherwise), then ``--runs`` timed runs; a setting's rate is the median of the runs.
With ``--reference`` (the ONNX Runtime embedding of the same inputs) the PyTorch embedding is compared
with it. Prints one JSON line:

    {"torch": "1.13.1", "results": [{"threads": 1, "batch": 1, "images_per_s": 2.9,
      "run_seconds": [...]}, ...], "check": {"max_abs_diff": ..., "max_abs_ref": ...}}
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

sys.dont_write_bytecode = True
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402

from make_random_package import random_model  # noqa: E402


def int_list(text: str):
    return [int(v) for v in text.split(",") if v]


def time_runs(visual, image, alpha, warmup: int, runs: int):
    with torch.no_grad():
        for _ in range(warmup):
            visual(image, alpha)
        seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            visual(image, alpha)
            seconds.append(time.perf_counter() - start)
    return seconds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--image", required=True, help=".npy float32 [N,3,R,R]")
    ap.add_argument("--alpha", required=True, help=".npy float32 [N,1,R,R]")
    ap.add_argument("--reference", help=".npy float32 [N,E]: embeddings to compare with")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int_list, default=[1, 2])
    ap.add_argument("--batches", type=int_list, default=[1, 8])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)

    image = torch.from_numpy(np.load(args.image))
    alpha = torch.from_numpy(np.load(args.alpha))
    if image.dtype != torch.float32 or alpha.dtype != torch.float32 or image.shape[0] != alpha.shape[0]:
        print(f"error: image {tuple(image.shape)} {image.dtype} and alpha {tuple(alpha.shape)} {alpha.dtype} "
              "must be float32 with the same batch size", file=sys.stderr)
        return 2
    if max(args.batches) > image.shape[0]:
        print(f"error: batch {max(args.batches)} needs that many inputs, the files hold {image.shape[0]}",
              file=sys.stderr)
        return 2
    visual = random_model(args.seed).visual.float().eval()

    out = {"torch": torch.__version__, "results": []}
    if args.reference:
        torch.set_num_threads(max(args.threads))
        reference = np.load(args.reference)
        with torch.no_grad():
            ours = visual(image[:reference.shape[0]], alpha[:reference.shape[0]]).numpy()
        out["check"] = {"max_abs_diff": float(np.abs(ours - reference).max()),
                        "max_abs_ref": float(np.abs(reference).max())}
    for threads in args.threads:
        torch.set_num_threads(threads)
        for batch in args.batches:
            seconds = time_runs(visual, image[:batch], alpha[:batch], 2 if batch == 1 else 1, args.runs)
            out["results"].append({"threads": threads, "batch": batch,
                                   "images_per_s": batch / statistics.median(seconds),
                                   "run_seconds": [round(s, 4) for s in seconds]})
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
