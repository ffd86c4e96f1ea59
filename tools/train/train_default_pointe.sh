#!/usr/bin/env bash
# Trains the embedded default Point-E model from nothing on the default encoder's grid tokens and exports it:
# generates the 3-D world (plugin-pointe's SolidDatasetMain: one or two coloured solids per 128-pixel image, masks,
# surface samples of each solid), trains the small Point-E-shaped base model on the CPU with Debian's PyTorch
# (train_pointe.py) and exports
#   distribution/src/main/app/models/pointe-shapes   (OUT: the Point-E package, made by export_pointe.py)
# on the encoder package ENCODER (default: the shipped alphaclip-shapes; retrain whenever it changes).
#
#   tools/train/train_default_pointe.sh [extra train_pointe.py options, e.g. --seed 1 --steps 100]
#
# WORK (default /tmp/pointe-shapes-train) holds the prepared data and the checkpoint; DATA (default
# /tmp/pointe-shapes-train/data) the dataset. Everything runs under nice, with 2 threads; the shipped run used
# OpenBLAS (apt-get install libopenblas0-pthread).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/pointe-shapes-train}
DATA=${DATA:-$WORK/data}
ENCODER=${ENCODER:-$ROOT/distribution/src/main/app/models/alphaclip-shapes}
OUT=${OUT:-$ROOT/distribution/src/main/app/models/pointe-shapes}
PYTHON=/usr/bin/python3.11
VERSION=0.3.0-SNAPSHOT
M2=${M2_REPO:-$HOME/.m2/repository}
say() { echo "[$(date +%H:%M:%S)] $*"; }

JARS=(plugin-pointe/target/org.alphaclip.plugin.pointe-$VERSION.jar framework-core/world/target/org.alphaclip.world-$VERSION.jar
      framework-core/sdk/target/org.alphaclip.sdk-$VERSION.jar framework-core/core-api/target/org.alphaclip.core.api-$VERSION.jar)
CP=$M2/com/google/code/gson/gson/2.11.0/gson-2.11.0.jar
for jar in "${JARS[@]}"; do
    if [[ ! -f $ROOT/$jar ]]; then
        say "building the 3-D world generator"
        (cd "$ROOT" && mvn -q -o -pl plugin-pointe -am install -DskipTests -Dexec.skip)
        break
    fi
done
for jar in "${JARS[@]}"; do CP=$CP:$ROOT/$jar; done

if [[ ! -f $DATA/solids-train/dataset.json ]]; then
    say "generating $DATA/solids-train: 20000 scenes, seed 21, split train"
    nice -n 10 java -cp "$CP" org.alphaclip.pointe.internal.solids.SolidDatasetMain --seed 21 --count 20000 \
        --split train --size 128 --objects 1-2 --points 1024 --out "$DATA/solids-train" | tail -n 1
fi
mkdir -p "$WORK" "$(dirname "$OUT")"
say "training the Point-E model on $ENCODER and exporting $OUT"
nice -n 10 "$PYTHON" "$ROOT/tools/train/train_pointe.py" --encoder "$ENCODER" --train "$DATA/solids-train" \
    --work "$WORK" --out "$OUT" --points 256 --heads 2 --batch 32 --steps 2600 --minutes 62 "$@"
say "wrote $OUT"
du -sh "$OUT"
