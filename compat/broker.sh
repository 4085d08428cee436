#!/usr/bin/env bash
# Starts, stops and restarts the one broker the compatibility suite talks to.
#
#   compat/broker.sh start|stop|restart|wait
#
# Environment (run.sh exports these, so the client programs inherit them and can call
# COMPAT_RESTART_CMD="compat/broker.sh restart" themselves):
#   COMPAT_PORT        AMQP port the broker listens on (the same after a restart)
#   COMPAT_STATE_DIR   folder for the pid file, the broker's log and its data directory
#   COMPAT_BROKER_CMD  optional: the command that runs the broker in the foreground; default:
#                      <repo>/spool server --amqp-port $COMPAT_PORT --data-dir $COMPAT_STATE_DIR/data
#
# The broker runs in its own session (setsid), so stop signals exactly the processes this script started: SIGTERM
# first (a graceful shutdown, as a service manager does), SIGKILL after 20 s.
set -euo pipefail

compat_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$compat_dir")"
: "${COMPAT_PORT:?COMPAT_PORT is not set}"
: "${COMPAT_STATE_DIR:?COMPAT_STATE_DIR is not set}"
pid_file="$COMPAT_STATE_DIR/broker.pid"
log_file="$COMPAT_STATE_DIR/broker.log"
start_timeout="${COMPAT_BROKER_START_TIMEOUT:-120}"

broker_cmd() {
  if [[ -n "${COMPAT_BROKER_CMD:-}" ]]; then
    echo "$COMPAT_BROKER_CMD"
  else
    echo "'$repo_dir/spool' server --amqp-port $COMPAT_PORT --data-dir '$COMPAT_STATE_DIR/data'"
  fi
}

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

accepts_connections() {
  # An AMQP client's first step: open a TCP connection, send the protocol header, read connection.start (frame
  # type 1 on channel 0). A broker that only opened its socket does not pass.
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "AMQP\x00\x00\x09\x01" >&3
    first="$(head -c 1 <&3 | od -An -tu1 | tr -d " ")"
    exec 3<&-
    [[ "$first" == "1" ]]' _ "$COMPAT_PORT" 2>/dev/null
}

wait_ready() {
  local deadline=$((SECONDS + start_timeout))
  while ! accepts_connections; do
    if ! running_pid >/dev/null; then
      echo "broker.sh: the broker exited while starting; last lines of $log_file:" >&2
      tail -n 20 "$log_file" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "broker.sh: the broker did not accept AMQP connections on port $COMPAT_PORT within ${start_timeout} s" >&2
      tail -n 20 "$log_file" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

start() {
  if running_pid >/dev/null; then
    echo "broker.sh: a broker is already running (pid $(cat "$pid_file"))" >&2
    return 1
  fi
  mkdir -p "$COMPAT_STATE_DIR"
  echo "=== $(date '+%H:%M:%S') start: $(broker_cmd)" >>"$log_file"
  # Not a job-control shell: the background child is no group leader, so setsid makes it a session leader in
  # place and $! is the id of its process group.
  setsid bash -c "exec $(broker_cmd)" </dev/null >>"$log_file" 2>&1 &
  echo $! >"$pid_file"
  wait_ready
}

stop() {
  local pid
  pid="$(running_pid)" || { rm -f "$pid_file"; return 0; }
  echo "=== $(date '+%H:%M:%S') stop: SIGTERM to process group $pid" >>"$log_file"
  kill -TERM -- "-$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 20)) killed=0
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline && killed == 0)); then
      echo "=== stop: still running after 20 s, SIGKILL" >>"$log_file"
      kill -KILL -- "-$pid" 2>/dev/null || true
      killed=1
    fi
    sleep 0.1
  done
  rm -f "$pid_file"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart)
    began=$SECONDS
    stop
    start
    echo "broker.sh: broker restarted on port $COMPAT_PORT in $((SECONDS - began)) s" >&2
    ;;
  wait) wait_ready ;;
  *)
    echo "usage: $0 start|stop|restart|wait" >&2
    exit 2
    ;;
esac
