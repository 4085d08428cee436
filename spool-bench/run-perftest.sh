#!/usr/bin/env bash
# End-to-end throughput with RabbitMQ's PerfTest: Spool first, then RabbitMQ on the same machine (when installed),
# the same PerfTest runs against both. Writes docs/benchmarks.md; raw PerfTest output goes to
# spool-bench/results/raw/perftest-<timestamp>/ (git-ignored).
#
#   spool-bench/run-perftest.sh [--duration S] [--warmup S] [--no-build] [--no-rabbitmq] [--no-spool]
#                               [--rabbitmq-uri URI] [--spool-port P] [--max-load L] [--jar-snapshot] [--rounds N]
#                               [--scenarios LIST] [--backlog N]
#
# --rounds N alternates the brokers N times (Spool, RabbitMQ, Spool, ...), each round with a fresh broker, and reports
# for each broker and scenario the run with the median receiving rate, listing every run's rate beside it.
# --jar-snapshot runs a copy of the built spool-server/target/spool-server.jar and its lib/ (java -jar) instead of the
# ./spool launcher, which rebuilds whenever a source is newer than the jar: for checkouts where others are editing.
# --max-load L waits (up to 30 minutes) before each broker's runs until the 1-minute load average is below L, for
# machines shared with other work; the load seen before each run is reported either way.
#
# --scenarios takes a comma-separated list of the scenarios below (default: all of them). --backlog N sets the number
# of messages of the backlog and recovery scenarios (default 1000000).
#
# Scenarios (PerfTest flags shared by both brokers):
#   transient : -x 1 -y 1 -s 1000 -a                              (the target: Spool >= RabbitMQ)
#   confirms  : -x 2 -y 2 -s 1000 -c 100 -q 100 -u <named queue>  (for information)
#   durable   : -x 1 -y 1 -s 1000 -c 100 -q 100 -f persistent -u <durable queue> -ad false  (target: 3x RabbitMQ)
#   backlog   : publish N persistent 1000-byte messages with no consumer (-x 1 -y 0 -C N), read the broker's RSS
#               (VmRSS) with the whole backlog queued, then drain it (-x 0 -y 1 -D N -q 100)
#   recovery  : with the backlog queued, kill -9 the broker, start it again on the same data, and time until it
#               answers an AMQP protocol header with Connection.Start; the backlog is drained after the restart
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SELF="$ROOT/spool-bench/$(basename "$0")"
cd "$ROOT"

INVOCATION="$*"
DURATION=30
WARMUP=10
BUILD=1
RABBIT=1
SPOOL=1
RABBIT_URI="amqp://guest:guest@127.0.0.1:5672"
RABBIT_PORT=5672
SPOOL_PORT_OPTION=""
MAX_LOAD=""
SNAPSHOT=0
ROUNDS=1
SCENARIOS="transient,confirms,durable,backlog,recovery"
BACKLOG=1000000

usage() { sed -n '2,27p' "$SELF" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-rabbitmq) RABBIT=0; shift ;;
    --no-spool) SPOOL=0; shift ;;
    --rabbitmq-uri) RABBIT_URI="$2"; RABBIT_PORT="$(echo "$2" | sed -nE 's#^[^/]*//[^/]*:([0-9]+)(/.*)?$#\1#p')"
                    RABBIT_PORT="${RABBIT_PORT:-5672}"; shift 2 ;;
    --spool-port) SPOOL_PORT_OPTION="$2"; shift 2 ;;
    --max-load) MAX_LOAD="$2"; shift 2 ;;
    --jar-snapshot) SNAPSHOT=1; shift ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --backlog) BACKLOG="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done

STAMP="$(date -u +%Y%m%d-%H%M%S)"
RAW="$ROOT/spool-bench/results/raw/perftest-$STAMP"
DOC="$ROOT/docs/benchmarks.md"
mkdir -p "$RAW" "$ROOT/docs"
PERFTEST_CP="$ROOT/spool-perftest/target/lib/*"

