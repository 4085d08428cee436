#!/usr/bin/env bash
# The order-placed example (see README.md). Broker: AMQP_URL, default amqp://guest:guest@localhost:5672.
#
#   run.sh                   the four services, and the shop placing an order every 2 s, until Ctrl-C
#   run.sh service NAME      one service in the foreground: payment, inventory, shipping or email
#   run.sh shop place [N]    places N orders (default 1);  run.sh shop every SECONDS;  run.sh shop queues
#   run.sh demo              the scripted scenario: shipping down for a while, nothing lost; exits 0 when it held
#
# Uses Debian's python3-celery with Debian's /usr/bin/python3 (apt-get install python3-celery).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
python=/usr/bin/python3
services=(payment inventory shipping email)

"$python" -c 'import celery' 2>/dev/null || {
  echo "run.sh: needs Celery for $python: apt-get install python3-celery" >&2
  exit 1
}

worker() { # worker SERVICE [celery options]: one service's Celery worker, its own queue only
  local service="$1"
  shift
  exec "$python" -m celery "$@" -A "services.$service" worker -Q "orders.$service" -P solo -n "$service@%h" \
    --without-gossip --without-mingle --without-heartbeat -l INFO
}

case "${1:-all}" in
  all)
    pids=()
    stop() {
      trap - INT TERM EXIT
      kill -TERM "${pids[@]}" 2>/dev/null || true
      wait "${pids[@]}" 2>/dev/null || true
    }
    trap stop INT TERM EXIT
    for service in "${services[@]}"; do
      (worker "$service" --quiet) &
      pids+=($!)
    done
    sleep 3
    "$python" shop.py every 2 || true
    ;;
  service)
    [[ -n "${2:-}" && -f "services/${2}.py" ]] || { echo "run.sh service: one of ${services[*]}" >&2; exit 2; }
    worker "$2"
    ;;
  shop)
    shift
    exec "$python" shop.py "$@"
    ;;
  demo) exec "$python" demo.py ;;
  *)
    sed -n '2,8p' "$0" >&2
    exit 2
    ;;
esac
