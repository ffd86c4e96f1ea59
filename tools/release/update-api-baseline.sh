#!/usr/bin/env bash
# Records the current API and SDK bundles as the released baseline that bnd compares every build against.
#
#   tools/release/update-api-baseline.sh 0.2.0
#
# Run it as part of a release, after `mvn install` passed: it copies each API bundle (built by this
# checkout) into framework-core/api-baseline/ as version <release>, a small file-based Maven repository
# that is committed. From then on a build whose API changes a package incompatibly without raising that
# package's @Version in package-info.java fails in the bnd-baseline step. See docs/releasing.md.
set -euo pipefail
release=${1:?usage: $0 <released version, e.g. 0.2.0>}
root=$(cd "$(dirname "$0")/../.." && pwd)
repo="$root/framework-core/api-baseline"
evaluate() { mvn -q -B -f "$1" help:evaluate -Dexpression="$2" -DforceStdout | sed 's/\x1b\[[0-9;]*m//g'; }
version=$(evaluate "$root/pom.xml" project.version)
for module in framework-core/core-api framework-core/sdk framework-core/text-repair; do
  artifact=$(evaluate "$root/$module/pom.xml" project.artifactId)
  jar="$root/$module/target/$artifact-$version.jar"
  [ -f "$jar" ] || { echo "missing $jar: run mvn install first" >&2; exit 1; }
  mvn -q deploy:deploy-file -Durl="file://$repo" -DrepositoryId=alphaclip-api-baseline \
      -Dfile="$jar" -DgroupId=org.alphaclip -DartifactId="$artifact" -Dversion="$release" -Dpackaging=jar \
      -DgeneratePom=true
  echo "baseline: $artifact $release"
done
