#!/usr/bin/env bash
# Makes .venv-interop (git-ignored), a Python environment with the reference libraries the interop
# checks compare against: sentencepiece (tokenizers), lz4 and numpy (shards), safetensors (tensor files). Best effort: without
# Python or network it says so and exits 0, and the tests that need it are skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
venv=.venv-interop

if ! command -v python3 >/dev/null 2>&1; then
    echo "setup-python: no python3; interop tests will be skipped" >&2
    exit 0
fi
if [ ! -x "$venv/bin/python" ] && ! python3 -m venv "$venv" >/dev/null 2>&1; then
    echo "setup-python: could not create $venv (is python3-venv installed?); interop tests will be skipped" >&2
    rm -rf "$venv"
    exit 0
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check sentencepiece lz4 numpy safetensors; then
    echo "setup-python: pip install failed (offline?); interop tests that need these packages will be skipped" >&2
    exit 0
fi
echo "setup-python: $venv ready ($("$venv/bin/python" -c 'import sentencepiece; print("sentencepiece", sentencepiece.__version__)'))"
