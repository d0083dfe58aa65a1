#!/usr/bin/env bash
# Every test of the project: unit and integration tests (insta snapshots, whole-book builds,
# bad-input cases), lints, and the guide through stock `mdbook` 0.5 (build and test).
#
# Works on a fresh machine with a Rust toolchain: it installs what it needs itself.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "Tools"
bash ci/install-tools.sh
# The upstream tools (haproxy, keepalived, corosync, pcs, crmsh, mariadbd, RabbitMQ, memcached,
# chrony, shellcheck) from Debian, and oslo-config-validator from PyPI: the upstream tests and
# checks below run them for real.
bash ci/install-upstream-tools.sh
# Chromium, poppler-utils, qpdf, epubcheck and a JRE for the offline editions.
bash ci/install-edition-tools.sh

step "Format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Sphinx (PyPI) for the inventory parity tests"
HAGUIDE_SPHINX_PYTHON="$(bash ci/sphinx-venv.sh)"
export HAGUIDE_SPHINX_PYTHON

step "The Install Guide inventory is what its skeleton builds"
bash ci/build-install-guide-inventory.sh

step "Unit and integration tests"
# CI=true makes insta fail on a missing or changed snapshot instead of writing a new one, and makes
# the Sphinx parity tests fail rather than skip when Sphinx is missing.
CI=true cargo test --workspace --locked

step "Every rendered config through its upstream tool (oslo.config files: oslo-config-validator)"
# Fails when the results differ from reports/verification.json, which the book shows.
cargo run --locked --quiet -- snippet check --upstream --report target/upstream-report.json \
    --book-report reports/verification.json

step "The guide through stock mdbook"
bash ci/stock-mdbook.sh

step "Interactive HTML in Debian's Chromium (variant tabs, deployment panel)"
bash ci/browser-test.sh

step "Offline editions: PDF and EPUB built, epubcheck, configs whole in the PDF"
bash ci/editions-test.sh

step "The executable lab (namespaces, real daemons, failover bounds, deliberate breaks)"
bash ci/lab.sh