log() { printf '[run-perftest] %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------------------------- build
if [ "$BUILD" = 1 ]; then
  log "building spool-server and PerfTest (./mvnw -q -pl spool-server,spool-perftest -am install -DskipTests)"
  ./mvnw -q -pl spool-server,spool-perftest -am install -DskipTests
  # ./spool rebuilds when its jar is older than any source; the jar plugin may keep an unchanged jar's old date.
  touch spool-server/target/spool-server.jar
elif [ ! -d "$ROOT/spool-perftest/target/lib" ]; then
  log "PerfTest missing: ./mvnw -q -pl spool-perftest install"
  ./mvnw -q -pl spool-perftest install
fi

# --------------------------------------------------------------------------------------------------------- helpers
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p
  for p in $(seq 5673 5773); do
    if ! port_open "$p"; then echo "$p"; return 0; fi
  done
  echo "no free port in 5673-5773" >&2; return 1
}

wait_for_port() { # port, seconds, pid to watch (optional)
  local i
  for i in $(seq 1 "$2"); do
    if port_open "$1"; then return 0; fi
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then return 1; fi
    sleep 1
  done
  return 1
}

load1() { cut -d' ' -f1 /proc/loadavg; }

wait_for_quiet() {
  [ -n "$MAX_LOAD" ] || return 0
  local i
  for i in $(seq 1 180); do
    if awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN { exit !(l < m) }'; then return 0; fi
    [ "$i" = 1 ] && log "waiting for the 1-minute load average ($(load1)) to drop below $MAX_LOAD"
    sleep 10
  done
  log "load still $(load1) after 30 minutes: running anyway"
}

# perftest <run> <uri> <duration> <extra flags...>: output in $RAW/<run>.txt, load average before it in $RAW/<run>.load
perftest() {
  local run="$1" uri="$2" duration="$3"; shift 3
  local out="$RAW/$run.txt"
  load1 > "$RAW/$run.load"
  log "$run: PerfTest $* -z $duration (load average $(load1))"
  java -cp "$PERFTEST_CP" com.rabbitmq.perf.PerfTest -h "$uri" "$@" -z "$duration" > "$out" 2>&1 \
    || log "PerfTest exited with $? ($out)"
}

# field <file> <label>: the integer after "<label>: " in PerfTest's closing summary, or "n/a"
field() {
  local v
  v="$(grep -oE "$2: [0-9]+" "$1" 2>/dev/null | tail -1 | grep -oE '[0-9]+$' || true)"
  echo "${v:-n/a}"
}

# latency <file> <kind> <index>: min/median/75th/95th/99th from the summary line (index 1..5), in microseconds
latency() {
  local v
  v="$(grep -E "id: .*, $2 latency min/median/75th/95th/99th [0-9/]+ " "$1" 2>/dev/null | tail -1 \
      | grep -oE '[0-9]+(/[0-9]+){4}' | cut -d/ -f"$3" || true)"
  echo "${v:-n/a}"
}

us_to_ms() { case "$1" in n/a) echo "n/a" ;; *) awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }' ;; esac; }

TRANSIENT_FLAGS=(-x 1 -y 1 -s 1000 -a)
CONFIRM_FLAGS=(-x 2 -y 2 -s 1000 -c 100 -q 100 -u spool-bench-2p2c)
DURABLE_QUEUE=spool-bench-durable
DURABLE_FLAGS=(-x 1 -y 1 -s 1000 -c 100 -q 100 -f persistent -u "$DURABLE_QUEUE" -ad false)
BACKLOG_QUEUE=spool-bench-backlog
PUBLISH_FLAGS=(-x 1 -y 0 -C "$BACKLOG" -s 1000 -f persistent -u "$BACKLOG_QUEUE" -ad false)
DRAIN_FLAGS=(-x 0 -y 1 -D "$BACKLOG" -q 100 -f persistent -u "$BACKLOG_QUEUE" -ad false)
BACKLOG_LIMIT=900 # seconds: a cap on each backlog PerfTest run, which otherwise ends at its message count

has_scenario() { case ",$SCENARIOS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

for s in ${SCENARIOS//,/ }; do
  case "$s" in transient|confirms|durable|backlog|recovery) ;; *) echo "unknown scenario: $s" >&2; usage 2 ;; esac
done

