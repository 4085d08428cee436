#!/usr/bin/env bash
# The C client, rabbitmq-c, through Debian's amqp-tools (amqp-declare-queue, amqp-publish, amqp-consume, amqp-get,
# amqp-delete-queue), as shell scripts use it: publish and consume round trips with acks and prefetch, a topic
# fan-out through amq.topic, and a consumer that sees the broker restart followed by a fresh round trip. Every
# message must arrive exactly once. One PASS/SKIP/FAIL line per step; exits 1 when any step failed.
#
# What amqp-tools cannot express is skipped with the reason: publisher confirms (amqp-publish has no option for
# them), dead-lettering (no queue arguments, no reject), the unacked count under prefetch (not observable).
#
# Environment, the same for every client in compat/ (see compat/README.md): COMPAT_HOST, COMPAT_PORT, COMPAT_USER,
# COMPAT_PASSWORD, COMPAT_RESTART_CMD (restarts the broker on the same port), COMPAT_SKIP (dlx,durable).
set -uo pipefail

url="amqp://${COMPAT_USER:-guest}:${COMPAT_PASSWORD:-guest}@${COMPAT_HOST:-127.0.0.1}:${COMPAT_PORT:-5672}"
prefix="compat.c-amqp-tools."
skip_list=",${COMPAT_SKIP:-},"
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
passed=0 failed=0 skipped=0

