#!/usr/bin/env bash
# Runs every Jazzer fuzz target for its maxDuration (see each @FuzzTest), one after another.
# Crashing inputs are written next to the committed corpus (src/test/resources/.../<Class>Inputs/<method>/);
# commit each with its fix so the normal test run replays it.
#   tools/fuzz/run-fuzzers.sh [TestClass ...]
set -uo pipefail
cd "$(dirname "$0")/../.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(grep -rl --include='*FuzzTest.java' '@FuzzTest' . | grep -v '/target/' | sed 's#.*/##; s#\.java$##' | sort)
fi
status=0
for target in "${targets[@]}"; do
  module=$(grep -rl --include="$target.java" '@FuzzTest' . | grep -v '/target/' | head -1 | sed 's#/src/test/.*##; s#^\./##')
  echo "== fuzzing $target ($module)"
  if ! mvn -B -q -o -Pfuzz test -pl "$module" -Dexec.skip -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false; then
    echo "!! $target found a problem: see $module/target/surefire-reports and the new files in its Inputs folder"
    status=1
  fi
done
exit $status
