#!/usr/bin/env bash
# Fetches every Maven artifact the Kotlin build, its JVM tests and the AAR assembly need, so
# that those run offline (-o) afterwards. Called by `make setup`; skipped when the POM and
# this script are unchanged since the last successful fetch (stamp in the local repository).
# First run measured here: about 20 s and 126 MB into ~/.m2 (README, "Costs").
set -euo pipefail
cd "$(dirname "$0")/.."
# MAVEN_REPO overrides the local repository (e.g. to measure a first fetch).
repo=${MAVEN_REPO:-$HOME/.m2/repository}
MVN=(mvn -B --no-transfer-progress -q -Dstyle.color=never -Dmaven.repo.local="$repo" -f kotlin/pom.xml)
hash=$(cat kotlin/pom.xml "$0" | sha256sum | cut -c1-16)
stamp="$repo/.cognito-auth-prefetch-$hash"
if [ -f "$stamp" ]; then
  exit 0
fi
echo "[setup] maven artifacts for kotlin/ (first time only)" >&2
# Dependencies and declared plugins.
"${MVN[@]}" dependency:go-offline
# What Maven resolves only while running: Surefire's JUnit Platform provider (and the
# platform it brings) and the plexus-utils Maven injects into older plugins.
for artifact in \
  org.apache.maven.surefire:surefire-junit-platform:3.5.3 \
  org.codehaus.plexus:plexus-utils:1.1; do
  "${MVN[@]}" dependency:get -Dartifact="$artifact"
done
mkdir -p "$repo"
touch "$stamp"
