#!/usr/bin/env bash
# Builds spool-bench/target/benchmarks.jar and runs the JMH micro-benchmarks with the GC profiler.
#
#   spool-bench/run-jmh.sh [--no-build] [--no-deps] [REGEX] [-- extra JMH options]
#
#   --no-build  use the jar as it is
#   --no-deps   build spool-bench alone, against the spool modules already installed in the local Maven repository
#   REGEX       which benchmarks (JMH's include pattern); all of them by default
#
# Settings are short on purpose (one fork, 3 x 1 s warm-up, 5 x 1 s measurement), enough on a small machine to
# compare before/after a change; JMH_SETTINGS="-f 3 -wi 5 -i 10" spool-bench/run-jmh.sh for tighter error bars.
# Options after `--` go to JMH as they are (e.g. `-- -p bindings=10000`).
# Output: spool-bench/results/raw/jmh-<timestamp>.{txt,json} (git-ignored) and spool-bench/results/jmh-summary.md,
# a table of throughput and gc.alloc.rate.norm that run-perftest.sh copies into docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SELF="$ROOT/spool-bench/$(basename "$0")"
cd "$ROOT"

BUILD=1
AM=(-am)
INCLUDE=""
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --no-deps) AM=(); shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,14p' "$SELF" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) INCLUDE="$1"; shift ;;
  esac
done

JAR="$ROOT/spool-bench/target/benchmarks.jar"
if [ "$BUILD" = 1 ]; then
  ./mvnw -q -pl spool-bench "${AM[@]}" install -DskipTests
fi
[ -f "$JAR" ] || { echo "no $JAR: build it first (drop --no-build)" >&2; exit 1; }

STAMP="$(date -u +%Y%m%d-%H%M%S)"
RAW="$ROOT/spool-bench/results/raw"
mkdir -p "$RAW"
TXT="$RAW/jmh-$STAMP.txt"
JSON="$RAW/jmh-$STAMP.json"
SUMMARY="$ROOT/spool-bench/results/jmh-summary.md"

read -r -a SETTINGS <<< "${JMH_SETTINGS:--f 1 -wi 3 -w 1s -i 5 -r 1s}"
SETTINGS+=(-prof gc)
JMH_OPTS=("${SETTINGS[@]}" -rf json -rff "$JSON")
echo "java -jar spool-bench/target/benchmarks.jar ${JMH_OPTS[*]} ${EXTRA[*]:-} ${INCLUDE}" | tee "$TXT"
# shellcheck disable=SC2086 # INCLUDE is one optional word
java -jar "$JAR" "${JMH_OPTS[@]}" ${EXTRA[@]+"${EXTRA[@]}"} $INCLUDE 2>&1 | tee -a "$TXT"

if ! command -v jq >/dev/null 2>&1; then
  echo "jq not found: raw results in $TXT and $JSON, no summary written" >&2
  exit 0
fi

{
  echo "Run with \`spool-bench/run-jmh.sh${INCLUDE:+ $INCLUDE}\` on $(date -u '+%Y-%m-%d') (JMH 1.37, $(java -version 2>&1 | sed -n 1p | tr -d '"'),"
  echo "\`${SETTINGS[*]}${EXTRA[*]:+ ${EXTRA[*]}}\`). Throughput is per operation as each benchmark defines it (one"
  echo "message decoded, encoded, routed or cycled); allocation is \`gc.alloc.rate.norm\`, bytes allocated per operation."
  echo "The best 1-second iteration is shown beside the mean: on a machine shared with other work it is the closer"
  echo "estimate of the uncontended speed (allocation per operation does not depend on load)."
  echo
  echo "| benchmark | params | ops/s | ± (99.9 %) | best iteration ops/s | B/op |"
  echo "|---|---|---:|---:|---:|---:|"
  jq -r '.[] | [
      (.benchmark | sub("^dev\\.spool\\.bench\\."; "")),
      ((.params // {}) | to_entries | map("\(.key)=\(.value)") | join(", ")),
      (.primaryMetric.score | floor | tostring),
      (.primaryMetric.scoreError | if type == "number" then floor | tostring else "-" end),
      (.primaryMetric.scorePercentiles["100.0"] // null | if . == null then "-" else floor | tostring end),
      (.secondaryMetrics["gc.alloc.rate.norm"].score // null | if . == null then "-" else (. * 10 | round / 10 | tostring) end)
    ] | "| " + join(" | ") + " |"' "$JSON"
} > "$SUMMARY"

echo
cat "$SUMMARY"
echo "raw: $TXT, $JSON; summary: $SUMMARY"
