#!/usr/bin/env bash
# The consumer check: install the published modules into a throwaway local repository under
# target/, then build examples/consumer (the BOM plus vedette-notifiers and vedette-test, no
# parent, not in the reactor) against those installed jars and run its tests.
#
# The shared ~/.m2 is never written: Maven's chained local repository reads third-party artifacts
# from it (maven.repo.local.tail) and puts everything it installs or downloads into the throwaway
# one (maven.repo.local).
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${HOME}/.m2/repository"
repo="$PWD/target/consumer-repo"
rm -rf "$repo"
mkdir -p "$repo"
local_repo=(-Dmaven.repo.local="$repo" -Dmaven.repo.local.tail="$shared")

echo "consumer: installing the published modules into target/consumer-repo"
./mvnw -B -q "${local_repo[@]}" -DskipTests -Dspotless.check.skip=true -Denforcer.skip=true \
  -pl bom,core,test-kit,jdbc-store,notifiers,spring-boot-starter -am install

version=$(sed -n 's:^ *<vedette.version>\(.*\)</vedette.version>.*:\1:p' examples/consumer/pom.xml | head -n 1)
installed=$(find "$repo/dev/vedette/vedette-core" -mindepth 1 -maxdepth 1 -type d -printf '%f\n')
if [[ "$version" != "$installed" ]]; then
  echo "consumer: examples/consumer/pom.xml asks for Vedette $version, the build installed $installed" >&2
  exit 1
fi

echo "consumer: building examples/consumer against the installed jars"
./mvnw -B "${local_repo[@]}" -f examples/consumer/pom.xml clean verify
rm -rf "$repo"