# amqp_ready <port>: the broker answers AMQP's protocol header with a frame of type 1 (its Connection.Start)
amqp_ready() {
  local b
  b="$( { exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'AMQP\000\000\011\001' >&3 \
         && timeout 2 head -c 1 <&3 | od -An -tx1; } 2>/dev/null || true)"
  [ "${b// /}" = 01 ]
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# rss_mib <pid>: the process's resident set (VmRSS) in MiB, or n/a
rss_mib() {
  awk '/^VmRSS:/ { printf "%d", $2 / 1024; found = 1 } END { if (!found) printf "n/a" }' "/proc/$1/status" 2>/dev/null \
    || echo n/a
}

# backlog_scenario <broker> <uri> <round>: publish the backlog, wait until the queue holds all of it, read the
# broker's RSS, optionally crash and restart the broker (recovery), then drain the backlog
backlog_scenario() {
  local run="$1-backlog" pid rss
  if [ "$1" = rabbitmq ]; then rabbitmqctl -q delete_queue "$BACKLOG_QUEUE" >/dev/null 2>&1 || true; fi
  perftest "$run-publish-$3" "$2" "$BACKLOG_LIMIT" "${PUBLISH_FLAGS[@]}"
  java -cp "$PERFTEST_CP" "$ROOT/spool-bench/QueueDepth.java" "$2" "$BACKLOG_QUEUE" "$BACKLOG" 300 \
    > "$RAW/$run-queued-$3.txt" 2>&1 || log "the backlog did not reach $BACKLOG messages: $(cat "$RAW/$run-queued-$3.txt")"
  pid="$(broker_pid "$1")"
  rss="$(rss_mib "$pid")"
  echo "$rss" > "$RAW/$run-rss-$3.txt"
  log "$1: backlog $(tail -1 "$RAW/$run-queued-$3.txt"), broker process $pid RSS $rss MiB"
  if has_scenario recovery; then
    if [ "$1" = spool ]; then spool_crash "$3"; else rabbit_crash "$3"; fi
  fi
  perftest "$run-drain-$3" "$2" "$BACKLOG_LIMIT" "${DRAIN_FLAGS[@]}"
  if [ "$1" = rabbitmq ]; then rabbitmqctl -q delete_queue "$BACKLOG_QUEUE" >/dev/null 2>&1 || true; fi
}

broker_pid() { # broker
  if [ "$1" = spool ]; then
    echo "$SPOOL_PID" # setsid execs the launcher, which execs the JVM
  else
    rabbitmqctl -q eval 'os:getpid().' 2>/dev/null | tr -dc '0-9'
  fi
}

run_scenarios() { # broker uri round
  wait_for_quiet
  if [ "$WARMUP" -gt 0 ]; then
    perftest "$1-warmup-$3" "$2" "$WARMUP" "${TRANSIENT_FLAGS[@]}"
  fi
  if has_scenario transient; then perftest "$1-transient-$3" "$2" "$DURATION" "${TRANSIENT_FLAGS[@]}"; fi
  if has_scenario confirms; then perftest "$1-confirms-$3" "$2" "$DURATION" "${CONFIRM_FLAGS[@]}"; fi
  if has_scenario durable; then
    perftest "$1-durable-$3" "$2" "$DURATION" "${DURABLE_FLAGS[@]}"
    if [ "$1" = rabbitmq ]; then rabbitmqctl -q delete_queue "$DURABLE_QUEUE" >/dev/null 2>&1 || true; fi
  fi
  if has_scenario backlog || has_scenario recovery; then backlog_scenario "$@"; fi
}

# ------------------------------------------------------------------------------------------------------------ spool
SPOOL_PID=""
SPOOL_TMP=""
RABBIT_STARTED=0

stop_spool() {
  if [ -n "$SPOOL_PID" ] && kill -0 "$SPOOL_PID" 2>/dev/null; then
    log "stopping Spool (process group $SPOOL_PID)"
    kill -TERM -- "-$SPOOL_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$SPOOL_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$SPOOL_PID" 2>/dev/null || true
  fi
  SPOOL_PID=""
  if [ -n "$SPOOL_TMP" ]; then rm -rf "$SPOOL_TMP"; SPOOL_TMP=""; fi
}

stop_rabbit() {
  if [ "$RABBIT_STARTED" = 1 ]; then
    log "stopping RabbitMQ (this script started it)"
    rabbitmqctl -q stop >/dev/null 2>&1 || service rabbitmq-server stop >/dev/null 2>&1 || true
    RABBIT_STARTED=0
  fi
}

cleanup() { stop_spool; stop_rabbit; }
trap cleanup EXIT
trap 'exit 130' INT TERM

spool_round() { # round
  SPOOL_PORT="${SPOOL_PORT_OPTION:-$(free_port)}"
  SPOOL_TMP="$(mktemp -d "${TMPDIR:-/tmp}/spool-bench.XXXXXX")"
  SPOOL_ARGS=(server --amqp-port "$SPOOL_PORT" --http-port 0 --data-dir "$SPOOL_TMP/data")
  if [ "$SNAPSHOT" = 1 ]; then
    [ -f spool-server/target/spool-server.jar ] || { log "no spool-server/target/spool-server.jar: build it first"; exit 1; }
    mkdir -p "$SPOOL_TMP/app"
    cp -r spool-server/target/spool-server.jar spool-server/target/lib "$SPOOL_TMP/app/"
    # JAVA_OPTS is split on spaces, as ./spool does.
    # shellcheck disable=SC2206
    SPOOL_CMD=(java ${JAVA_OPTS:-} -jar "$SPOOL_TMP/app/spool-server.jar")
    SPOOL_SHOWN="java -jar spool-server/target/spool-server.jar"
  else
    SPOOL_CMD=(./spool)
    SPOOL_SHOWN="./spool"
  fi
  log "starting Spool: ${SPOOL_CMD[*]} ${SPOOL_ARGS[*]}"
  # setsid: the launcher and the JVM it starts share one process group, stopped as a whole.
  setsid "${SPOOL_CMD[@]}" "${SPOOL_ARGS[@]}" > "$RAW/spool-server-$1.log" 2>&1 &
  SPOOL_PID=$!
  if ! wait_for_port "$SPOOL_PORT" 300 "$SPOOL_PID"; then
    log "Spool did not open port $SPOOL_PORT; its log:"; tail -40 "$RAW/spool-server-$1.log" >&2; exit 1
  fi
  run_scenarios spool "amqp://guest:guest@127.0.0.1:$SPOOL_PORT" "$1"
  stop_spool
}

# spool_crash <round>: kill -9 the running Spool, start it again on the same data directory and time until it
# answers AMQP; writes $RAW/spool-recovery-<round>.txt (milliseconds from launch, then the log's recovery line)
spool_crash() {
  log "kill -9 Spool (process group $SPOOL_PID) with the backlog queued"
  kill -KILL -- "-$SPOOL_PID" 2>/dev/null || true
  wait "$SPOOL_PID" 2>/dev/null || true
  local start log="$RAW/spool-server-$1-restart.log"
  start="$(now_ms)"
  setsid "${SPOOL_CMD[@]}" "${SPOOL_ARGS[@]}" > "$log" 2>&1 &
  SPOOL_PID=$!
  until amqp_ready "$SPOOL_PORT"; do
    if ! kill -0 "$SPOOL_PID" 2>/dev/null || [ $(( $(now_ms) - start )) -gt 300000 ]; then
      log "Spool did not come back; its log:"; tail -40 "$log" >&2; exit 1
    fi
    sleep 0.1
  done
  { echo "$(( $(now_ms) - start ))"; grep -m1 -oE "recovered [0-9]+ messages.*" "$log" || echo "no recovery line"; } \
    > "$RAW/spool-recovery-$1.txt"
  log "Spool answered AMQP $(head -1 "$RAW/spool-recovery-$1.txt") ms after launch: $(tail -1 "$RAW/spool-recovery-$1.txt")"
}

# --------------------------------------------------------------------------------------------------------- rabbitmq
RABBIT_NOTE=""
RABBIT_VERSION="not installed"
if [ "$RABBIT" = 0 ]; then
  RABBIT_NOTE="skipped (--no-rabbitmq)"
elif ! command -v rabbitmq-server >/dev/null 2>&1 || ! command -v rabbitmqctl >/dev/null 2>&1; then
  RABBIT_NOTE="skipped: rabbitmq-server is not installed (apt-get install -y rabbitmq-server)"
else
  RABBIT_VERSION="$(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo unknown)"
fi

rabbit_round() { # round
  if ! rabbitmqctl -q await_startup --timeout 5 >/dev/null 2>&1; then
    log "starting RabbitMQ"
    start_rabbit
    RABBIT_STARTED=1
  fi
  if rabbitmqctl -q await_startup --timeout 120 >/dev/null 2>&1; then
    RABBIT_VERSION="$(rabbitmqctl -q version 2>/dev/null || echo "$RABBIT_VERSION")"
    ERLANG_VERSION="$(rabbitmqctl -q eval 'erlang:system_info(otp_release).' 2>/dev/null | tr -d '"' || true)"
    [ -n "${ERLANG_VERSION:-}" ] && RABBIT_VERSION="$RABBIT_VERSION (Erlang/OTP $ERLANG_VERSION)"
    run_scenarios rabbitmq "$RABBIT_URI" "$1"
  else
    RABBIT_NOTE="skipped: RabbitMQ did not start within 120 s"
  fi
  stop_rabbit
}

start_rabbit() {
  if ! service rabbitmq-server start >/dev/null 2>&1; then
    rabbitmq-server -detached >/dev/null 2>&1 || true
  fi
}

# rabbit_crash <round>: kill -9 RabbitMQ's Erlang VM, start it again and time until it answers AMQP (RabbitMQ opens
# its listeners once its queues are recovered); writes $RAW/rabbitmq-recovery-<round>.txt
rabbit_crash() {
  local pid start
  pid="$(broker_pid rabbitmq)"
  [ -n "$pid" ] || { log "no RabbitMQ pid: recovery not measured"; return 0; }
  log "kill -9 RabbitMQ (beam.smp $pid) with the backlog queued"
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  RABBIT_STARTED=1
  start="$(now_ms)"
  start_rabbit &
  local starter=$!
  until amqp_ready "$RABBIT_PORT"; do
    if [ $(( $(now_ms) - start )) -gt 300000 ]; then log "RabbitMQ did not come back"; exit 1; fi
    sleep 0.1
  done
  { echo "$(( $(now_ms) - start ))"; echo "-"; } > "$RAW/rabbitmq-recovery-$1.txt"
  log "RabbitMQ answered AMQP $(head -1 "$RAW/rabbitmq-recovery-$1.txt") ms after launch"
  wait "$starter" || true
}

# ------------------------------------------------------------------------------------------------------------ runs
for round in $(seq 1 "$ROUNDS"); do
  if [ "$SPOOL" = 1 ]; then spool_round "$round"; fi
  if [ "$RABBIT" = 1 ] && [ -z "$RABBIT_NOTE" ]; then rabbit_round "$round"; fi
done
if [ -n "$RABBIT_NOTE" ]; then log "RabbitMQ $RABBIT_NOTE"; fi

# ---------------------------------------------------------------------------------------------------------- report
# median_run <broker> <scenario>: the run (file name without .txt) with the median receiving rate, or nothing
median_run() {
  local f runs=()
  for f in "$RAW/$1-$2-"*.txt; do
    [ -f "$f" ] || continue
    runs+=("$(field "$f" 'receiving rate avg' | sed 's#n/a#-1#') $(basename "$f" .txt)")
  done
  [ "${#runs[@]}" -gt 0 ] || return 0
  printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (${#runs[@]} + 1) / 2 ))p" | cut -d' ' -f2
}

# all_rates <broker> <scenario>: every run's receiving rate, in the order they ran
all_rates() {
  local f rates=()
  for f in "$RAW/$1-$2-"*.txt; do
    [ -f "$f" ] && rates+=("$(field "$f" 'receiving rate avg')")
  done
  local IFS=,
  echo "${rates[*]:-}" | sed 's/,/, /g'
}

row() { # broker scenario
  local run
  run="$(median_run "$1" "$2")"
  [ -n "$run" ] || return 0
  local f="$RAW/$run.txt"
  local confirm="-"
  if [ "$2" = confirms ] || [ "$2" = durable ]; then
    confirm="$(us_to_ms "$(latency "$f" confirm 2)") / $(us_to_ms "$(latency "$f" confirm 5)")"
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$2" "$1" \
    "$(field "$f" 'sending rate avg')" "$(field "$f" 'receiving rate avg')" \
    "$(us_to_ms "$(latency "$f" consumer 2)")" "$(us_to_ms "$(latency "$f" consumer 4)")" \
    "$(us_to_ms "$(latency "$f" consumer 5)")" "$confirm" "$(cat "$RAW/$run.load" 2>/dev/null || echo n/a)" \
    "$(all_rates "$1" "$2")"
}

median_rate() { # broker scenario
  local run
  run="$(median_run "$1" "$2")"
  if [ -n "$run" ]; then field "$RAW/$run.txt" 'receiving rate avg'; else echo n/a; fi
}

# median_of <values...>: the median of the integer values given, ignoring n/a, or n/a
median_of() {
  local v vals=()
  for v in "$@"; do [ "$v" = n/a ] || [ -z "$v" ] || vals+=("$v"); done
  [ "${#vals[@]}" -gt 0 ] || { echo n/a; return 0; }
  printf '%s\n' "${vals[@]}" | sort -n | sed -n "$(( (${#vals[@]} + 1) / 2 ))p"
}

# backlog_values <broker> <what>: one value per round: publish, drain (msg/s), rss (MiB), recovery (ms)
backlog_values() {
  local r v
  for r in $(seq 1 "$ROUNDS"); do
    case "$2" in
      publish) v="$(field "$RAW/$1-backlog-publish-$r.txt" 'sending rate avg')" ;;
      drain) v="$(field "$RAW/$1-backlog-drain-$r.txt" 'receiving rate avg')" ;;
      rss) v="$(cat "$RAW/$1-backlog-rss-$r.txt" 2>/dev/null || true)" ;;
      recovery) v="$(head -1 "$RAW/$1-recovery-$r.txt" 2>/dev/null || true)" ;;
    esac
    echo "${v:-n/a}"
  done
}

