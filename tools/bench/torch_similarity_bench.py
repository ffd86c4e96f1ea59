#!/usr/bin/python3.11
"""The PyTorch anchor of nerf:bench's encoder part: a package's TorchScript image tower (visual.pt) differentiated
as plugin-nerf does it, in Debian's PyTorch (CPU, eager autograd).

    /usr/bin/python3.11 tools/bench/torch_similarity_bench.py PACKAGE [--batch 8] [--threads 2] [--runs 20]

Per run: the mean cosine similarity of a random batch's embeddings to a random target, and its gradient with respect
to the image and the alpha (the parameters frozen). Prints one JSON line with the median milliseconds per run, the
BLAS PyTorch was built against and the threads used.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time

import torch


def blas() -> str:
    config = torch.__config__.show()
    match = re.search(r"BLAS_INFO=(\w+)", config)
    return match.group(1) if match else "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(os.path.join(args.package, "manifest.json"), encoding="utf-8") as f:
        size = json.load(f)["architecture"]["vision"]["resolution"]
    visual = torch.jit.load(os.path.join(args.package, "visual.pt"))
    for parameter in visual.parameters():
        parameter.requires_grad_(False)
    gen = torch.Generator().manual_seed(0)
    image = torch.randn(args.batch, 3, size, size, generator=gen, requires_grad=True)
    alpha = torch.randn(args.batch, 1, size, size, generator=gen, requires_grad=True)
    with torch.no_grad():
        target = torch.nn.functional.normalize(visual(image[:1], alpha[:1])[0] + 0.1, dim=0)
    times = []
    for run in range(args.runs + 2):
        start = time.perf_counter()
        embedding = visual(image, alpha)
        cosine = torch.nn.functional.normalize(embedding, dim=1) @ target
        torch.autograd.grad(cosine.mean(), [image, alpha])
        if run >= 2:
            times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"torch": torch.__version__, "blas": blas(), "threads": args.threads, "batch": args.batch,
                      "size": size, "ms_per_run": round(statistics.median(times), 2)}))


if __name__ == "__main__":
    main()
