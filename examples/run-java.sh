#!/usr/bin/env bash
# Builds (when needed) and runs one of the Java examples: run-java.sh <example folder> [arguments for its main]
#
# The example is a Maven project of its own, built with the repository's Maven wrapper into one runnable jar,
# target/example-<name>.jar; it is built again when any file of the example is newer than the jar. Needs a JDK 17 or
# newer (JAVA_HOME or java on the PATH). The broker is AMQP_URL, default amqp://guest:guest@localhost:5672.
set -euo pipefail

example_dir="$(cd "$1" && pwd)"
shift
repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="$(basename "$example_dir")"
jar="$example_dir/target/example-$name.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ ! -f "$jar" ]] || [[ -n "$(find "$example_dir" -path "$example_dir/target" -prune -o -type f -newer "$jar" -print -quit)" ]]; then
  echo "building examples/$name ..." >&2
  (cd "$repo_dir" && ./mvnw -q -B -ntp -f "examples/$name/pom.xml" package)
  touch "$jar" # the jar plugin keeps an unchanged jar's old time: mark it current so the next run skips the build
fi
exec "$java" ${JAVA_OPTS:-} -jar "$jar" "$@"
