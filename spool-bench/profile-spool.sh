#!/usr/bin/env bash
# Where Spool's CPU time goes under PerfTest's transient scenario (-x 1 -y 1 -s 1000 -a): starts a copy of the built
# server jar with a JFR recording of the middle of the run, runs PerfTest, then summarises the execution samples.
#
#   spool-bench/profile-spool.sh [--duration S] [-- extra PerfTest flags]
#
# Needs spool-server/target/spool-server.jar and spool-perftest/target/lib (see run-perftest.sh). Writes the
# recording and the summaries to spool-bench/results/raw/profile-<timestamp>/ (git-ignored):
#   java-frames.txt     the 40 most sampled leaf frames of Java code on a CPU, with their share of the samples
#   java-inclusive.txt  the 60 methods most often anywhere on those stacks (what the time was spent under)
#   java-threads.txt    samples per thread
#   native-*.txt        the same for threads sampled inside native code (socket I/O, epoll)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SELF="$ROOT/spool-bench/$(basename "$0")"
cd "$ROOT"

DURATION=40
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,12p' "$SELF" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -f spool-server/target/spool-server.jar ] || { echo "build spool-server first" >&2; exit 1; }

OUT="$ROOT/spool-bench/results/raw/profile-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/spool-profile.XXXXXX")"
cp -r spool-server/target/spool-server.jar spool-server/target/lib "$TMP/"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=5673
while port_open "$PORT"; do PORT=$((PORT + 1)); done

# Record the middle of the run: skip the first quarter (JIT warm-up), stop before the end.
DELAY=$((DURATION / 4))
LENGTH=$((DURATION / 2))
JFR="$OUT/spool.jfr"
setsid java "-XX:StartFlightRecording=delay=${DELAY}s,duration=${LENGTH}s,filename=$JFR,settings=profile" \
  -jar "$TMP/spool-server.jar" server --amqp-port "$PORT" --http-port 0 --data-dir "$TMP/data" \
  > "$OUT/spool-server.log" 2>&1 &
PID=$!
trap 'kill -TERM -- "-$PID" 2>/dev/null || true; sleep 2; rm -rf "$TMP"' EXIT
for _ in $(seq 1 60); do port_open "$PORT" && break; sleep 1; done

java -cp "$ROOT/spool-perftest/target/lib/*" com.rabbitmq.perf.PerfTest -h "amqp://guest:guest@127.0.0.1:$PORT" \
  -x 1 -y 1 -s 1000 -a -z "$DURATION" ${EXTRA[@]+"${EXTRA[@]}"} > "$OUT/perftest.txt" 2>&1 || true
tail -3 "$OUT/perftest.txt"
for _ in $(seq 1 30); do [ -s "$JFR" ] && break; sleep 1; done

# summarise <event> <prefix>: from one event type's stacks (leaf first), writes <prefix>-frames.txt (leaf frames),
# <prefix>-inclusive.txt (methods anywhere on the stack) and <prefix>-threads.txt, each as shares of the samples.
summarise() {
  jfr print --stack-depth 64 --events "$1" "$JFR" > "$OUT/$2-samples.txt"
  awk -v prefix="$OUT/$2" '
    /sampledThread = / { thread = $0; sub(/.*sampledThread = "/, "", thread); sub(/".*/, "", thread) }
    /stackTrace = \[/ { inStack = 1; depth = 0; delete seen; total++; threads[thread]++; next }
    inStack && /^[[:space:]]*\]/ { inStack = 0; next }
    inStack {
      frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/[[:space:]]+line:.*/, "", frame)
      if (frame == "...") next
      if (depth == 0) leaf[frame]++
      if (!(frame in seen)) { inclusive[frame]++; seen[frame] = 1 }
      depth++
    }
    END {
      if (total == 0) total = 1
      for (f in leaf) printf "%6.2f%%  %s\n", 100 * leaf[f] / total, f | "sort -rn | head -40 > \"" prefix "-frames.txt\""
      for (f in inclusive) printf "%6.2f%%  %s\n", 100 * inclusive[f] / total, f | "sort -rn | head -60 > \"" prefix "-inclusive.txt\""
      for (t in threads) printf "%6.2f%%  %s\n", 100 * threads[t] / total, t | "sort -rn > \"" prefix "-threads.txt\""
      printf "%d samples\n", total > (prefix "-count.txt")
    }' "$OUT/$2-samples.txt"
}
# Java code running on a CPU; threads inside native code (socket reads and writes, epoll) are sampled separately.
summarise jdk.ExecutionSample java
summarise jdk.NativeMethodSample native

echo "== Java samples: $(cat "$OUT/java-count.txt"), native samples: $(cat "$OUT/native-count.txt")"
echo "== threads (Java samples)"; head -10 "$OUT/java-threads.txt"
echo "== top leaf frames (Java samples)"; head -25 "$OUT/java-frames.txt"
echo "== top inclusive (Java samples)"; head -45 "$OUT/java-inclusive.txt"
echo "== top leaf frames (native samples)"; head -10 "$OUT/native-frames.txt"
echo "recording and summaries in $OUT"
