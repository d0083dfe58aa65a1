#!/usr/bin/env bash
# The inventory crate's tests with the Sphinx parity tests enabled: every committed inventory,
# the quirk cases and fuzzed lines are loaded by Sphinx's own loader and compared entry for
# entry, and the writer's output is compared with Sphinx's writer. Without HAGUIDE_SPHINX_PYTHON
# those tests fail under CI, so CI has to come through here (or set it the same way).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="$(bash ci/sphinx-venv.sh)"
HAGUIDE_SPHINX_PYTHON="$PYTHON" cargo test -p haguide-inventory --locked
