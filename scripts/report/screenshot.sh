#!/usr/bin/env bash
# Renders a run's report.html to a PNG with headless Chromium.
#
#   scripts/report/screenshot.sh RUN_DIR_OR_HTML OUT.png [WIDTH] [HEIGHT]
#
# RUN_DIR_OR_HTML is a run folder (its report.html is used, and written first with
# `corpus report` when only stats.json is there) or an .html file. The window is WIDTH×HEIGHT
# CSS pixels (default 1280×5000); the screenshot is what fits in it. Without chromium
# (Debian: apt-get install -y chromium) it says so and exits 0 with "skipped".
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 RUN_DIR_OR_HTML OUT.png [WIDTH] [HEIGHT]" >&2
    exit 64
fi
input=$1
out=$2
width=${3:-1280}
height=${4:-5000}

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser=$candidate; break; fi
done
if [ -z "$browser" ]; then
    echo "skipped: no chromium on PATH (Debian: apt-get install -y chromium)"
    exit 0
fi

if [ -d "$input" ]; then
    if [ ! -f "$input/report.html" ]; then
        root=$(cd "$(dirname "$0")/../.." && pwd)
        corpus=$(command -v corpus || echo "$root/.build/debug/corpus")
        "$corpus" report "$input" >/dev/null
    fi
    html="$input/report.html"
else
    html=$input
fi
if [ ! -f "$html" ]; then
    echo "error: $html does not exist" >&2
    exit 66
fi
html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

# A private profile keeps runs independent of each other and of any user's browser.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$out" --window-size="$width,$height" "file://$html" >/dev/null 2>&1
echo "$out"
