#!/usr/bin/env bash
# The text-to-3D benchmark of docs/benchmarks.md ("Text to 3-D"): builds the application if needed, runs nerf:bench on
# the shipped default encoder at the default settings, then the PyTorch anchor of its encoder part (the same visual.pt,
# batch and threads, differentiated in Debian's PyTorch; install libopenblas0-pthread first for a fair BLAS).
#
#   tools/bench/run-nerf-bench.sh [extra nerf:bench options, e.g. --steps 40 --resolution 96]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
APP=$ROOT/distribution/target/alphaclip

if [[ ! -x $APP/bin/alphaclip ]]; then
    (cd "$ROOT" && mvn -q -o install -DskipTests -Dexec.skip)
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$APP/bin/alphaclip" -c "nerf:bench ${*:---steps 20}"
/usr/bin/python3.11 "$ROOT/tools/bench/torch_similarity_bench.py" "$APP/models/alphaclip-shapes" --batch 8 --threads 2
