#!/usr/bin/env bash
# Creates, once, a Python venv with the Sphinx that the inventory crate's parity tests compare
# against (inventory/tests/sphinx_parity.rs), and prints the path of its python on stdout.
# Progress goes to stderr, so `python="$(bash ci/sphinx-venv.sh)"` works.
set -euo pipefail
SPHINX_VERSION=9.0.4
TOOLS_DIR="${HAGUIDE_TOOLS:-$HOME/.cache/haguide-tools}"
VENV="$TOOLS_DIR/sphinx-venv"
PYTHON="$VENV/bin/python"

have_sphinx() {
    "$PYTHON" -c "import sys, sphinx; sys.exit(sphinx.__version__ != '$SPHINX_VERSION')" 2>/dev/null
}

if ! have_sphinx; then
    echo "installing Sphinx $SPHINX_VERSION into $VENV (about 30 seconds, once)" >&2
    mkdir -p "$TOOLS_DIR"
    # --clear: a venv left half-made by an interrupted run starts over.
    python3 -m venv --clear "$VENV" >&2
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "sphinx==$SPHINX_VERSION" >&2
    have_sphinx || { echo "Sphinx $SPHINX_VERSION did not install into $VENV" >&2; exit 1; }
fi
echo "$PYTHON"
