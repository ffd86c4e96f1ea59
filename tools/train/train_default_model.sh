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
generate train-single-128 3 8000 128 train raster 1
TRAIN=(--train "$DATA/train-256" --train "$DATA/train-128" --train "$DATA/train-single-128")
generate test-raster 7 500 256 test raster
generate test-vector 7 500 256 test vector
generate test-painted 7 500 256 test painted
generate single-raster 8 1000 256 test raster 1

if [[ ${RESUME:-0} != 1 ]]; then
    rm -f "$WORK/checkpoints/stage1.pt" "$WORK/checkpoints/stage2.pt"
fi
# The shipped recipe (docs/default-model.md): stage 1 learns shape in whole scenes from zoomed, flat-background
# and silhouette pairs with the label pool over every object shown; stage 2 lets conv1_alpha and the tower move faster.
RECIPE=(--presence --zoom 0.6 --silhouette-share 0.25 --flat-background 0.3 --steps1 3000 --lr-alpha 3e-3 --lr-visual 2e-4)
say "training (stage 1: CLIP, stage 2: Alpha-CLIP) and exporting"
nice -n 10 "$PYTHON" "$ROOT/tools/train/train_alphaclip.py" \
    "${TRAIN[@]}" \
    --test "$DATA/test-raster" --heldout "$DATA/test-vector" --heldout "$DATA/test-painted" --singles "$DATA/single-raster" \
    --work "$WORK/checkpoints" \
    --alpha-package "$MODELS/alphaclip-shapes" --base-package "$MODELS/shapes-clip-base" \
    --parity "$ROOT/framework-core/world/src/test/resources/org/alphaclip/world" \
    "${RECIPE[@]}" "$@"
say "adding the TorchScript image tower (plugin-nerf differentiates through it)"
"$PYTHON" "$ROOT/tools/export/add_torchscript.py" "$MODELS/alphaclip-shapes"
say "wrote $MODELS/alphaclip-shapes and $MODELS/shapes-clip-base"
du -sh "$MODELS/alphaclip-shapes" "$MODELS/shapes-clip-base"
