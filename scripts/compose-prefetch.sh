#!/usr/bin/env bash
# Fetches every Maven artifact the Compose module (kotlin/compose) needs, so that
# scripts/compose-test.sh runs offline (-o): Compose Multiplatform's desktop artifacts, skiko
# and its Linux natives, the Compose compiler plugin (given to kotlinc by path, so fetched by
# name here), Surefire's JUnit Platform provider. Called by `make setup`; skipped when the POM
# and this script are unchanged since the last successful fetch (stamp in the local repository).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${MAVEN_REPO:-$HOME/.m2/repository}
# The main module's jar (a system-scope dependency) is built by compose-test.sh; resolution
# only needs its path to exist, so any file stands in for it here.
MVN=(mvn -B --no-transfer-progress -q -Dstyle.color=never -Dmaven.repo.local="$repo"
  -f kotlin/compose/pom.xml -Dcognito.auth.jar="$PWD/kotlin/compose/pom.xml")
hash=$(cat kotlin/compose/pom.xml "$0" | sha256sum | cut -c1-16)
stamp="$repo/.cognito-auth-compose-prefetch-$hash"
if [ -f "$stamp" ]; then
  exit 0
fi
echo "[setup] maven artifacts for kotlin/compose (first time only)" >&2
"${MVN[@]}" dependency:go-offline
kotlin_version=$(sed -n 's:.*<kotlin.version>\(.*\)</kotlin.version>.*:\1:p' kotlin/compose/pom.xml)
for artifact in \
  "org.jetbrains.kotlin:kotlin-compose-compiler-plugin-embeddable:$kotlin_version" \
  org.apache.maven.surefire:surefire-junit-platform:3.5.3 \
  org.codehaus.plexus:plexus-utils:1.1; do
  "${MVN[@]}" dependency:get -Dartifact="$artifact"
done
mkdir -p "$repo"
touch "$stamp"
