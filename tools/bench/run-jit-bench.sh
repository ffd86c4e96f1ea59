#!/usr/bin/env bash
# Side-by-side timing of bin/alphaclip with the JVM's optimising compiler off (-XX:TieredStopAtLevel=1) and on
# (default tiered compilation): short commands (start-up bound) and long jobs (ovd:mine, rec:eval, world:evaluate
# on a few hundred synthetic images), alternating A and B runs so that machine noise hits both alike.
#
#   tools/bench/run-jit-bench.sh [--images 300] [--runs 3]
#
# Needs the assembled application (mvn install) and jq. Prints a markdown table (medians) on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
app=$root/distribution/target/alphaclip
images=300
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --images) images=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work=${ALPHACLIP_BENCH_DIR:-/tmp/alphaclip-bench}/jit
rm -rf "$work"; mkdir -p "$work"
home=$work/app
cp -r "$app" "$home"
rm -rf "$home/log"

run() { "$home/bin/alphaclip" -c "$1" > /dev/null 2> "$work/last.err" || { cat "$work/last.err" >&2; exit 1; }; }

echo "preparing $images single-object scenes (class folders for ovd:mine) and a REC set" >&2
run "world:generate --seed 11 --count $images --objects 1 --out $work/singles"
mkdir -p "$work/classes"
jq -r '[.image, (.objects[0].label | gsub(" "; "_"))] | @tsv' "$work/singles/scenes.jsonl" | while IFS=$'\t' read -r image label; do
  mkdir -p "$work/classes/$label"
  ln -s "$work/singles/$image" "$work/classes/$label/$(basename "$image")"
done
run "world:generate --seed 12 --count $((images / 3)) --objects 2-4 --split rec --out $work/rec"

seconds() {  # options command-line: wall-clock seconds of one run
  local start end
  start=$(date +%s.%N)
  ALPHACLIP_JAVA_OPTS="$1" "$home/bin/alphaclip" -c "$2" > /dev/null 2> "$work/last.err" || { cat "$work/last.err" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

declare -a names=("alphaclip:models" "world:demo" "ovd:mine ($images images)" "rec:eval (world, $((images / 3)) scenes)" "world:evaluate (100 scenes)")
declare -a lines=("alphaclip:models" "world:demo --out $work/demo.png"
  "ovd:mine --images $work/classes --out $work/mined.json"
  "rec:eval --data $work/rec --out $work/rec.json"
  "world:evaluate --count 100 --singles 100")
echo "| command | C1 only (TieredStopAtLevel=1), s | full JIT (tiered, C2), s | full / C1 |"
echo "|---|---:|---:|---:|"
for i in "${!lines[@]}"; do
  a=(); b=()
  for r in $(seq "$runs"); do
    rm -f "$work"/mined.* "$work"/rec.json*
    a+=("$(seconds "-XX:TieredStopAtLevel=1" "${lines[$i]}")")
    rm -f "$work"/mined.* "$work"/rec.json*
    b+=("$(seconds "-XX:TieredStopAtLevel=4" "${lines[$i]}")")
    echo "  ${names[$i]} run $r: C1 ${a[-1]} s, full ${b[-1]} s" >&2
  done
  ma=$(printf '%s\n' "${a[@]}" | median); mb=$(printf '%s\n' "${b[@]}" | median)
  printf '| `%s` | %.2f | %.2f | %.2f |\n' "${names[$i]}" "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)"
done
