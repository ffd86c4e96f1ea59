# Functions for a Spark standalone cluster on 127.0.0.1 made from the build's own Spark jars (no Spark download);
# sourced by standalone-cluster-test.sh and tools/bench/run-spark-bench.sh. Needs `mvn -o install -DskipTests` done.
#   cluster_init WORK       a SPARK_HOME under WORK whose jars/ are the build's Spark jars; sets $module $jar $libs
#   cluster_master          starts a master; sets $master
#   cluster_worker NAME     starts a worker with one core in its own process group; sets $worker_pid
#   cluster_submit LOG ARGS runs spark-submit (SparkSubmit) against $master: LOG.out, LOG.err
#   cluster_local LOG ARGS  runs the job in one JVM on local[2]
#   cluster_stop            kills every daemon (also on exit)

cluster_init() {
  cluster_work=$1
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  module=$root/distribution-spark/target
  [ -f "$module/spark-classpath.txt" ] || { echo "build distribution-spark first (mvn -o install -DskipTests)"; exit 1; }
  jar=$(ls "$module"/distribution-spark-*.jar | grep -v -e sources -e tests | head -1)
  libs=$(ls "$module"/lib/*.jar | paste -sd, -)
  mkdir -p "$cluster_work/home/jars" "$cluster_work/logs"
  tr ':' '\n' < "$module/spark-classpath.txt" | while read -r j || [ -n "$j" ]; do ln -sf "$j" "$cluster_work/home/jars/"; done
  export SPARK_HOME=$cluster_work/home SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS=$cluster_work/local
  # the JDK packages Spark reaches into on Java 17 (spark-submit's launcher adds them; these JVMs are started by hand)
  cluster_opens=$(sed -n '/<spark.opens>/,/<\/spark.opens>/p' "$root/distribution-spark/pom.xml" \
    | sed -e 's/<[^>]*>//g' | tr -s ' \n' ' ')
  cluster_cp="$cluster_work/home/jars/*"
  cluster_pids=()
  trap cluster_stop EXIT
}

cluster_master() {
  local port=$(( 17000 + RANDOM % 1000 ))
  master=spark://127.0.0.1:$port
  setsid java -Xmx256m $cluster_opens -cp "$cluster_cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port "$port" --webui-port 0 > "$cluster_work/logs/master.log" 2>&1 &
  cluster_pids+=($!); disown
}

cluster_worker() {
  local before; before=$(grep -c 'Registering worker' "$cluster_work/logs/master.log" 2>/dev/null || true)
  setsid java -Xmx256m $cluster_opens -cp "$cluster_cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
    --cores 1 --memory 1500m --webui-port 0 --work-dir "$cluster_work/$1" "$master" > "$cluster_work/logs/$1.log" 2>&1 &
  worker_pid=$!; cluster_pids+=($!); disown
  for _ in $(seq 60); do
    [ "$(grep -c 'Registering worker' "$cluster_work/logs/master.log" 2>/dev/null || true)" -gt "$before" ] && return
    sleep 1
  done
  echo "FAIL: worker $1 did not register with $master"; exit 1
}

cluster_submit() {
  local log=$1; shift
  java -Xmx1g $cluster_opens -cp "$cluster_cp" org.apache.spark.deploy.SparkSubmit --master "$master" \
    --deploy-mode client --conf spark.executor.memory=1g --conf spark.ui.enabled=false \
    --conf "spark.executor.extraJavaOptions=$cluster_opens" --conf spark.task.maxFailures=8 \
    --jars "$libs" "$jar" "$@" > "$log.out" 2> "$log.err"
}

cluster_local() {
  local log=$1 job=$2; shift 2
  java -Xmx2g $cluster_opens -cp "$cluster_cp:$jar:$module/lib/*" org.alphaclip.spark.Jobs "$job" --master 'local[2]' \
    "$@" > "$log.out" 2> "$log.err"
}

cluster_stop() {
  for p in "${cluster_pids[@]}"; do kill -9 -- -"$p" 2>/dev/null || kill -9 "$p" 2>/dev/null || true; done
  cluster_pids=()
}
