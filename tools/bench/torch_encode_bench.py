#!/usr/bin/python3.11
"""Image-encoding throughput of the exporter's PyTorch model (eager, fp32, ``torch.no_grad``).

    /usr/bin/python3.11 tools/bench/torch_encode_bench.py --image image.npy --alpha alpha.npy \
        [--reference image_embedding.npy] [--seed 0] [--threads 1,2] [--batches 1,8] [--runs 5] \
        [--budget 20]

Rebuilds the random ViT-B/16 of ``make_random_package.py`` (same seed, same weights as the package) and
runs its vision tower on the first ``batch`` rows of the given ``image`` [N,3,224,224] and ``alpha``
[N,1,224,224] tensors. The thread counts (``torch.set_num_threads``) are compared at the smallest batch;
the other batches run with the best of them. Each setting gets one warm-up run (kept as a timed run when
it takes longer than LONG_RUN_S seconds, where start-up costs no longer matter), then timed runs until
``--runs`` are timed or ``--budget`` seconds (counted from the warm-up) have passed; its rate is the
median run's. With ``--reference`` (ONNX Runtime's embeddings of the same inputs) the embeddings of the
largest batch are compared with it. Prints one JSON line:

    {"torch": "1.13.0a0", "blas": "generic", "best_threads": 1,
     "results": [{"threads": 1, "batch": 1, "images_per_s": 2.9, "run_seconds": [...]}, ...],
     "check": {"rows": 8, "max_abs_diff": ..., "max_abs_ref": ...}}
"""

from __future__ import annotations

import argparse
import json
import os
import re
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

LONG_RUN_S = 5.0


def int_list(text: str):
    return [int(v) for v in text.split(",") if v]


def time_runs(visual, image, alpha, runs: int, budget: float):
    """Seconds of each timed run and the last run's output (see the module comment)."""
    with torch.no_grad():
        started = time.perf_counter()
        output = visual(image, alpha)
        first = time.perf_counter() - started
        seconds = [first] if first > LONG_RUN_S else []
        while len(seconds) < runs and (not seconds or time.perf_counter() - started < budget):
            start = time.perf_counter()
            output = visual(image, alpha)
            seconds.append(time.perf_counter() - start)
    return seconds, output


def measure(visual, image, alpha, threads: int, batch: int, runs: int, budget: float):
    torch.set_num_threads(threads)
    seconds, output = time_runs(visual, image[:batch], alpha[:batch], runs, budget)
    return {"threads": threads, "batch": batch, "images_per_s": batch / statistics.median(seconds),
            "run_seconds": [round(s, 4) for s in seconds]}, output


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--image", required=True, help=".npy float32 [N,3,R,R]")
    ap.add_argument("--alpha", required=True, help=".npy float32 [N,1,R,R]")
    ap.add_argument("--reference", help=".npy float32 [N,E]: embeddings to compare with")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int_list, default=[1, 2])
    ap.add_argument("--batches", type=int_list, default=[1, 8])
    ap.add_argument("--runs", type=int, default=5, help="timed runs per setting at most")
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per setting after which no run starts")
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

    blas = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    out = {"torch": torch.__version__, "blas": blas.group(1) if blas else "unknown", "results": []}
    batches = sorted(args.batches)
    output = None
    for threads in args.threads:
        result, output = measure(visual, image, alpha, threads, batches[0], args.runs, args.budget)
        out["results"].append(result)
    best = max(out["results"], key=lambda r: r["images_per_s"])["threads"]
    out["best_threads"] = best
    for batch in batches[1:]:
        result, output = measure(visual, image, alpha, best, batch, args.runs, args.budget)
        out["results"].append(result)
    if args.reference:
        reference = np.load(args.reference)
        rows = min(reference.shape[0], output.shape[0])
        out["check"] = {"rows": rows, "max_abs_diff": float(np.abs(output[:rows].numpy() - reference[:rows]).max()),
                        "max_abs_ref": float(np.abs(reference[:rows]).max())}
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
