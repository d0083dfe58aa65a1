#!/usr/bin/env bash
# Installs the Debian packages the offline editions need (`haguide editions`) and their test
# (ci/editions-test.sh):
#   chromium-headless-shell  prints the PDF editions (headless Chromium, --print-to-pdf)
#   fonts-dejavu-core        the figures' font (the book's own web fonts come with the HTML)
#   poppler-utils            pdftotext and pdftoppm, to read a PDF back in the test
#   qpdf                     the PDF outline as JSON, for the test
#   epubcheck                the EPUB validator (run as `java -jar /usr/bin/epubcheck`)
#   default-jre-headless     the Java runtime epubcheck runs on
#   python3-minimal          the test's PDF and PNG checks (ci/editions-check.py)
#
# Idempotent: when every package is installed, apt-get is not even run. Uses sudo only when not
# root.
set -euo pipefail

PACKAGES=(
    chromium-headless-shell
    fonts-dejavu-core
    poppler-utils
    qpdf
    epubcheck
    default-jre-headless
    python3-minimal
)

# shellcheck source=ci/lib/apt.sh
source "$(dirname "$0")/lib/apt.sh"
apt_install_missing "edition tools" "${PACKAGES[@]}"
