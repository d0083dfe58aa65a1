#!/usr/bin/env bash
# The guide through stock mdbook 0.5: `mdbook build` and `mdbook test` run the preprocessors as
# commands (book.toml's `cargo run … mdbook-haguide`), and `mdbook test` fails, naming the snippet,
# when a template is broken.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MDBOOK="${HAGUIDE_TOOLS:-$HOME/.cache/haguide-tools}/bin/mdbook"
export CARGO_TARGET_DIR="$ROOT/target"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$MDBOOK" build --dest-dir "$work/html" "$ROOT"
test -s "$work/html/index.html"
"$MDBOOK" test "$ROOT"
echo "stock mdbook build and test: ok"

# A broken template must fail `mdbook test` with the snippet's id. Work on a copy of the repo so
# the checkout stays untouched.
copy="$work/repo"
mkdir -p "$copy"
tar -C "$ROOT" --exclude=./target --exclude=./book -cf - . | tar -C "$copy" -xf -
template=$(find "$copy/snippets/catalog" -name '*.hbs' | sort | head -n 1)
id=$(dirname "${template#"$copy/snippets/catalog/"}")
printf '{{#if}}\n' >> "$template"
if (cd "$copy" && "$MDBOOK" test . >"$work/out.txt" 2>&1); then
    echo "mdbook test passed with a broken template in $id" >&2
    exit 1
fi
if ! grep -q "snippet \`$id\`" "$work/out.txt"; then
    echo "mdbook test failed but did not name the snippet $id:" >&2
    cat "$work/out.txt" >&2
    exit 1
fi
echo "stock mdbook test fails and names snippet $id on a broken template: ok"
