# shellcheck shell=bash
# Sourced by the install scripts: installs the Debian packages of an array that are not yet
# installed, with sudo only when not root. Idempotent: when everything is there, apt-get is not
# even run, so the scripts cost nothing on a prepared machine.
#
#   apt_install_missing "upstream tools" "${PACKAGES[@]}"
#
# Daemons must not start on install (there is no init in CI, and a running corosync or rabbitmq
# would only get in the way): a policy-rc.d that answers 101 is in place during the install, and
# removed after it if this function put it there.

apt_install_missing() {
    local label=$1
    shift
    local missing=() p
    for p in "$@"; do
        if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$p")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        echo "$label: all $# packages installed"
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || {
            echo "$label: ${missing[*]} missing, and installing needs root or sudo" >&2
            return 1
        }
        sudo=(sudo)
    fi
    local policy=/usr/sbin/policy-rc.d placed=no
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
        "${sudo[@]}" chmod 0755 "$policy"
        placed=yes
    fi
    echo "$label: installing ${missing[*]}"
    local rc=0
    {
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
                --no-install-recommends "${missing[@]}" >/dev/null
    } || rc=$?
    if [ "$placed" = yes ]; then
        "${sudo[@]}" rm -f "$policy"
    fi
    if [ "$rc" -ne 0 ]; then
        echo "$label: apt-get could not install ${missing[*]}" >&2
        return "$rc"
    fi
    echo "$label: installed ${#missing[@]} package(s)"
}
