#!/usr/bin/env bash
# Trains the embedded default image-variation model from nothing on the default encoder's embeddings and exports it:
# generates the shapes world with the Java generator (or reuses the datasets of train_default_model.sh), trains the
# small pixel-space diffusion UNet on the CPU with Debian's PyTorch (train_diffusion.py) and exports
#   distribution/src/main/app/models/diffusion-shapes   (OUT: the diffusion package, made by export_diffusion.py)
# on the encoder package ENCODER (default: the shipped alphaclip-shapes; retrain whenever it changes).
#
#   tools/train/train_default_diffusion.sh [extra train_diffusion.py options, e.g. --seed 1 --steps 100]
#
# WORK (default /tmp/diffusion-shapes-train) holds the prepared data, the training checkpoint and the checkpoint
# folder; DATA (default /tmp/alphaclip-shapes-train/data, the encoder's) the datasets; RESUME=1 continues from the
# training checkpoint found in WORK. Everything runs under nice, with 2 threads. With Debian's reference BLAS a step
# takes about 3x longer than with OpenBLAS (apt-get install libopenblas0-pthread), which the shipped run used.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/diffusion-shapes-train}
DATA=${DATA:-/tmp/alphaclip-shapes-train/data}
ENCODER=${ENCODER:-$ROOT/distribution/src/main/app/models/alphaclip-shapes}
OUT=${OUT:-$ROOT/distribution/src/main/app/models/diffusion-shapes}
PYTHON=/usr/bin/python3.11
source "$ROOT/tools/train/world_datasets.sh"

generate train-256 1 16000 256 train raster
generate train-128 2 8000 128 train raster

RESUMING=()
if [[ ${RESUME:-0} == 1 ]]; then
    RESUMING=(--resume)
else
    rm -f "$WORK/diffusion-train.pt"
fi
mkdir -p "$WORK" "$(dirname "$OUT")"
say "training the diffusion model on $ENCODER and exporting $OUT"
nice -n 10 "$PYTHON" "$ROOT/tools/train/train_diffusion.py" --encoder "$ENCODER" \
    --train "$DATA/train-256" --train "$DATA/train-128" --work "$WORK" --out "$OUT" "${RESUMING[@]}" "$@"
say "wrote $OUT"
du -sh "$OUT"
