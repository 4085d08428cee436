#!/usr/bin/env bash
# The signup example: run.sh [serve|web|workers|dead-letters|demo]   (see README.md; broker: AMQP_URL)
exec "$(dirname "${BASH_SOURCE[0]}")/../run-java.sh" "$(dirname "${BASH_SOURCE[0]}")" "$@"
