#!/usr/bin/env bash
# One command for IngestHarness (docs/benchmarks.md, "Ingest over HTTP"): builds the benchmarks and
# their reactor siblings from this checkout, then sends batches of transactions over HTTP into the
# raw pgjdbc ceiling and into Vedette's ingest API, both on PostgreSQL, and checks that nothing
# accepted went missing.
#
#   benchmarks/ingest-http.sh                                   # 8 senders, batches of 100, 10 s + 30 s
#   benchmarks/ingest-http.sh -Dvbench.senders=16 -Dvbench.seconds=60
#
# Options (-D): vbench.senders (8), vbench.batch (100), vbench.warmupSeconds (10), vbench.seconds (30),
# vbench.targets (raw,vedette). Env: VEDETTE_BENCH_POSTGRES_URL (default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres), JAVA (default: Temurin 25 if installed),
# SKIP_BUILD=1 to reuse the last build, HEAP (default 2g). Output: stdout and
# benchmarks/target/results/ingest-http.txt (the applications' log in .log).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; else JAVA=java; fi
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -B -pl benchmarks,server -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
mkdir -p benchmarks/target/results
"$JAVA" -Xms${HEAP:-2g} -Xmx${HEAP:-2g} "$@" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.vedette.benchmarks.IngestHarness 2> benchmarks/target/results/ingest-http.log \
  | tee benchmarks/target/results/ingest-http.txt