pass() { passed=$((passed + 1)); echo "PASS $1: $2"; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1: $2"; }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }

# amqp-consume runs this for each message, body on stdin: one line per message in the file named by $1.
append_body='printf "%s\n" "$(cat)" >> "$0"'

# consume QUEUE COUNT FILE [PREFETCH]: takes COUNT messages (acking each after the command ran), 20 s at most.
consume() {
  timeout 20 amqp-consume -u "$url" -q "$1" -c "$2" -p "${4:-10}" -- sh -c "$append_body" "$3"
}

# exactly_once LABEL EXPECTED_FILE GOT_FILE: the same lines, each once.
exactly_once() {
  local duplicated missing unexpected
  duplicated="$(sort "$3" | uniq -d | head -n 5 | tr '\n' ' ')"
  missing="$(comm -23 <(sort -u "$2") <(sort -u "$3") | head -n 5 | tr '\n' ' ')"
  unexpected="$(comm -13 <(sort -u "$2") <(sort -u "$3") | head -n 5 | tr '\n' ' ')"
  if [[ -n "$duplicated$missing$unexpected" ]]; then
    echo "$1: expected $(wc -l <"$2") messages once each; missing [${missing}], duplicated [${duplicated}], unexpected [${unexpected}]"
    return 1
  fi
}

# empty QUEUE: amqp-get exits 2 when the queue has no message.
is_empty() {
  amqp-get -u "$url" -q "$1" >/dev/null 2>&1
  [[ $? -eq 2 ]]
}

seconds_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

publish_consume() {
  local queue="${prefix}work" expected="$work_dir/work.expected" got="$work_dir/work.got"
  amqp-delete-queue -u "$url" -q "$queue" >/dev/null 2>&1
  amqp-declare-queue -u "$url" -q "$queue" >/dev/null || { echo "queue.declare failed"; return 1; }
  seq -f "work-%g" 0 199 >"$expected"
  amqp-publish -u "$url" -r "$queue" -l <"$expected" || { echo "amqp-publish failed"; return 1; }
  : >"$got"
  consume "$queue" 200 "$got" 10 || { echo "amqp-consume ended with status $? after $(wc -l <"$got") of 200 messages"; return 1; }
  sleep 0.2
  exactly_once "publish-consume" "$expected" "$got" || return 1
  is_empty "$queue" || { echo "queue not empty after 200 acked deliveries"; return 1; }
  amqp-delete-queue -u "$url" -q "$queue" >/dev/null
  echo "200 messages published with amqp-publish, consumed with amqp-consume -p 10 (ack after each), once each; queue empty after"
}

topic_fanout() {
  # amqp-tools declare no exchange, so the predeclared amq.topic carries the fan-out. amqp-consume -e/-r declares
  # its queue (auto-delete) and binds it with one pattern, so each queue here has one binding. A marker sent
  # straight to the queue shows when the consumer is bound and consuming; markers are left out of the count.
  local name queue key i pid
  declare -A bindings=([all]="#" [orders]="order.*" [eu]="*.*.eu")
  declare -A routes=([order.created]="all orders" [order.created.eu]="all eu" [payment.done.eu]="all eu"
                     [order.shipped.us]="all" [order]="all" [audit]="all")
  declare -A consumers=()
  for name in "${!bindings[@]}"; do
    : >"$work_dir/$name.expected"
    : >"$work_dir/$name.got"
    amqp-consume -u "$url" -q "${prefix}events.$name" -e amq.topic -r "${bindings[$name]}" -c 100000 \
      -- sh -c "$append_body" "$work_dir/$name.got" 2>>"$work_dir/consumers.log" &
    consumers[$name]=$!
  done
  stop_consumers() { for pid in "${consumers[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done; }
  for name in "${!bindings[@]}"; do
    for i in $(seq 1 100); do
      grep -q '^marker-' "$work_dir/$name.got" && break
      amqp-publish -u "$url" -r "${prefix}events.$name" -b "marker-$i"
      sleep 0.1
    done
    grep -q '^marker-' "$work_dir/$name.got" || { stop_consumers; echo "amqp-consume on queue $name not consuming after 10 s"; return 1; }
  done
  for key in "${!routes[@]}"; do
    for i in $(seq 0 9); do echo "$key#$i"; done >"$work_dir/key.lines"
    amqp-publish -u "$url" -e amq.topic -r "$key" -l <"$work_dir/key.lines" || { stop_consumers; return 1; }
    for name in ${routes[$key]}; do cat "$work_dir/key.lines" >>"$work_dir/$name.expected"; done
  done
  for i in $(seq 1 200); do
    local done_all=1
    for name in "${!bindings[@]}"; do
      [[ $(grep -vc '^marker-' "$work_dir/$name.got") -ge $(wc -l <"$work_dir/$name.expected") ]] || done_all=0
    done
    [[ $done_all -eq 1 ]] && break
    sleep 0.1
  done
  sleep 0.3 # a late duplicate would show up here
  stop_consumers
  for name in "${!bindings[@]}"; do
    grep -v '^marker-' "$work_dir/$name.got" >"$work_dir/$name.events"
    exactly_once "queue $name" "$work_dir/$name.expected" "$work_dir/$name.events" || return 1
  done
  echo "60 events through amq.topic reached exactly the queues their keys match (#, order.*, *.*.eu), once each"
}

durable_queue="${prefix}durable"

reconnect() {
  local queue="${prefix}after-restart" expected="$work_dir/restart.expected" got="$work_dir/restart.got"
  local consumer_log="$work_dir/consumer.log" started status
  amqp-delete-queue -u "$url" -q "$durable_queue" >/dev/null 2>&1
  amqp-declare-queue -u "$url" -q "$durable_queue" -d >/dev/null || { echo "durable queue.declare failed"; return 1; }
  seq -f "backlog-%g" 0 4 | amqp-publish -u "$url" -r "$durable_queue" -p -l || return 1
  amqp-delete-queue -u "$url" -q "$queue" >/dev/null 2>&1
  amqp-declare-queue -u "$url" -q "$queue" >/dev/null || return 1
  # a consumer waiting across the restart must notice the broker closing its connection and exit with an error
  amqp-consume -u "$url" -q "$queue" -c 1000 -- sh -c 'cat >/dev/null' >"$consumer_log" 2>&1 &
  local consumer=$!
  sleep 0.5
  started=$(date +%s.%N)
  sh -c "$COMPAT_RESTART_CMD" >&2 || { echo "restart command failed: $COMPAT_RESTART_CMD"; kill "$consumer" 2>/dev/null; return 1; }
  local restart_s; restart_s="$(seconds_since "$started")"
  for _ in $(seq 1 100); do kill -0 "$consumer" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$consumer" 2>/dev/null; then
    kill "$consumer"
    echo "amqp-consume still running 10 s after the broker restarted"
    return 1
  fi
  wait "$consumer"
  status=$?
  [[ $status -ne 0 ]] || { echo "amqp-consume exited 0 although the broker closed its connection"; return 1; }
  amqp-declare-queue -u "$url" -q "$queue" >/dev/null || { echo "queue.declare after the restart failed"; return 1; }
  seq -f "after-restart-%g" 0 49 >"$expected"
  amqp-publish -u "$url" -r "$queue" -p -l <"$expected" || return 1
  : >"$got"
  consume "$queue" 50 "$got" || { echo "amqp-consume ended after $(wc -l <"$got") of 50 messages"; return 1; }
  sleep 0.2
  exactly_once "after restart" "$expected" "$got" || return 1
  amqp-delete-queue -u "$url" -q "$queue" >/dev/null
  echo "broker restarted in ${restart_s} s; the waiting amqp-consume exited $status ($(tr '\n' ' ' <"$consumer_log" | cut -c1-120)); then 50 messages published and consumed once each"
}

durable_backlog() {
  local expected="$work_dir/backlog.expected" got="$work_dir/backlog.got"
  seq -f "backlog-%g" 0 4 >"$expected"
  : >"$got"
  consume "$durable_queue" 5 "$got" || { echo "durable queue gave $(wc -l <"$got") of the 5 persistent messages after the restart"; return 1; }
  exactly_once "durable-backlog" "$expected" "$got" || return 1
  is_empty "$durable_queue" || { echo "durable queue holds more than the 5 persistent messages"; return 1; }
  amqp-delete-queue -u "$url" -q "$durable_queue" >/dev/null
  echo "5 persistent messages survived the restart, once each"
}

# run STEP FUNCTION: the function prints its summary (or the failure) as its last line.
run() {
  local output status started
  started=$(date +%s.%N)
  output="$("$2" 2>&1)"
  status=$?
  local last; last="$(printf '%s\n' "$output" | tail -n 1)"
  [[ $(printf '%s\n' "$output" | wc -l) -gt 1 ]] && printf '%s\n' "$output" | head -n -1 >&2
  if [[ $status -eq 0 ]]; then
    pass "$1" "$last ($(seconds_since "$started") s)"
  else
    fail "$1" "$last ($(seconds_since "$started") s)"
  fi
  return $status
}

run publish-consume publish_consume
skip confirms "amqp-publish has no publisher-confirm option"
run topic-fanout topic_fanout
if [[ "$skip_list" == *",dlx,"* ]]; then
  skip dead-letter "needs x-dead-letter-exchange (skipped with COMPAT_SKIP=dlx)"
else
  skip dead-letter "amqp-tools cannot declare queue arguments (x-dead-letter-exchange) or reject a message"
fi
if [[ -z "${COMPAT_RESTART_CMD:-}" ]]; then
  skip reconnect "COMPAT_RESTART_CMD is not set"
  skip durable-backlog "COMPAT_RESTART_CMD is not set"
elif run reconnect reconnect; then
  if [[ "$skip_list" == *",durable,"* ]]; then
    skip durable-backlog "needs messages kept on disk across a restart (durability issue)"
    amqp-delete-queue -u "$url" -q "$durable_queue" >/dev/null 2>&1
  else
    run durable-backlog durable_backlog
  fi
else
  fail durable-backlog "not checked: the reconnect step failed"
fi
echo "c-amqp-tools: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
