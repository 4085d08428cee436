#!/usr/bin/env bash
# Runs the compatibility suite: one small, real program per client library against one Spool broker.
#
#   compat/run.sh                      every client
#   compat/run.sh python-pika go-amqp091   only these
#
# It installs what a client needs when it is missing (Debian packages when running as root, npm ci), builds the Java
# programs and the Go one, starts Spool on a free port with a fresh data directory, runs each program with a time
# limit, and prints a PASS/FAIL/SKIP table. Exit status 1 when any client FAILED. A client whose toolchain or
# library cannot be installed is SKIPPED with the reason, never silently.
#
# Environment (all optional):
#   COMPAT_SKIP        features Spool does not have yet; the programs print "SKIP <step>: <why>" for them.
#                      Default below; set it to "" to run every step (e.g. against RabbitMQ).
#   COMPAT_PORT        AMQP port for the broker (default: a free one)
#   COMPAT_BROKER_CMD  run another broker instead of ./spool (see compat/broker.sh), e.g. RabbitMQ as a reference
#   COMPAT_TIMEOUT     seconds one client program may take (default 240)
#   COMPAT_INSTALL     0 to never install anything (default 1)
#   COMPAT_LOG_DIR     where logs go (default: a new folder under /tmp, printed at the end)
set -uo pipefail

# Features the broker lacks today: none (dead-lettering and durable messages across a restart both work). The word
# list is kept for running the programs against a broker that lacks them ("dlx", "durable").
export COMPAT_SKIP="${COMPAT_SKIP-}"

compat_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$compat_dir")"
all_clients=(java-amqp-client spring-boot python-pika python-kombu python-celery node-amqplib php-amqplib go-amqp091
             c-amqp-tools)
clients=("$@")
[[ ${#clients[@]} -gt 0 ]] || clients=("${all_clients[@]}")
for client in "${clients[@]}"; do
  [[ " ${all_clients[*]} " == *" $client "* ]] || { echo "run.sh: unknown client '$client' (one of: ${all_clients[*]})" >&2; exit 2; }
done

log_dir="${COMPAT_LOG_DIR:-$(mktemp -d /tmp/spool-compat.XXXXXX)}"
mkdir -p "$log_dir"
export COMPAT_STATE_DIR="$log_dir/broker"
timeout_s="${COMPAT_TIMEOUT:-240}"
python=/usr/bin/python3 # Debian's, with Debian's pika, kombu and celery; not a pyenv or venv python on the PATH
suite_started=$SECONDS

declare -A result=() notes=() took=()
say() { echo "compat: $*"; }

# --- installing and building -----------------------------------------------------------------------------------

apt_packages_for() {
  case "$1" in
    python-pika) echo python3-pika ;;
    python-kombu) echo python3-kombu ;;
    python-celery) echo python3-celery python3-kombu ;;
    php-amqplib) echo php-cli php-amqplib ;;
    go-amqp091) echo golang-go golang-github-rabbitmq-amqp091-go-dev ;;
    c-amqp-tools) echo amqp-tools ;;
  esac
}

apt_log="$log_dir/apt-get.log"
install_debian_packages() {
  local wanted=() missing=() package
  for client in "${clients[@]}"; do
    for package in $(apt_packages_for "$client"); do wanted+=("$package"); done
  done
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  if [[ "${COMPAT_INSTALL:-1}" == 0 ]]; then
    say "not installing ${missing[*]} (COMPAT_INSTALL=0)"
    return 0
  fi
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    say "cannot install ${missing[*]}: needs root and apt-get"
    return 0
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >"$apt_log" 2>&1; then
    apt-get update >>"$apt_log" 2>&1
    apt-get install -y --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1 \
      || say "apt-get install failed, see $apt_log"
  fi
}

missing_packages() {
  local package missing=()
  for package in $(apt_packages_for "$1"); do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  echo "${missing[*]}"
}

