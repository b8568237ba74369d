#!/usr/bin/env bash
# Builds vedette-benchmarks and runs everything behind the numbers in DESIGN.md §10:
#   1. record path (JMH: Monitor.recordTransaction vs ArrayBlockingQueue.offer vs Micrometer, 1/2/4 threads)
#   2. detection -> notification latency (real SlackNotifier against MockWebServer)
#   3. memory per queued record / stored transaction, and the bounds under 10x overload
#   4. sustained throughput into InMemoryStore with 4 producers
#   5. JdbcStore.write vs raw pgjdbc batches (PostgreSQL)
#   6. sustained throughput through a Monitor into JdbcStore on H2, PostgreSQL, MariaDB
#   7. analytics from rollups vs raw GROUP BY (PostgreSQL)
# Sections 1-4 take about 12 minutes on 2 cores, 5-7 about 9.5 more. Results (text and JMH JSON) land in
# benchmarks/target/results/. Sections 5-7 use a scratch schema/database `vbench` (dropped afterwards)
# and skip, with a printed reason, a database server that is unreachable.
#
# Env: JAVA (default: Temurin 25 if installed, else `java`; needs 21+), SKIP_BUILD=1 to reuse the jar,
#      JMH_OPTS (default "-wi 2 -i 3 -w 2s -r 3s -f 1"), TRIALS (default 1000),
#      JDBC=0 to skip sections 5-7, ONLY_JDBC=1 to run only sections 5-7,
#      VEDETTE_BENCH_POSTGRES_URL / VEDETTE_BENCH_MARIADB_URL (default: the local test servers,
#      jdbc:postgresql://127.0.0.1:5432/test?user=postgres and jdbc:mariadb://127.0.0.1:3306/test?user=root),
#      JDBC_WRITE_N (default 10000; the ANALYZE variant JDBC_WRITE_N_ANALYZE, default 100000), JDBC_TPUT_SECONDS (default 20), JDBC_TPUT_RATE (default 20000),
#      ROLLUP_N (default 1000000), ROLLUP_LOAD_BUDGET (seconds, default 240).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  else
    JAVA=java
  fi
fi
JMH_OPTS=${JMH_OPTS:--wi 2 -i 3 -w 2s -r 3s -f 1}
TRIALS=${TRIALS:-1000}
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/results

section() {
  echo
  echo "################ $1   ($(date -u +%H:%M:%SZ), loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
}

# the JMH result table, trimmed to what docs/benchmarks.md reports
jmh_table() {
  sed -n '/^Benchmark  /,$p' "$1" \
    | grep -E '^Benchmark  |avgt|sample' \
    | grep -vE ':p0\.(90|95|999|9999) |:gc\.(count|time) |:gc\.alloc\.rate  ' || true
}

# how often each queue refused a record (full) during the measurement iterations of both modes
drops() {
  awk '
    function num(name,   i) { for (i = 1; i < NF; i++) if ($i == name) { v = $(i+1); gsub(/[+,]/, "", v); return v + 0 } return 0 }
    /^Iteration/ && /\[monitor\]/ { ma += num("accepted"); md += num("dropped") }
    /^Iteration/ && /\[abq\]/     { ac += num("consumed"); ar += num("refused") }
    END {
      if (ma + md > 0) printf "monitor: %d accepted, %d dropped (%.2f%% of calls hit a full queue)\n", ma, md, 100 * md / (ma + md)
      if (ac + ar > 0) printf "abq:     %d consumed, %d refused (%.2f%% of offers hit a full queue)\n", ac, ar, 100 * ar / (ac + ar)
    }' "$1"
}

START=$(date +%s)
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  section "build"
  ./mvnw -q -pl benchmarks -am package -DskipTests
fi
mkdir -p "$OUT"

section "machine"
echo "nproc: $(nproc)"
free -m | head -2
"$JAVA" -version 2>&1
date -u

if [[ "${ONLY_JDBC:-0}" != 1 ]]; then
section "1. record path (JMH: $JMH_OPTS, modes sample+avgt, -prof gc)"
for t in 1 2 4; do
  echo "--- $t thread(s)"
  "$JAVA" -jar "$JAR" 'RecordPathBenchmark\.(monitorRecordTransaction|arrayBlockingQueueOffer|micrometerCounterIncrement)$' \
    -t "$t" -bm sample,avgt $JMH_OPTS -prof gc -rf json -rff "$OUT/record-t$t.json" > "$OUT/record-t$t.txt" 2>&1
  drops "$OUT/record-t$t.txt"
  jmh_table "$OUT/record-t$t.txt"
