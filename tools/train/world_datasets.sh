# Sourced by the training scripts: the world generator's class path (building the jars with Maven, offline, if
# they are missing) and generate(), which writes one dataset into $DATA unless it is there already.
# Needs ROOT (the repository) and DATA (the datasets folder); defines say().

VERSION=0.3.0-SNAPSHOT
M2=${M2_REPO:-$HOME/.m2/repository}

say() { echo "[$(date +%H:%M:%S)] $*"; }

WORLD_JAR=$ROOT/framework-core/world/target/org.alphaclip.world-$VERSION.jar
API_JAR=$ROOT/framework-core/core-api/target/org.alphaclip.core.api-$VERSION.jar
SDK_JAR=$ROOT/framework-core/sdk/target/org.alphaclip.sdk-$VERSION.jar
GSON_JAR=$M2/com/google/code/gson/gson/2.11.0/gson-2.11.0.jar

generate() {  # folder seed count size split renderer [objects]
    if [[ -f $DATA/$1/dataset.json ]]; then
        say "reusing $DATA/$1 (delete it to regenerate)"
        return
    fi
    if [[ ! -f $WORLD_JAR || ! -f $API_JAR || ! -f $SDK_JAR ]]; then
        say "building the world generator"
        (cd "$ROOT" && mvn -q -o -pl framework-core/world -am install -DskipTests -Dexec.skip)
    fi
    say "generating $1: $3 scenes, seed $2, ${4}px, split $5, renderer $6"
    mkdir -p "$DATA"
    nice -n 10 java -cp "$WORLD_JAR:$API_JAR:$SDK_JAR:$GSON_JAR" org.alphaclip.world.internal.dataset.GenerateMain \
        --seed "$2" --count "$3" --size "$4" --split "$5" --renderer "$6" --objects "${7:-1-4}" --out "$DATA/$1" | tail -n 1
}
