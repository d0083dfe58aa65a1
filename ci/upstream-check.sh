#!/usr/bin/env bash
# Every snippet variant through its format's real upstream tool (haproxy -c, keepalived -t,
# corosync -t, pcs/crmsh on an offline CIB + crm_verify, mariadbd, RabbitMQ's schemas,
# memcached, shellcheck, sysctl, chronyd -p), in private network namespaces. Needs root (or
# CAP_SYS_ADMIN) for the namespaces. Writes target/upstream-report.json.
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/install-upstream-tools.sh
# The book shows reports/verification.json; pass --force to replace it when results changed.
cargo run --locked --quiet -- snippet check --upstream --report target/upstream-report.json \
    --book-report reports/verification.json "$@"
