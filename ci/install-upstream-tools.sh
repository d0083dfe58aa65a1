#!/usr/bin/env bash
# Installs the Debian packages the upstream checks run (`haguide snippet check --upstream`,
# `haguide lint`, and the tests in upstream/tests): the real haproxy, keepalived, corosync,
# Pacemaker with pcs and crmsh and their agents, MariaDB with Galera, RabbitMQ with Erlang,
# memcached, chrony, shellcheck, and the namespace tools; and oslo-config-validator from PyPI.
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

# oslo-config-validator, for the OpenStack config files: a venv with the oslo.config that
# upstream/src/oslo.rs names (OSLO_CONFIG) and PyYAML, where that module looks for it. Once.
OSLO_CONFIG_VERSION=10.7.0
oslo_venv="${HAGUIDE_OSLO_VENV:-${HAGUIDE_TOOLS:-$HOME/.cache/haguide-tools}/oslo-validator}"
have_validator() {
    "$oslo_venv/bin/python" -c "import sys, yaml, importlib.metadata as m; \
sys.exit(m.version('oslo.config') != '$OSLO_CONFIG_VERSION')" 2>/dev/null &&
        [ -x "$oslo_venv/bin/oslo-config-validator" ]
}
if ! have_validator; then
    echo "installing oslo.config $OSLO_CONFIG_VERSION into $oslo_venv (once)"
    mkdir -p "$(dirname "$oslo_venv")"
    # --clear: a venv left half-made by an interrupted run starts over.
    python3 -m venv --clear "$oslo_venv"
    "$oslo_venv/bin/pip" install --quiet --disable-pip-version-check \
        "oslo.config==$OSLO_CONFIG_VERSION" PyYAML
    have_validator || { echo "oslo-config-validator did not install into $oslo_venv" >&2; exit 1; }
fi
echo "upstream tools: oslo-config-validator (oslo.config $OSLO_CONFIG_VERSION) in $oslo_venv"
