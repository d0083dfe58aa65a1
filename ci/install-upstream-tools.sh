#!/usr/bin/env bash
# Installs the Debian packages the upstream checks run (`haguide snippet check --upstream`,
# `haguide lint`, and the tests in upstream/tests): the real haproxy, keepalived, corosync,
# Pacemaker with pcs and crmsh and their agents, MariaDB with Galera, RabbitMQ with Erlang,
# memcached, chrony, shellcheck, and the namespace tools.
#
# Idempotent: packages already installed are left alone (apt-get is not even run). Nothing is
# started: a policy-rc.d that answers 101 is in place during the install, and removed after it
# if this script put it there.
set -euo pipefail

PACKAGES=(
    haproxy openssl
    keepalived procps
    corosync
    pacemaker pacemaker-cli-utils pcs crmsh resource-agents fence-agents
    mariadb-server galera-4
    rabbitmq-server erlang-base
    memcached
    shellcheck
    chrony
    python3-minimal
    systemd
    iproute2 util-linux coreutils
)

# shellcheck source=ci/lib/apt.sh
source "$(dirname "$0")/lib/apt.sh"
apt_install_missing "upstream tools" "${PACKAGES[@]}"