backlog_row() { # broker round
  [ -f "$RAW/$1-backlog-publish-$2.txt" ] || return 0
  local queued recovery line
  queued="$(grep -oE 'depth [0-9]+ after [0-9]+ ms' "$RAW/$1-backlog-queued-$2.txt" 2>/dev/null || echo n/a)"
  recovery="$(head -1 "$RAW/$1-recovery-$2.txt" 2>/dev/null || true)"
  line="$(sed -n 2p "$RAW/$1-recovery-$2.txt" 2>/dev/null || true)"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" \
    "$(field "$RAW/$1-backlog-publish-$2.txt" 'sending rate avg')" "$queued" \
    "$(cat "$RAW/$1-backlog-rss-$2.txt" 2>/dev/null || echo n/a)" \
    "$(if [ -n "$recovery" ]; then awk -v m="$recovery" 'BEGIN { printf "%.1f", m / 1000 }'; else echo -; fi)" \
    "${line:--}" "$(field "$RAW/$1-backlog-drain-$2.txt" 'receiving rate avg')" \
    "$(cat "$RAW/$1-backlog-publish-$2.load" 2>/dev/null || echo n/a)"
}

# times3 <label> <spool> <rabbitmq>: whether Spool's figure is at least 3x RabbitMQ's
times3() {
  if [ "$2" = n/a ] || [ "$3" = n/a ]; then
    echo "- $1: **not checked** (Spool $2, RabbitMQ $3)."
  else
    local x
    x="$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", a / b }')"
    if [ "$2" -ge $(( 3 * $3 )) ]; then
      echo "- $1: **met**, Spool $2 msg/s against RabbitMQ's $3 msg/s (${x}x)."
    else
      echo "- $1: **not met**, Spool $2 msg/s against RabbitMQ's $3 msg/s (${x}x)."
    fi
  fi
}

