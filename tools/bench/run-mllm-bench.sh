#!/usr/bin/env bash
# The language-model benchmark of docs/benchmarks.md ("Multimodal LLM decoding"): builds the application if needed,
# makes the random mid-size LLaVA package (tools/bench/make_random_llava.py, about 1 GB, kept between runs) and runs
# mllm:bench on the shipped default captioner and on it.
#
#   tools/bench/run-mllm-bench.sh [extra mllm:bench options, e.g. --new-tokens 128 --runs 5]
#
# WORK (default /tmp/llava-bench) holds the random package.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/llava-bench}
APP=$ROOT/distribution/target/alphaclip
RANDOM_PACKAGE=$WORK/llava-random-213m

if [[ ! -x $APP/bin/alphaclip ]]; then
    (cd "$ROOT" && mvn -q -o install -DskipTests -Dexec.skip)
fi
/usr/bin/python3.11 "$ROOT/tools/bench/make_random_llava.py" \
    --encoder "$ROOT/distribution/src/main/app/models/alphaclip-shapes" --out "$RANDOM_PACKAGE"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$APP/bin/alphaclip" -c "mllm:bench $*"
"$APP/bin/alphaclip" -c "mllm:bench --model $RANDOM_PACKAGE $*"
