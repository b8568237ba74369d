#!/usr/bin/env bash
# One command for DashboardHttpHarness (docs/benchmarks.md, "Dashboard over HTTP"): builds the
# benchmarks and their reactor siblings from this checkout, then times every dashboard JSON call over
# HTTP against the payments demo on PostgreSQL, with the no-index baseline in the same run.
#
#   benchmarks/dashboard-http.sh                      # 10,000,000 transactions, 3 warm-up + 20 rounds
#   benchmarks/dashboard-http.sh -Dvbench.rows=200000 # any -D option of the harness is passed on
#
# Options (-D): vbench.rows (N, default 10000000), vbench.rounds (20), vbench.warmups (3),
# vbench.baseline (true), vbench.baselineRounds / vbench.baselineWarmups (default: as above),
# vbench.schema (default vbench_dash_<N>; kept between runs, so a second run skips the load),
# vbench.maxAgeHours (24: an older load is reloaded, its data would end too long before now).
# Env: VEDETTE_BENCH_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres),
#      JAVA (default: Temurin 25 if installed, else java), SKIP_BUILD=1 to reuse the last build,
#      HEAP (default 2g). Output: stdout and benchmarks/target/results/dashboard-http-<N>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; else JAVA=java; fi
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -B -pl benchmarks -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
rows=10000000
for a in "$@"; do
  case "$a" in -Dvbench.rows=*) rows=${a#-Dvbench.rows=} ;; esac
done
mkdir -p benchmarks/target/results
"$JAVA" -Xms${HEAP:-2g} -Xmx${HEAP:-2g} "$@" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.vedette.benchmarks.DashboardHttpHarness 2> benchmarks/target/results/dashboard-http-$rows.log \
  | tee benchmarks/target/results/dashboard-http-$rows.txt
