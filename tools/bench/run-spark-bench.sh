#!/usr/bin/env bash
# The scale figures of docs/benchmarks.md ("Batch jobs on Spark"): the same image set mined (ovd-mine) and encoded
# (encode) on a Spark standalone cluster on 127.0.0.1 with one and then two executors (one core each), beside the
# single-JVM ovd:mine command with one and two threads, and the per-item cost each implies. Prints a table.
#
#   tools/bench/run-spark-bench.sh [IMAGES_PER_CLASS, default 100: 4 classes + 1 unreadable file]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
APP=$ROOT/distribution/target/alphaclip
per_class=${1:-100}
[[ -x $APP/bin/alphaclip ]] || (cd "$ROOT" && mvn -q -o install -DskipTests -Dexec.skip)
source "$ROOT/tools/spark/cluster.sh"
work=$ROOT/target/spark-bench
rm -rf "$work"
cluster_init "$work"
model=$APP/models/alphaclip-shapes
java -cp "$module/test-classes" org.alphaclip.spark.ClusterFixture "$work/data" "$per_class" > /dev/null
items=$(grep -vc '^#' "$work/data/images.txt")
mine=(--images "$work/data/classes" --classes "$work/data/classes.txt")

# the driver log's last rate after the first chunk (the first holds the executors' start and the model's loading)
rate() { grep -o '([0-9.]* after the first chunk)' "$1" | tail -1 | tr -d '(' | cut -d' ' -f1; }
rows=()
for threads in 1 2; do
  "$APP/bin/alphaclip" -c "ovd:mine ${mine[*]} --proposer segmentation --threads $threads --out $work/jvm-$threads/mined.json" \
    > "$work/logs/jvm-$threads.out" 2>&1
  r=$(grep -o '([0-9.]* images/s)' "$work/logs/jvm-$threads.out" | tr -d '(' | cut -d' ' -f1)
  rows+=("ovd:mine (one JVM, OSGi) | $threads thread(s) | $r")
done
cluster_master
for executors in 1 2; do
  cluster_worker "worker-$executors"
  cluster_submit "$work/logs/mine-$executors" ovd-mine "${mine[@]}" --model "$model" --out "$work/spark-$executors/mined.json" \
    --chunk 32
  rows+=("ovd-mine (Spark standalone) | $executors executor(s) x 1 core | $(rate "$work/logs/mine-$executors.err")")
  cluster_submit "$work/logs/encode-$executors" encode --images "$work/data/images.txt" --model "$model" \
    --out "$work/spark-$executors/embeddings" --batch 16 --chunk 128
  rows+=("encode (Spark standalone) | $executors executor(s) x 1 core | $(rate "$work/logs/encode-$executors.err")")
done
cmp -s "$work/jvm-1/mined.json" "$work/spark-2/mined.json" && same="equal" || same="DIFFERENT"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $items images (96x96 PNG)"
echo "| job | workers | items/s | ms per item per core |"
echo "|---|---|---:|---:|"
for row in "${rows[@]}"; do
  r=${row##*| }; cores=$(echo "$row" | grep -o '| [12] ' | tr -dc '12')
  awk -v row="$row" -v cores="$cores" -v r="$r" 'BEGIN { printf "%s | %.0f |\n", row, 1000 * cores / r }'
done
echo "ovd-mine's LVIS JSON on two executors vs ovd:mine with one thread: $same"
