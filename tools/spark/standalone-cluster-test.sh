#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: a master and two workers on 127.0.0.1, started from the same Spark
# jars the build uses (tools/spark/cluster.sh). It submits the ovd-mine and encode jobs with spark-submit (SparkSubmit,
# the class behind the spark-submit script), kills one worker with its executor in the middle of each job, as a lost
# node, and checks that both finish with nothing lost and nothing twice: ovd-mine's LVIS JSON, summary and skipped
# list equal a local[2] run's byte for byte, and the encode output holds every listed item exactly once.
#
# Needs: `mvn -o install -DskipTests` done. Usage: tools/spark/standalone-cluster-test.sh [WORK_DIR]  (PASS / exit 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/spark/cluster.sh
work=${1:-$(pwd)/target/spark-cluster-test}
model=$(pwd)/distribution/src/main/app/models/alphaclip-shapes
rm -rf "$work"
cluster_init "$work"
logs=$work/logs

cluster_master
cluster_worker worker-1
cluster_worker worker-2
lost=$worker_pid
echo "master $master with two workers (1 core each) up"
java -cp "$module/test-classes" org.alphaclip.spark.ClusterFixture "$work/data" 24

# kills the worker $lost (and its executor) once the job's driver log shows $2 finished chunks
kill_worker_midway() { # log chunks
  for _ in $(seq 600); do
    kill -0 "$job" 2>/dev/null || { echo "FAIL: $(basename "$1") ended early:"; grep -m3 -e 'error:' -e Error "$1.err"; exit 1; }
    if [ "$(grep -c '] [0-9]*/[0-9]* items' "$1.err" 2>/dev/null || true)" -ge "$2" ]; then
      kill -9 -- -"$lost"; echo "killed a worker and its executor after $2 chunks of $(basename "$1")"; return
    fi
    sleep 0.5
  done
  echo "FAIL: $(basename "$1") never reached $2 chunks"; exit 1
}

mine_args=(--images "$work/data/classes" --classes "$work/data/classes.txt" --model "$model")
cluster_submit "$logs/ovd-mine" ovd-mine "${mine_args[@]}" --out "$work/out/mined.json" --chunk 6 & job=$!
kill_worker_midway "$logs/ovd-mine" 3
wait $job || { echo "FAIL: ovd-mine did not finish after the worker was lost"; tail -5 "$logs/ovd-mine.err"; exit 1; }
cat "$logs/ovd-mine.out"
cluster_local "$logs/local" ovd-mine "${mine_args[@]}" --out "$work/local/mined.json"
for f in mined.json mined.summary.csv mined.skipped.csv; do
  cmp -s "$work/out/$f" "$work/local/$f" || { echo "FAIL: $f differs from the local[2] run"; exit 1; }
done
echo "ovd-mine: LVIS JSON, summary and skipped list equal the local[2] run's"

cluster_worker worker-3   # in place of the lost one; this time worker 1 is lost
lost=${cluster_pids[1]}
items=$(grep -vc '^#' "$work/data/images.txt")
cluster_submit "$logs/encode" encode --images "$work/data/images.txt" --model "$model" --out "$work/out/embeddings" \
  --chunk 16 --batch 4 & job=$!
kill_worker_midway "$logs/encode" 2
wait $job || { echo "FAIL: encode did not finish after the worker was lost"; tail -5 "$logs/encode.err"; exit 1; }
cat "$logs/encode.out"
grep -q "holds $items rows for $items distinct items (1 with an error)" "$logs/encode.out" \
  || { echo "FAIL: the encode output does not hold each of the $items items exactly once"; exit 1; }
grep -c 'Lost executor' "$logs/ovd-mine.err" "$logs/encode.err" | sed 's/^/executors lost (driver log): /'
echo PASS
