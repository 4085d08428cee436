#!/usr/bin/env bash
# The image-upload example: run.sh [serve|web|worker JOB|upload [N]|demo]   (see README.md; broker: AMQP_URL)
exec "$(dirname "${BASH_SOURCE[0]}")/../run-java.sh" "$(dirname "${BASH_SOURCE[0]}")" "$@"
