#!/usr/bin/env bash
# Trains the default model from nothing: generates the shapes world with the Java generator, trains a
# small CLIP (stage 1) and Alpha-CLIP (stage 2) on the CPU with Debian's PyTorch, and exports
#   distribution/src/main/app/models/alphaclip-shapes   (the default model)
#   distribution/src/main/app/models/shapes-clip-base   (the same model before alpha fine-tuning)
# plus the reference token ids and embeddings the Java tests compare against.
#
#   tools/train/train_default_model.sh [extra train_alphaclip.py options, e.g. --seed 1]
#
# WORK (default /tmp/alphaclip-shapes-train) holds the datasets and checkpoints (DATA, default $WORK/data,
# the datasets alone, so experiments can share them); RESUME=1 reuses the stage checkpoints found there.
# SINGLES=1 adds 8,000 single-object training scenes (an experiment; the shipped model was trained without).
# Everything runs under nice, with 2 threads.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/alphaclip-shapes-train}
DATA=${DATA:-$WORK/data}
PYTHON=/usr/bin/python3.11
MODELS=$ROOT/distribution/src/main/app/models
source "$ROOT/tools/train/world_datasets.sh"

mkdir -p "$DATA"
generate train-256 1 16000 256 train raster
generate train-128 2 8000 128 train raster
TRAIN=(--train "$DATA/train-256" --train "$DATA/train-128")
if [[ ${SINGLES:-0} == 1 ]]; then  # experiments of issue 17: 8,000 more single-object scenes
    generate train-single-128 3 8000 128 train raster 1
    TRAIN+=(--train "$DATA/train-single-128")
fi
generate test-raster 7 500 256 test raster
generate test-vector 7 500 256 test vector
generate test-painted 7 500 256 test painted
generate single-raster 8 1000 256 test raster 1

if [[ ${RESUME:-0} != 1 ]]; then
    rm -f "$WORK/checkpoints/stage1.pt" "$WORK/checkpoints/stage2.pt"
fi
say "training (stage 1: CLIP, stage 2: Alpha-CLIP) and exporting"
nice -n 10 "$PYTHON" "$ROOT/tools/train/train_alphaclip.py" \
    "${TRAIN[@]}" \
    --test "$DATA/test-raster" --heldout "$DATA/test-vector" --heldout "$DATA/test-painted" --singles "$DATA/single-raster" \
    --work "$WORK/checkpoints" \
    --alpha-package "$MODELS/alphaclip-shapes" --base-package "$MODELS/shapes-clip-base" \
    --parity "$ROOT/framework-core/world/src/test/resources/org/alphaclip/world" "$@"
say "wrote $MODELS/alphaclip-shapes and $MODELS/shapes-clip-base"
du -sh "$MODELS/alphaclip-shapes" "$MODELS/shapes-clip-base"
