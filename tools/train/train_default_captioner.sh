#!/usr/bin/env bash
# Trains the embedded default captioner from nothing on the default encoder's features and exports it:
# generates the shapes world with the Java generator (or reuses the datasets of train_default_model.sh),
# trains the small LLaVA-shaped captioner on the CPU with Debian's PyTorch (train_captioner.py) and exports
#   distribution/src/main/app/models/llava-shapes   (OUT: the MLLM package, made by export_llava.py)
# on the encoder package ENCODER (default: the shipped alphaclip-shapes; retrain whenever it changes).
#
#   tools/train/train_default_captioner.sh [extra train_captioner.py options, e.g. --seed 1 --steps 100]
#
# WORK (default /tmp/llava-shapes-train) holds the training checkpoint, the LLaVA-layout checkpoint folder and
# eval.json; DATA (default /tmp/alphaclip-shapes-train/data, the encoder's) the datasets; RESUME=1 continues
# from the training checkpoint found in WORK. Everything runs under nice, with 2 threads.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/llava-shapes-train}
DATA=${DATA:-/tmp/alphaclip-shapes-train/data}
ENCODER=${ENCODER:-$ROOT/distribution/src/main/app/models/alphaclip-shapes}
OUT=${OUT:-$ROOT/distribution/src/main/app/models/llava-shapes}
PYTHON=/usr/bin/python3.11
source "$ROOT/tools/train/world_datasets.sh"

generate train-256 1 16000 256 train raster
generate train-128 2 8000 128 train raster
generate test-raster 7 500 256 test raster
generate test-vector 7 500 256 test vector

RESUMING=()
if [[ ${RESUME:-0} == 1 ]]; then
    RESUMING=(--resume)
else
    rm -f "$WORK/captioner-train.pt"
fi
mkdir -p "$WORK" "$(dirname "$OUT")"
say "training the captioner on $ENCODER and exporting $OUT"
nice -n 10 "$PYTHON" "$ROOT/tools/train/train_captioner.py" --encoder "$ENCODER" \
    --train "$DATA/train-256" --train "$DATA/train-128" --test "$DATA/test-raster" --test "$DATA/test-vector" \
    --work "$WORK" --out "$OUT" "${RESUMING[@]}" "$@"
say "wrote $OUT"
du -sh "$OUT"
