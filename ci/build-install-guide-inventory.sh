#!/usr/bin/env bash
# Builds inventories/install-guide.inv with real Sphinx from ci/install-guide-skeleton/, a skeleton
# of openstack-manuals doc/install-guide/source (document names, titles, explicit labels and
# section headings only; see inventories/README.md). It stands in for the published inventory
# (https://docs.openstack.org/install-guide/objects.inv) where that cannot be downloaded;
# `haguide xref refresh install-guide --force` replaces it with the published one.
#
# Usage: bash ci/build-install-guide-inventory.sh [--force]
#   Without --force an existing inventories/install-guide.inv that differs from the fresh build is
#   left alone and the script fails; with --force it is replaced.
set -euo pipefail

force=0
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg (only --force is accepted)" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
src=ci/install-guide-skeleton
dest=inventories/install-guide.inv

python="$(bash ci/sphinx-venv.sh)"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# -n: nitpicky, -W: any warning fails the build, -q: only warnings and errors are printed.
# The output folder is new, so every build starts from a fresh environment.
"$python" -m sphinx -b html -n -W -q "$src" "$out/html"

built="$out/html/objects.inv"
[ -s "$built" ] || { echo "Sphinx wrote no objects.inv" >&2; exit 1; }

if [ -e "$dest" ] && ! cmp -s "$built" "$dest"; then
    if [ "$force" -ne 1 ]; then
        echo "$dest differs from the inventory built from $src; pass --force to replace it" >&2
        exit 1
    fi
fi
if [ -e "$dest" ] && cmp -s "$built" "$dest"; then
    echo "$dest is up to date"
else
    mkdir -p "$(dirname "$dest")"
    cp "$built" "$dest"
    echo "wrote $dest"
fi
# Entry count as Sphinx reads it back, so the message matches what intersphinx will see.
"$python" - "$dest" <<'EOF'
import sys
from sphinx.util.inventory import InventoryFile
with open(sys.argv[1], 'rb') as f:
    inv = InventoryFile.loads(f.read(), uri='')
print(f"{sys.argv[1]}: {sum(len(v) for v in inv.data.values())} entries")
EOF
