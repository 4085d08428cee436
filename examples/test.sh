#!/usr/bin/env bash
# Runs every example's scripted demo against a fresh Spool broker and prints PASS/FAIL per example.
#
#   examples/test.sh                      all three
#   examples/test.sh signup order-placed  only these
#
# Each example's `run.sh demo` runs its story non-interactively and exits 0 only when the expected outcome happened
# (see each README). This script builds Spool if needed (./spool --help), starts it on a free port with a fresh data
# directory (compat/broker.sh), points the examples at it with AMQP_URL, runs them one after the other with a time
# limit, and exits 1 when one FAILED. An example whose runtime cannot be installed here is SKIPPED with the reason.
#
# Environment (all optional):
#   EXAMPLES_TIMEOUT   seconds one example may take, its build included (default 180)
#   EXAMPLES_INSTALL   0 to never install anything (default 1: apt-get install python3-celery when root and missing)
#   EXAMPLES_LOG_DIR   where logs go (default: a new folder under /tmp, printed at the end)
set -uo pipefail

examples_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$examples_dir")"
all_examples=(signup image-upload order-placed)
examples=("$@")
[[ ${#examples[@]} -gt 0 ]] || examples=("${all_examples[@]}")
for example in "${examples[@]}"; do
  [[ " ${all_examples[*]} " == *" $example "* ]] || { echo "test.sh: unknown example '$example' (one of: ${all_examples[*]})" >&2; exit 2; }
done

log_dir="${EXAMPLES_LOG_DIR:-$(mktemp -d /tmp/spool-examples.XXXXXX)}"
mkdir -p "$log_dir"
timeout_s="${EXAMPLES_TIMEOUT:-180}"
suite_started=$SECONDS
say() { echo "examples: $*"; }

# prepare EXAMPLE: prints the reason and returns 1 when the example cannot run here. (The Java examples build
# themselves in run.sh, so their build counts against the time limit and a broken build is a FAIL.)
prepare() {
  case "$1" in
    signup | image-upload)
      command -v "${JAVA_HOME:+$JAVA_HOME/bin/}java" >/dev/null || { echo "no java: set JAVA_HOME or put java on the PATH"; return 1; }
      ;;
    order-placed)
      /usr/bin/python3 -c 'import celery' 2>/dev/null && return 0
      if [[ "${EXAMPLES_INSTALL:-1}" != 0 && $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "installing python3-celery" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-celery \
          >"$log_dir/apt-get.log" 2>&1 \
          || { apt-get update >>"$log_dir/apt-get.log" 2>&1 && DEBIAN_FRONTEND=noninteractive \
               apt-get install -y --no-install-recommends python3-celery >>"$log_dir/apt-get.log" 2>&1; }
      fi
      /usr/bin/python3 -c 'import celery' 2>/dev/null \
        || { echo "Celery is not installed for /usr/bin/python3 (apt-get install python3-celery; see $log_dir/apt-get.log)"; return 1; }
      ;;
  esac
}

# --- the broker --------------------------------------------------------------------------------------------------

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  return 1
}

export COMPAT_PORT="${EXAMPLES_PORT:-$(free_port)}"
export COMPAT_STATE_DIR="$log_dir/broker"
export AMQP_URL="amqp://guest:guest@127.0.0.1:$COMPAT_PORT"
trap '"$repo_dir/compat/broker.sh" stop' EXIT

say "building Spool if needed (./spool --help)"
(cd "$repo_dir" && ./spool --help) >"$log_dir/spool-build.log" 2>&1 \
  || { say "Spool does not build: see $log_dir/spool-build.log"; tail -n 20 "$log_dir/spool-build.log"; exit 1; }
say "starting the broker on port $COMPAT_PORT (log: $COMPAT_STATE_DIR/broker.log)"
"$repo_dir/compat/broker.sh" start || { say "the broker did not start"; exit 1; }

# --- running ----------------------------------------------------------------------------------------------------

declare -A result=() notes=() took=()
for example in "${examples[@]}"; do
  started=$SECONDS
  if ! reason="$(prepare "$example" 2>&1)"; then
    result[$example]=SKIP
    notes[$example]="$reason"
    took[$example]=$((SECONDS - started))
    say "SKIP $example: $reason"
    continue
  fi
  say "running $example (run.sh demo)"
  log="$log_dir/$example.log"
  timeout --kill-after=10 "$timeout_s" "$examples_dir/$example/run.sh" demo >"$log" 2>&1 </dev/null
  status=$?
  took[$example]=$((SECONDS - started))
  grep -E '^(PASS|FAIL) ' "$log" | sed "s/^/  $example: /"
  if [[ $status -eq 0 ]] && grep -q "^$example demo: PASS" "$log" && ! grep -q '^FAIL ' "$log"; then
    result[$example]=PASS
    notes[$example]=""
  else
    result[$example]=FAIL
    case $status in
      124 | 137) notes[$example]="timed out after ${timeout_s} s; log: $log" ;;
      *) notes[$example]="exit $status; log: $log" ;;
    esac
    echo "  --- last lines of $log:"
    tail -n 25 "$log" | sed 's/^/  | /'
  fi
done

echo
printf '%-14s %-6s %6s  %s\n' example result time notes
passed=0 failed=0 skipped=0
for example in "${examples[@]}"; do
  printf '%-14s %-6s %5ss  %s\n' "$example" "${result[$example]}" "${took[$example]}" "${notes[$example]}"
  case "${result[$example]}" in
    PASS) passed=$((passed + 1)) ;;
    FAIL) failed=$((failed + 1)) ;;
    SKIP) skipped=$((skipped + 1)) ;;
  esac
done
echo
say "logs in $log_dir; $((SECONDS - suite_started)) s in all"
echo "examples: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