SPOOL_RECV="$(median_rate spool transient)"
RABBIT_RECV="$(median_rate rabbitmq transient)"
if ! has_scenario transient; then
  VERDICT="**Not measured** in this run (\`--scenarios $SCENARIOS\`)."
elif [ "$SPOOL_RECV" = n/a ]; then
  VERDICT="**Not measured**: the Spool run produced no PerfTest summary (see the raw output)."
elif [ "$RABBIT_RECV" = n/a ]; then
  VERDICT="**Not checked**: no RabbitMQ figure on this machine (${RABBIT_NOTE:-its run produced no summary})."
elif [ "$SPOOL_RECV" -ge "$RABBIT_RECV" ]; then
  VERDICT="**Met**: Spool received $SPOOL_RECV msg/s against RabbitMQ's $RABBIT_RECV msg/s ($(awk -v a="$SPOOL_RECV" -v b="$RABBIT_RECV" 'BEGIN { printf "%.0f", 100 * a / b }') %)."
else
  VERDICT="**Not met**: Spool received $SPOOL_RECV msg/s against RabbitMQ's $RABBIT_RECV msg/s ($(awk -v a="$SPOOL_RECV" -v b="$RABBIT_RECV" 'BEGIN { printf "%.0f", 100 * a / b }') %)."
