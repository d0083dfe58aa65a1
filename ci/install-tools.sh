#!/usr/bin/env bash
# Installs the tools the tests need that a Rust toolchain does not bring: stock mdbook 0.5 (to
# prove the preprocessors work as commands) and rustfmt/clippy.
set -euo pipefail
MDBOOK_VERSION=0.5.4
TOOLS_DIR="${HAGUIDE_TOOLS:-$HOME/.cache/haguide-tools}"

rustup component add rustfmt clippy >/dev/null 2>&1 || true

if ! "$TOOLS_DIR/bin/mdbook" --version 2>/dev/null | grep -q "v$MDBOOK_VERSION"; then
    echo "installing mdbook $MDBOOK_VERSION into $TOOLS_DIR (about 3 minutes, once)"
    cargo install --quiet --locked mdbook --version "$MDBOOK_VERSION" --root "$TOOLS_DIR"
fi
"$TOOLS_DIR/bin/mdbook" --version