done
echo "--- explanation: the bare offer plus the pipeline's per-record wrapper, and clock.instant() alone (1 thread)"
"$JAVA" -jar "$JAR" 'RecordPathBenchmark\.(arrayBlockingQueueOfferStamped|clockInstant)$' \
  -t 1 -bm sample,avgt $JMH_OPTS -prof gc -rf json -rff "$OUT/record-explain.json" > "$OUT/record-explain.txt" 2>&1
jmh_table "$OUT/record-explain.txt"

section "2. detection -> notification latency"
"$JAVA" -Xmx1g -cp "$JAR" dev.vedette.benchmarks.AlertLatencyHarness "$TRIALS" 50 \
  2> "$OUT/alert-latency.log" | tee "$OUT/alert-latency.txt"

section "3. memory (SerialGC, 2 GB heap)"
"$JAVA" -XX:+UseSerialGC -Xms2g -Xmx2g -cp "$JAR" dev.vedette.benchmarks.MemoryHarness 200000 5 100000 100000 \
  2> "$OUT/memory.log" | tee "$OUT/memory.txt"

section "4. sustained throughput"
"$JAVA" -Xms1g -Xmx2g -cp "$JAR" dev.vedette.benchmarks.ThroughputHarness 5 \
  2> "$OUT/throughput.log" | tee "$OUT/throughput.txt"

fi

# a server that does not answer is skipped here (and again, with the driver's reason, by the harness)
reachable() {
  if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
  echo "SKIP: nothing listening on $1:$2"
  return 1
}

if [[ "${JDBC:-1}" != 0 ]]; then
  section "5. JdbcStore.write vs raw pgjdbc batches (PostgreSQL)"
  if reachable 127.0.0.1 5432 || [[ -n "${VEDETTE_BENCH_POSTGRES_URL:-}" ]]; then
    "$JAVA" -Xms1g -Xmx2g -cp "$JAR" dev.vedette.benchmarks.JdbcWriteHarness "${JDBC_WRITE_N:-100000}" 3 500 \
      2> "$OUT/jdbc-write.log" | tee "$OUT/jdbc-write.txt"
    echo "--- again, with ANALYZE before every round (what autovacuum would provide)"
    "$JAVA" -Xms1g -Xmx2g -cp "$JAR" dev.vedette.benchmarks.JdbcWriteHarness "${JDBC_WRITE_N_ANALYZE:-100000}" 3 500 analyze \
      2> "$OUT/jdbc-write-analyze.log" | tee "$OUT/jdbc-write-analyze.txt"
  fi

  section "6. sustained throughput through a Monitor into JdbcStore (H2 file, PostgreSQL, MariaDB)"
  DBS=h2
  if reachable 127.0.0.1 5432 || [[ -n "${VEDETTE_BENCH_POSTGRES_URL:-}" ]]; then DBS=$DBS,postgres; fi
  if reachable 127.0.0.1 3306 || [[ -n "${VEDETTE_BENCH_MARIADB_URL:-}" ]]; then DBS=$DBS,mariadb; fi
  "$JAVA" -Xms1g -Xmx2g -cp "$JAR" dev.vedette.benchmarks.JdbcThroughputHarness "${JDBC_TPUT_SECONDS:-20}" "${JDBC_TPUT_RATE:-20000}" 3 "$DBS" \
    2> "$OUT/jdbc-throughput.log" | tee "$OUT/jdbc-throughput.txt"

  section "7. analytics from rollups vs raw GROUP BY (PostgreSQL)"
  if reachable 127.0.0.1 5432 || [[ -n "${VEDETTE_BENCH_POSTGRES_URL:-}" ]]; then
    # ROLLUP_LOAD=store loads through JdbcStore.write (slow, capped by ROLLUP_LOAD_BUDGET seconds);
    # the default generates the rows and their rollups in SQL (10 M in about 3.5 min here)
    if [[ "${ROLLUP_LOAD:-bulk}" == store ]]; then
      "$JAVA" -Xms1g -Xmx2g -cp "$JAR" dev.vedette.benchmarks.RollupQueryHarness "${ROLLUP_N:-1000000}" 5000 "${ROLLUP_LOAD_BUDGET:-240}" 50 15 5 \
        2> "$OUT/rollup-query.log" | tee "$OUT/rollup-query.txt"
    else
      for n in ${ROLLUP_SIZES:-1000000 10000000}; do
        echo "--- $n transactions"
        "$JAVA" -Dvbench.bulk=true -Xms1g -Xmx2g -cp "$JAR" dev.vedette.benchmarks.RollupQueryHarness "$n" 5000 0 50 5 3 \
          2> "$OUT/rollup-query-$n.log" | tee "$OUT/rollup-query-$n.txt"
      done
    fi
  fi
fi

section "done in $(( $(date +%s) - START )) s; full outputs in $OUT"
