#!/usr/bin/env bash
# Encoder throughput benchmark (issue 3): a random full-size ViT-B/16 package on ONNX Runtime vs. the
# exporter's PyTorch model, with ONNX Runtime's MatMul rate as the yardstick. See docs/benchmarks.md.
#
#   tools/bench/run-encoder-bench.sh [--threads 1,2] [--batches 1,8] [--runs 5] [--seed 0]
#
# Environment: ALPHACLIP_BENCH_DIR (default /tmp/alphaclip-bench) holds the package (~550 MB, made on the
# first run, reused later) and scratch files; ALPHACLIP_FIXTURES (default: the repository's fixtures/) is the
# fixture root whose alphaclip-reference set gives the BPE vocabulary; PYTHON (default /usr/bin/python3.11, with torch); MVN_ARGS
# (extra Maven arguments, e.g. -o). Builds framework-core/bench and the modules it needs (tests skipped),
# then prints progress on stderr and markdown tables on stdout.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-/usr/bin/python3.11}
bench_dir=${ALPHACLIP_BENCH_DIR:-/tmp/alphaclip-bench}
vocab="${ALPHACLIP_FIXTURES:-$root/fixtures}/alphaclip-reference/bpe_simple_vocab_16e6.txt.gz"
seed=0
args=("$@")
for ((i = 0; i < ${#args[@]} - 1; i++)); do
  [ "${args[i]}" = "--seed" ] && seed=${args[i + 1]}
done
package="$bench_dir/vit-b16-random-seed$seed"

mkdir -p "$bench_dir/work"
"$python" "$root/tools/bench/make_random_package.py" --out "$package" --vocab "$vocab" --seed "$seed" >&2
# shellcheck disable=SC2086
mvn -B -q -f "$root/pom.xml" -pl framework-core/bench -am package -Dmaven.test.skip=true -Dexec.skip=true \
  ${MVN_ARGS:-} >&2
# Run from copies: others building in the same tree must not replace a jar under the running JVM.
lib="$bench_dir/lib"
rm -rf "$lib" && mkdir -p "$lib"
target="$root/framework-core/bench/target"
cp -r "$target/classes" "$lib/bench-classes"
classpath="$lib/bench-classes"
IFS=: read -ra jars <<< "$(cat "$target/classpath.txt")"
for jar in "${jars[@]}"; do
  cp "$jar" "$lib/" && classpath="$classpath:$lib/$(basename "$jar")"
done
exec java -Xmx2g -cp "$classpath" org.alphaclip.bench.EncoderBench \
  --package "$package" --work "$bench_dir/work" --python "$python" \
  --torch-bench "$root/tools/bench/torch_encode_bench.py" "$@"
