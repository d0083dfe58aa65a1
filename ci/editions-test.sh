#!/usr/bin/env bash
# Builds the offline editions (`haguide editions`) and checks what a reader gets:
#   - every EPUB passes epubcheck with no error and no warning;
#   - every PDF holds rendered configs whole: each line of `haguide snippet render` for the
#     edition's variant, in order, in the PDF's text (pdftotext);
#   - a PDF page rendered to PNG (pdftoppm) is not blank: the title page and the page a config
#     starts on;
#   - every PDF has an outline (bookmarks) and internal links that reach their destination.
# The editions, the epubcheck reports, the extracted text and the PNGs stay in target/editions/.
#
# Usage: bash ci/editions-test.sh   (the tools: bash ci/install-edition-tools.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=target/editions
CHECKS="$OUT/checks"
# Configs to find whole in each PDF: long, multi-line, and different for each distro family.
SNIPPETS=(haproxy/api-endpoints corosync/corosync-conf)

need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "error: \`$1\` not found: it comes with Debian's $2 package; run bash ci/install-edition-tools.sh" >&2
        exit 1
    fi
}
need pdftotext poppler-utils
need pdftoppm poppler-utils
need qpdf qpdf
need java default-jre-headless
need python3 python3-minimal
EPUBCHECK=/usr/share/java/epubcheck.jar
[ -f "$EPUBCHECK" ] || EPUBCHECK=/usr/bin/epubcheck
if [ ! -f "$EPUBCHECK" ]; then
    echo "error: epubcheck not found: it comes with Debian's epubcheck package; run bash ci/install-edition-tools.sh" >&2
    exit 1
fi

cargo build --locked --quiet
HG=./target/debug/haguide

mkdir -p "$OUT"
rm -rf "$CHECKS"
mkdir -p "$CHECKS"
start=$(date +%s)
"$HG" editions --out "$OUT" --force
echo "built every edition in $(( $(date +%s) - start )) s"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

while IFS=$'\t' read -r stem variant name; do
    echo
    echo "== $name ($variant)"

    epub="$OUT/$stem.epub"
    report="$CHECKS/$stem.epubcheck.txt"
    java -jar "$EPUBCHECK" "$epub" >"$report" 2>&1 || true
    if grep -q '^Messages: 0 fatals / 0 errors / 0 warnings' "$report"; then
        pass "$epub: epubcheck: $(grep '^Messages:' "$report")"
    else
        cat "$report"
        fail "$epub: epubcheck reports problems (see $report)"
    fi

    pdf="$OUT/$stem.pdf"
    text="$CHECKS/$stem.txt"
    pdftotext -enc UTF-8 "$pdf" "$text"
    echo "$(pdfinfo "$pdf" 2>/dev/null | grep -E '^(Pages|Page size):' | tr -s ' ' | paste -sd ';' -)"
    pages_checked=(1)
    for id in "${SNIPPETS[@]}"; do
        config="$CHECKS/$stem.${id//\//-}.conf"
        "$HG" snippet render "$id" --variant "$variant" >"$config"
        if page=$(python3 ci/editions-check.py config "$text" "$config"); then
            pass "$pdf holds $id ($(($(wc -l <"$config") - 1)) lines, from page $page)"
            pages_checked+=("$page")
        else
            fail "$pdf does not hold $id whole"
        fi
    done
    for page in "${pages_checked[@]}"; do
        png="$CHECKS/$stem-page"
        pdftoppm -png -r 60 -f "$page" -l "$page" -singlefile "$pdf" "$png"
        if python3 ci/editions-check.py not-blank "$png.png"; then
            pass "$pdf page $page renders (not blank)"
        else
            fail "$pdf page $page is blank"
        fi
        mv "$png.png" "$png-$page.png"
    done
    qpdf --json --json-key=outlines "$pdf" >"$CHECKS/$stem.outline.json"
    if python3 ci/editions-check.py outline "$CHECKS/$stem.outline.json"; then
        pass "$pdf has an outline"
    else
        fail "$pdf has no usable outline"
    fi
    if python3 ci/editions-check.py links "$pdf"; then
        pass "$pdf internal links reach their destinations"
    else
        fail "$pdf has broken internal links"
    fi
done < <("$HG" editions --list)

echo
ls -l "$OUT"/*.pdf "$OUT"/*.epub
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
