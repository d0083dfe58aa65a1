#!/usr/bin/env bash
# Browser tests of the interactive HTML book (theme/haguide.js): variant tabs, the "Your
# deployment" panel, copy buttons, keyboard operation, and the no-JavaScript page.
#
# They run in Debian's Chromium, driven by playwright-core (pinned in tests/browser/package.json
# and package-lock.json) through `executablePath`: Playwright downloads no browser. The book is
# built here and served by the test itself on 127.0.0.1. Screenshots of every case go to
# target/browser-artifacts/.
#
# Installs what it needs (Debian's chromium, the npm packages) and stops with a clear message when
# something cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

fail() { printf 'browser-test: %s\n' "$*" >&2; exit 1; }

apt_install() {
    local runner=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || fail "$* is missing and installing it needs root (or sudo): apt-get install $*"
        runner=(sudo)
    fi
    command -v apt-get >/dev/null || fail "$* is missing and this is not a Debian system with apt-get; install it and set HAGUIDE_CHROMIUM"
    echo "installing $* from Debian"
    "${runner[@]}" apt-get update -qq || fail "apt-get update failed; cannot install $*"
    DEBIAN_FRONTEND=noninteractive "${runner[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
        fail "apt-get install $* failed"
}

# Debian's Chromium: the browser under test. HAGUIDE_CHROMIUM may name another binary.
chromium="${HAGUIDE_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
    [ -n "${HAGUIDE_CHROMIUM:-}" ] && fail "HAGUIDE_CHROMIUM=$chromium is not an executable"
    apt_install chromium
    [ -x "$chromium" ] || fail "Debian's chromium package did not provide $chromium"
fi
"$chromium" --version >/dev/null 2>&1 || fail "$chromium does not start (try: $chromium --headless --no-sandbox --version)"
echo "browser: $("$chromium" --version 2>/dev/null)"

# Node.js 20 or newer: playwright-core's own minimum.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "Node.js $(node --version) is too old: playwright-core needs 20 or newer"

# The pinned test dependencies, exactly as locked. Playwright must not fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) ||
    fail "npm ci failed in tests/browser (is the npm registry reachable?)"

# The book under test, built with this checkout's preprocessors and theme.
book="$root/target/browser-book"
cargo build --locked --quiet --bin haguide
rm -rf "$book"
./target/debug/haguide build -d "$book" >/dev/null || fail "the book does not build; see the errors above"

artifacts="$root/target/browser-artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts"

cd tests/browser
HAGUIDE_BOOK="$book" HAGUIDE_CHROMIUM="$chromium" HAGUIDE_ARTIFACTS="$artifacts" \
    node --test --test-concurrency=1 --test-reporter=spec interactive.test.mjs
echo "screenshots: $artifacts"