newer_sources() { # newer_sources ARTIFACT DIR: true when ARTIFACT is missing or older than a file under DIR
  [[ ! -f "$1" ]] || [[ -n "$(find "$2" -path "$2/target" -prune -o -type f -newer "$1" -print -quit)" ]]
}

build_java() { # build_java CLIENT JAR
  command -v "$java_cmd" >/dev/null || { echo "no java: set JAVA_HOME or put java on the PATH"; return 1; }
  newer_sources "$2" "$compat_dir/$1" || return 0
  (cd "$repo_dir" && ./mvnw -q -B -ntp -f "compat/$1/pom.xml" package) >"$log_dir/$1.build.log" 2>&1 \
    || { echo "Maven build failed: $(tail -n 3 "$log_dir/$1.build.log" | tr '\n' ' ')"; return 1; }
}

# prepare CLIENT: installs and builds; prints the reason and returns 1 when the client cannot run here.
prepare() {
  local missing
  missing="$(missing_packages "$1")"
  if [[ -n "$missing" ]]; then
    echo "Debian packages not installed: $missing (see $apt_log)"
    return 1
  fi
  case "$1" in
    java-amqp-client) build_java java-amqp-client "$compat_dir/java-amqp-client/target/compat-java-amqp-client.jar" ;;
    spring-boot) build_java spring-boot "$compat_dir/spring-boot/target/compat-spring-boot.jar" ;;
    python-pika) "$python" -c 'import pika' 2>&1 | tail -n 1 ;;
    python-kombu) "$python" -c 'import kombu' 2>&1 | tail -n 1 ;;
    python-celery) "$python" -c 'import celery, kombu' 2>&1 | tail -n 1 ;;
    node-amqplib)
      command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are not installed"; return 1; }
      [[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]] || { echo "amqplib 2 needs node 18 or newer, found $(node --version)"; return 1; }
      if [[ ! -d "$compat_dir/node-amqplib/node_modules/amqplib" ]] \
          || [[ "$compat_dir/node-amqplib/package-lock.json" -nt "$compat_dir/node-amqplib/node_modules/.package-lock.json" ]]; then
        if [[ "${COMPAT_INSTALL:-1}" == 0 ]]; then echo "node_modules missing and COMPAT_INSTALL=0"; return 1; fi
        (cd "$compat_dir/node-amqplib" && npm ci --no-audit --no-fund) >"$log_dir/node-amqplib.npm.log" 2>&1 \
          || { echo "npm ci failed: $(tail -n 2 "$log_dir/node-amqplib.npm.log" | tr '\n' ' ')"; return 1; }
      fi
      ;;
    php-amqplib) php -r 'require "/usr/share/php/PhpAmqpLib/autoload.php";' 2>&1 | tail -n 1 ;;
    go-amqp091)
      # Offline, from Debian's package in GOPATH mode: no module download.
      (cd "$compat_dir/go-amqp091" && GO111MODULE=off GOFLAGS= GOPATH=/usr/share/gocode GOCACHE="$log_dir/go-cache" \
        go build -o "$log_dir/go-amqp091" .) >"$log_dir/go-amqp091.build.log" 2>&1 \
        || { echo "does not build offline from the Debian package: $(head -n 3 "$log_dir/go-amqp091.build.log" | tr '\n' ' ')"; return 1; }
      ;;
    c-amqp-tools) command -v amqp-consume >/dev/null || { echo "amqp-consume not found"; return 1; } ;;
  esac
}

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"

command_for() { # sets the array "command" to what runs CLIENT's program
  case "$1" in
    java-amqp-client) command=("$java_cmd" -jar "$compat_dir/java-amqp-client/target/compat-java-amqp-client.jar") ;;
    spring-boot) command=("$java_cmd" -jar "$compat_dir/spring-boot/target/compat-spring-boot.jar") ;;
    python-pika | python-kombu | python-celery) command=("$python" "$compat_dir/$1/check.py") ;;
    node-amqplib) command=(node "$compat_dir/node-amqplib/check.js") ;;
    php-amqplib) command=(php "$compat_dir/php-amqplib/check.php") ;;
    go-amqp091) command=("$log_dir/go-amqp091") ;;
    c-amqp-tools) command=(bash "$compat_dir/c-amqp-tools/check.sh") ;;
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

