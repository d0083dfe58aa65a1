#!/usr/bin/env bash
# Regenerates snippets/data/agents/: the resource-agent, fence-agent and cluster-option metadata
# that the native pcs/crmsh validators (snippets/src/validate/pacemaker.rs) embed with include_str!.
#
# The XML is what Pacemaker itself reports, so the validators know exactly the parameters,
# required flags, types and choices of the packaged agents, without a cluster or a daemon.
# Run it as root (or with sudo available) on the project's Debian machine; it installs what it
# needs, overwrites the files and can be run again at any time.
#
# Every agent listed here is include_str!'d by pacemaker.rs: adding or removing one means
# changing the AGENT_FILES table there too.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# AGENT_METADATA_DIR overrides the destination (for trying it out in a scratch tree).
out="${AGENT_METADATA_DIR:-$root/snippets/data/agents}"
packages=(pacemaker pacemaker-cli-utils resource-agents fence-agents)

resource_agents=(
  ocf:heartbeat:IPaddr2
  ocf:heartbeat:IPsrcaddr
  ocf:heartbeat:galera
  ocf:heartbeat:garbd
  ocf:heartbeat:rabbitmq-cluster
  ocf:heartbeat:apache
  ocf:heartbeat:Route
  ocf:heartbeat:ovsmonitor
  ocf:heartbeat:redis
  ocf:heartbeat:podman
  ocf:heartbeat:Filesystem
  ocf:pacemaker:ping
  ocf:pacemaker:ClusterMon
  ocf:pacemaker:attribute
  ocf:pacemaker:Dummy
)
fence_agents=(fence_ipmilan fence_redfish fence_sbd fence_virsh fence_kdump)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=() p
  for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    as_root apt-get update
    # policy-rc.d may keep the daemons from starting: metadata needs none of them.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

# Pacemaker's daemons live in /usr/lib/pacemaker on Debian, /usr/libexec/pacemaker elsewhere.
daemon_dir() {
  local d
  for d in /usr/lib/pacemaker /usr/libexec/pacemaker; do
    if [ -x "$d/pacemaker-schedulerd" ]; then echo "$d"; return; fi
  done
  echo "pacemaker daemons not found" >&2
  return 1
}

# Drops the XML declaration and DOCTYPE so several documents can share one root element.
strip_prolog() {
  sed -e '/^<?xml/d' -e '/^<!DOCTYPE/d'
}

dump_agents() {
  local tmp="$1" spec file
  for spec in "${resource_agents[@]}"; do
    file="$tmp/${spec//:/_}.xml"
    crm_resource --show-metadata "$spec" >"$file"
  done
  for spec in "${fence_agents[@]}"; do
    crm_resource --show-metadata "stonith:$spec" >"$tmp/stonith_$spec.xml"
  done
}

# Cluster properties: one query on Pacemaker >= 2.1.8, the three daemons' metadata before.
dump_cluster_options() {
  local tmp="$1" dir d
  if crm_attribute --list-options=cluster --all --output-as=xml >"$tmp/opts.xml" 2>/dev/null; then
    mv "$tmp/opts.xml" "$tmp/pacemaker-cluster-options.xml"
  else
    rm -f "$tmp/opts.xml"
    dir="$(daemon_dir)"
    {
      echo '<?xml version="1.0"?>'
      echo '<cluster-options>'
      for d in pacemaker-based pacemaker-controld pacemaker-schedulerd; do
        "$dir/$d" metadata | strip_prolog
      done
      echo '</cluster-options>'
    } >"$tmp/pacemaker-cluster-options.xml"
  fi
  # The pcmk_* parameters every fence device accepts on top of its agent's own.
  if crm_resource --list-options=fencing --output-as=xml >"$tmp/fenced.xml" 2>/dev/null; then
    mv "$tmp/fenced.xml" "$tmp/pacemaker-fenced.xml"
  else
    rm -f "$tmp/fenced.xml"
    "$(daemon_dir)/pacemaker-fenced" metadata >"$tmp/pacemaker-fenced.xml"
  fi
}

# Names only, so a short pcs agent name can be found ambiguous exactly as on a real node.
dump_index() {
  local tmp="$1" provider
  {
    for provider in $(crm_resource --list-ocf-providers); do
      crm_resource --list-agents "ocf:$provider" | sed "s/^/ocf:$provider:/"
    done
    crm_resource --list-agents stonith | grep '^fence_' | sed 's/^/stonith:/'
  } | LC_ALL=C sort -u >"$tmp/agent-index.txt"
}

write_versions() {
  local tmp="$1"
  {
    echo "# Package versions the metadata in this folder was generated from"
    # shellcheck source=/dev/null
    echo "# (ci/refresh-agent-metadata.sh on $(. /etc/os-release && echo "$PRETTY_NAME"))."
    dpkg-query -W -f='${Package} ${Version}\n' "${packages[@]}"
  } >"$tmp/VERSIONS"
}

main() {
  install_packages
  # Global, not local: the EXIT trap runs after main has returned.
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  dump_agents "$tmp"
  dump_cluster_options "$tmp"
  dump_index "$tmp"
  write_versions "$tmp"
  mkdir -p "$out"
  rm -f "$out"/*.xml "$out/agent-index.txt" "$out/VERSIONS"
  cp "$tmp"/* "$out"/
  echo "wrote $(find "$out" -type f | wc -l) files to $out:"
  cat "$out/VERSIONS"
}

main "$@"
