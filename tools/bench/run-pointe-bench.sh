#!/usr/bin/env bash
# The Point-E benchmark of docs/benchmarks.md ("Point-E point clouds"): builds the application if needed, makes the
# random package of the official base40M / upsampler size (tools/bench/make_random_pointe.py, about 330 MB, kept
# between runs) and runs pointe:bench on the shipped default model and on it.
#
#   tools/bench/run-pointe-bench.sh [extra pointe:bench options for the random package, e.g. --steps 8 --runs 5]
#
# WORK (default /tmp/pointe-bench) holds the random package.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/pointe-bench}
APP=$ROOT/distribution/target/alphaclip
RANDOM_PACKAGE=$WORK/pointe-random-40m

if [[ ! -x $APP/bin/alphaclip ]]; then
    (cd "$ROOT" && mvn -q -o install -DskipTests -Dexec.skip)
fi
/usr/bin/python3.11 "$ROOT/tools/bench/make_random_pointe.py" --out "$RANDOM_PACKAGE"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$APP/bin/alphaclip" -c "pointe:bench"
"$APP/bin/alphaclip" -c "pointe:bench --model $RANDOM_PACKAGE ${*:---steps 4 --runs 3}"
