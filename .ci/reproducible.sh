#!/usr/bin/env bash
# Reproducible builds: build the published modules twice, each time from scratch into its own
# output folder, and compare every jar byte for byte. Also checks what each published jar must
# carry: its Automatic-Module-Name, LICENSE and NOTICE.
#
#   bash .ci/reproducible.sh              # main and sources jars (what .ci/run does)
#   REPRO_JAVADOC=1 bash .ci/reproducible.sh   # the javadoc jars too (slower)
#
# Exits non-zero, naming the jars, when any differ. docs/building.md explains the setting that
# makes this hold (project.build.outputTimestamp).
set -euo pipefail
cd "$(dirname "$0")/.."

# module folder -> Automatic-Module-Name of its jar
declare -A MODULE_NAMES=(
  [core]=dev.vedette.core
  [test-kit]=dev.vedette.test
  [jdbc-store]=dev.vedette.jdbc
  [notifiers]=dev.vedette.notifiers
  [spring-boot-starter]=dev.vedette.spring
)
PUBLISHED="bom,$(IFS=,; echo "${!MODULE_NAMES[*]}")"

javadoc_skip=true
if [[ "${REPRO_JAVADOC:-0}" == 1 ]]; then javadoc_skip=false; fi

build() {
  local out=$1
  for m in "${!MODULE_NAMES[@]}"; do rm -rf "$m/$out"; done
  # Build-only: tests, formatter and enforcer run in the main build, not here.
  ./mvnw -B -q -Prelease -Dgpg.skip -DskipTests -Dspotless.check.skip=true -Denforcer.skip=true \
    -Dmaven.javadoc.skip="$javadoc_skip" -Dvedette.target="$out" \
    -pl "$PUBLISHED" -am package
}

echo "reproducible: first build"
build target-repro-a
# Zip entry times have a resolution of two seconds: make sure the clock has moved on.
sleep 2
echo "reproducible: second build"
build target-repro-b

compared=0
failed=0
for m in "${!MODULE_NAMES[@]}"; do
  shopt -s nullglob
  jars=("$m"/target-repro-a/*.jar)
  shopt -u nullglob
  if [[ ${#jars[@]} -eq 0 ]]; then
    echo "reproducible: $m built no jar" >&2
    failed=1
    continue
  fi
  for a in "${jars[@]}"; do
    b="$m/target-repro-b/$(basename "$a")"
    compared=$((compared + 1))
    if [[ ! -f "$b" ]]; then
      echo "DIFFERS: $b is missing" >&2
      failed=1
    elif ! cmp -s "$a" "$b"; then
      echo "DIFFERS: $a and $b are not byte-identical" >&2
      # name the entries that differ, to help whoever has to fix it
      diff <(unzip -lv "$a" | awk 'NR>3 {print $5, $6, $7, $8}') \
           <(unzip -lv "$b" | awk 'NR>3 {print $5, $6, $7, $8}') | head -n 10 >&2 || true
      failed=1
    fi
  done

  main=""
  for a in "${jars[@]}"; do
    case "$a" in *-sources.jar | *-javadoc.jar) ;; *) main=$a ;; esac
  done
  name=$(unzip -p "$main" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Automatic-Module-Name: //p')
  if [[ "$name" != "${MODULE_NAMES[$m]}" ]]; then
    echo "MODULE NAME: $main has Automatic-Module-Name '$name', expected '${MODULE_NAMES[$m]}'" >&2
    failed=1
  fi
  for f in META-INF/LICENSE META-INF/NOTICE; do
    if ! unzip -l "$main" "$f" >/dev/null 2>&1; then
      echo "LICENSE: $main lacks $f" >&2
      failed=1
    fi
  done
done

if [[ $failed -ne 0 ]]; then
  echo "reproducible: FAILED ($compared jars compared)" >&2
  exit 1
fi
echo "reproducible: $compared jars byte-identical across two builds; module names, LICENSE and NOTICE present"
