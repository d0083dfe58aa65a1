#!/usr/bin/env bash
# The executable lab: boots the guide's rendered configs (keepalived + HAProxy, MariaDB Galera,
# RabbitMQ, Corosync + Pacemaker) on real daemons in network namespaces, fails them, and measures
# what a client sees.
# Fails when a scenario loses data (a committed row, a confirmed message) or misses its bound
# (VIP back < 1 s after a clean stop, < 4 s after a link cut), and when a deliberately broken
# config (a wrong VRID, a Galera node left out of wsrep_cluster_address) is NOT caught.
#
# Needs root (namespaces, veths, daemons). Writes reports/lab/ (the book's record): commit it when
# the figures changed. LAB_SCENARIOS="vip" runs a reduced set.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
    echo "ci/lab.sh: the lab needs root (network namespaces, veth links, daemons)" >&2
    exit 1
fi

# The daemons and tools: the same Debian packages the upstream checks use.
bash ci/install-upstream-tools.sh
# The lab's extras: the AMQP client library of the RabbitMQ scenario (Debian's, for
# /usr/bin/python3), mariabackup for Galera's state transfers, socat for clustercheck and SST,
# openssl for the throwaway certificate.
# shellcheck source=ci/lib/apt.sh
source "$(dirname "$0")/lib/apt.sh"
apt_install_missing "lab tools" python3-pika mariadb-backup socat openssl

cargo build --locked --quiet
haguide=./target/debug/haguide
# A crashed earlier run may have left namespaces behind.
"$haguide" lab teardown

read -r -a scenarios <<<"${LAB_SCENARIOS:-vip galera rabbitmq pacemaker}"
"$haguide" lab run --keep-going "${scenarios[@]}"

# A broken config must make its scenario fail, with a clear message.
expect_failure() {
    local brk=$1 scenario=$2 pattern=$3 log
    log=$(mktemp)
    if "$haguide" lab run "$scenario" --break "$brk" >"$log" 2>&1; then
        cat "$log"
        echo "lab: --break $brk did not make the $scenario scenario fail" >&2
        rm -f "$log"
        exit 1
    fi
    if ! grep -q "$pattern" "$log"; then
        cat "$log"
        echo "lab: --break $brk failed without the expected message ($pattern)" >&2
        rm -f "$log"
        exit 1
    fi
    echo "lab: --break $brk fails as it should: $(grep -m1 -o "$pattern.*" "$log" | cut -c1-160)"
    rm -f "$log"
}
for s in "${scenarios[@]}"; do
    case "$s" in
        vip) expect_failure vrid vip "duplicate VIP" ;;
        galera) expect_failure galera-address galera "did not join the cluster" ;;
    esac
done

# Nothing may be left behind.
left=$(ip netns list | awk '{print $1}' | grep -E '^hg-(sw|cl|c[0-9]+)$' || true)
if [ -n "$left" ]; then
    echo "lab: namespaces left behind: $left" >&2
    exit 1
fi
echo "lab: passed"