fi

NICENESS="$(nice)"
MAX_SEEN_LOAD="$(cat "$RAW"/*.load 2>/dev/null | sort -n | tail -1)"
MIN_SEEN_LOAD="$(cat "$RAW"/*.load 2>/dev/null | sort -n | head -1)"
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
CORES="$(nproc)"
RAM="$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
OS="$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}")"
JDK="$(java -version 2>&1 | sed -n 2p)"
REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo "no commit")"
if [ -n "$(git status --porcelain 2>/dev/null | head -1)" ]; then REVISION="$REVISION with uncommitted changes"; fi
JMH_SUMMARY="$ROOT/spool-bench/results/jmh-summary.md"

{
  cat <<EOF
# Benchmarks

Generated by \`spool-bench/run-perftest.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); rerun it to refresh this page.

## Target

At least RabbitMQ's throughput on the same machine for transient messages, 1 producer / 1 consumer, 1000-byte
bodies, automatic acknowledgement (the **transient** scenario below), measured as PerfTest's receiving rate.

$VERDICT

## Machine

| | |
|---|---|
| CPU | $CPU |
| cores | $CORES |
| memory | $RAM |
| OS | $OS |
| JDK | $JDK |
| Spool | $REVISION |
| RabbitMQ | $RABBIT_VERSION |
| PerfTest | 2.22.1 (\`com.rabbitmq:perf-test\`), on the same machine as the broker |

Broker and load generator share the same $CORES cores, so the figures are a comparison between brokers under the
same conditions, not a ceiling for either.
EOF
  if [ -n "$MAX_SEEN_LOAD" ] && awk -v l="$MAX_SEEN_LOAD" -v c="$CORES" 'BEGIN { exit !(l >= c) }'; then
    cat <<EOF

**A busy machine**: other work shared the CPUs during these runs (1-minute load average $MIN_SEEN_LOAD to
$MAX_SEEN_LOAD on $CORES cores as runs started). Brokers were alternated round by round so that both met similar
conditions, but treat the figures as indicative and rerun on a quiet machine for a clean comparison.
EOF
  fi
  if [ "$NICENESS" != 0 ]; then
    printf '\nBrokers and PerfTest ran at nice %s (the script was started with `nice -n %s`).\n' "$NICENESS" "$NICENESS"
  fi
  cat <<EOF

## End-to-end: PerfTest

Run with \`spool-bench/run-perftest.sh${INVOCATION:+ $INVOCATION}\` (${DURATION}-second runs). Each broker runs
alone: Spool first, then RabbitMQ as installed (default settings, \`$RABBIT_URI\`). Before the measured runs
each broker gets one unreported ${WARMUP}-second run of the transient scenario (the JVM's JIT warms up; RabbitMQ gets the
same). Spool runs with default settings but for its ports and data directory:

\`\`\`
${SPOOL_SHOWN:-./spool} server --amqp-port <free port> --http-port 0 --data-dir <fresh temp dir>
\`\`\`

PerfTest, on its own classpath, against each broker's URI:

\`\`\`
# transient: 1 producer, 1 consumer, 1000 B, transient messages, autoack
java -cp 'spool-perftest/target/lib/*' com.rabbitmq.perf.PerfTest -h <uri> ${TRANSIENT_FLAGS[*]} -z $DURATION
# confirms: 2 producers, 2 consumers on one queue, publisher confirms (100 in flight), manual acks (prefetch 100)
java -cp 'spool-perftest/target/lib/*' com.rabbitmq.perf.PerfTest -h <uri> ${CONFIRM_FLAGS[*]} -z $DURATION
\`\`\`

Rates are PerfTest's averages over the whole run (msg/s); latencies are its consumer latency percentiles over the
run (publish to delivery, ms); "load before" is the machine's 1-minute load average as the run started (anything
near or above the core count means other work shared the CPUs). With several rounds ($ROUNDS here), each row is the
run with the median receiving rate, and the last column lists every run's receiving rate in the order they ran.

| scenario | broker | sent msg/s | received msg/s | latency p50 (ms) | p95 (ms) | p99 (ms) | confirm p50 / p99 (ms) | load before | received, every run |
|---|---|---:|---:|---:|---:|---:|---:|---:|---|
EOF
  row spool transient
  row rabbitmq transient
  row spool confirms
  row rabbitmq confirms
  if [ -n "$RABBIT_NOTE" ]; then printf '\nRabbitMQ: %s.\n' "$RABBIT_NOTE"; fi
  cat <<EOF

With autoack nothing slows the producer down but the broker's own flow control, so the sending rate can run ahead of
the receiving rate while the queue grows; the receiving rate is the throughput that reaches consumers. A consumer
latency of seconds means the queue grew during the run.

To see where Spool's time goes in the transient scenario, \`spool-bench/profile-spool.sh\` records it with JFR and
lists the most sampled frames.
EOF
  if has_scenario durable || has_scenario backlog || has_scenario recovery; then
    SPOOL_RSS="$(median_of $(backlog_values spool rss))"
    if [ "$SPOOL_RSS" = n/a ]; then RSS_VERDICT="**not checked**"
    elif [ "$SPOOL_RSS" -lt 300 ]; then RSS_VERDICT="**met**, $SPOOL_RSS MiB"
    else RSS_VERDICT="**not met**, $SPOOL_RSS MiB"; fi
    cat <<EOF

## Durable messages

Persistent messages to durable queues, the same PerfTest runs for both brokers. Spool runs with its defaults
(\`store.sync: always\`: every publisher confirm waits for an fsync of the message log)${JAVA_OPTS:+ and
\`JAVA_OPTS=$JAVA_OPTS\`}; RabbitMQ with its defaults (classic queues).

\`\`\`
# durable: 1 producer with confirms (100 in flight), 1 consumer with manual acks (prefetch 100), 1000 B, persistent
java -cp 'spool-perftest/target/lib/*' com.rabbitmq.perf.PerfTest -h <uri> ${DURABLE_FLAGS[*]} -z $DURATION
# backlog: publish $BACKLOG persistent 1000 B messages with no consumer, then drain them
java -cp 'spool-perftest/target/lib/*' com.rabbitmq.perf.PerfTest -h <uri> ${PUBLISH_FLAGS[*]}
java -cp 'spool-perftest/target/lib/*' com.rabbitmq.perf.PerfTest -h <uri> ${DRAIN_FLAGS[*]}
\`\`\`

Targets: the durable scenario's rate and both backlog rates at least 3x RabbitMQ's on the same machine; Spool's RSS
with the whole backlog queued below 300 MiB.

EOF
    if has_scenario durable; then
      times3 "durable, received" "$(median_rate spool durable)" "$(median_rate rabbitmq durable)"
    fi
    if has_scenario backlog || has_scenario recovery; then
      times3 "backlog publish" "$(median_of $(backlog_values spool publish))" "$(median_of $(backlog_values rabbitmq publish))"
      times3 "backlog drain" "$(median_of $(backlog_values spool drain))" "$(median_of $(backlog_values rabbitmq drain))"
      echo "- Spool's RSS with the backlog below 300 MiB: $RSS_VERDICT."
    fi
    if has_scenario durable; then
      cat <<EOF

| scenario | broker | sent msg/s | received msg/s | latency p50 (ms) | p95 (ms) | p99 (ms) | confirm p50 / p99 (ms) | load before | received, every run |
|---|---|---:|---:|---:|---:|---:|---:|---:|---|
EOF
      row spool durable
      row rabbitmq durable
    fi
    if has_scenario backlog || has_scenario recovery; then
      cat <<EOF

Backlog of $BACKLOG messages, one row per broker and round. "queued" is the depth a passive \`queue.declare\` saw
once the producer had ended, and how long after that it reached the whole backlog (\`spool-bench/QueueDepth.java\`).
RSS is the broker process's VmRSS (\`/proc/<pid>/status\`; for RabbitMQ its Erlang VM, \`beam.smp\`) with the whole
backlog queued.
EOF
      if has_scenario recovery; then
        cat <<EOF
Recovery: with the backlog queued the broker is killed with \`kill -9\` and started again on the same data; the time
runs from the launch (JVM or Erlang VM start included) until the broker answers AMQP's protocol header with
Connection.Start, beside the line Spool logs once it has recovered its queues. The drain then runs against the
restarted broker, so a full drain also shows that the whole backlog survived.
EOF
      fi
      cat <<EOF

| broker | round | publish msg/s | queued | RSS (MiB) | recovery (s) | recovery log | drain msg/s | load before |
|---|---|---:|---|---:|---:|---|---:|---:|
EOF
      for r in $(seq 1 "$ROUNDS"); do backlog_row spool "$r"; backlog_row rabbitmq "$r"; done
    fi
  fi
  if [ -f "$JMH_SUMMARY" ]; then
    printf '\n## Micro-benchmarks (JMH)\n\n'
    cat "$JMH_SUMMARY"
  else
    printf '\n## Micro-benchmarks (JMH)\n\nRun `spool-bench/run-jmh.sh`: it writes spool-bench/results/jmh-summary.md, included here on the next run.\n'
  fi
} > "$DOC"

log "wrote $DOC (raw output in $RAW)"
