#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine (Python 3.11) and runs
# every test: core, app (AppTest) and browser (Playwright + Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-test.txt
# Debian packages the browser tests use: chromium, and CJK fonts so that the
# Chinese and Japanese screenshots show text rather than empty boxes.
missing=()
for package in chromium fonts-wqy-zenhei fonts-ipafont-gothic; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Two workers; each takes whole test files (the browser tests' server and
# browser are shared by the tests of a file).
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadfile "$@"