export COMPAT_PORT="${COMPAT_PORT:-$(free_port)}"
export COMPAT_RESTART_CMD="$compat_dir/broker.sh restart"
export COMPAT_HOST=127.0.0.1

stop_broker() { "$compat_dir/broker.sh" stop; }
trap stop_broker EXIT

# --- running ----------------------------------------------------------------------------------------------------

install_debian_packages
if [[ -z "${COMPAT_BROKER_CMD:-}" ]]; then
  say "building Spool if needed (./spool --help)"
  (cd "$repo_dir" && ./spool --help) >"$log_dir/spool-build.log" 2>&1 \
    || { say "Spool does not build: see $log_dir/spool-build.log"; tail -n 20 "$log_dir/spool-build.log"; exit 1; }
fi
say "starting the broker on port $COMPAT_PORT (log: $COMPAT_STATE_DIR/broker.log)"
"$compat_dir/broker.sh" start || { say "the broker did not start"; exit 1; }

for client in "${clients[@]}"; do
  started=$SECONDS
  if ! reason="$(prepare "$client" 2>&1)"; then
    result[$client]=SKIP
    notes[$client]="${reason:-cannot be prepared}"
    took[$client]=$((SECONDS - started))
    say "SKIP $client: ${notes[$client]}"
    continue
  fi
  if ! "$compat_dir/broker.sh" wait 2>/dev/null; then
    say "the broker is not accepting connections before $client: starting it again"
    "$compat_dir/broker.sh" stop
    "$compat_dir/broker.sh" start || { say "the broker did not start"; exit 1; }
  fi
  say "running $client"
  log="$log_dir/$client.log"
  command_for "$client"
  COMPAT_LOG_DIR="$log_dir/$client.files" timeout --kill-after=10 "$timeout_s" "${command[@]}" >"$log" 2>&1 </dev/null
  status=$?
  took[$client]=$((SECONDS - started))
  grep -E '^(PASS|FAIL|SKIP) ' "$log" | sed "s/^/  $client: /"
  skipped_steps="$(grep -E '^SKIP ' "$log" | sed -E 's/^SKIP ([^:]+):.*/\1/' | paste -sd, - | sed 's/,/, /g')"
  if [[ $status -eq 0 ]] && ! grep -q '^FAIL ' "$log" && grep -q '^PASS ' "$log"; then
    result[$client]=PASS
    notes[$client]="${skipped_steps:+skipped: $skipped_steps}"
  else
    result[$client]=FAIL
    failed_steps="$(grep -E '^FAIL ' "$log" | sed -E 's/^FAIL ([^:]+):.*/\1/' | paste -sd, - | sed 's/,/, /g')"
    case $status in
      124 | 137) notes[$client]="timed out after ${timeout_s} s" ;;
      *) notes[$client]="exit $status" ;;
    esac
    notes[$client]+="${failed_steps:+; failed: $failed_steps}; log: $log"
    echo "  --- last lines of $log:"
    tail -n 25 "$log" | sed 's/^/  | /'
  fi
done

echo
printf '%-18s %-6s %6s  %s\n' client result time notes
passed=0 failed=0 skipped=0
for client in "${clients[@]}"; do
  printf '%-18s %-6s %5ss  %s\n' "$client" "${result[$client]}" "${took[$client]}" "${notes[$client]}"
  case "${result[$client]}" in
    PASS) passed=$((passed + 1)) ;;
    FAIL) failed=$((failed + 1)) ;;
    SKIP) skipped=$((skipped + 1)) ;;
  esac
done
echo
say "COMPAT_SKIP=$COMPAT_SKIP; logs in $log_dir; $((SECONDS - suite_started)) s in all"
echo "compat: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
