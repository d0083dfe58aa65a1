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

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "upstream tools: all ${#PACKAGES[@]} packages installed"
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
fi

# Daemons must not start on install (there is no init here, and a running corosync or
# rabbitmq would only get in the way): policy-rc.d exit 101 forbids it.
POLICY=/usr/sbin/policy-rc.d
placed_policy=no
if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
    "${SUDO[@]}" chmod 0755 "$POLICY"
    placed_policy=yes
fi
cleanup() {
    if [ "$placed_policy" = yes ]; then
        "${SUDO[@]}" rm -f "$POLICY"
    fi
}
trap cleanup EXIT

echo "upstream tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "upstream tools: installed ${#missing[@]} package(s)"
