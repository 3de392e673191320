#!/usr/bin/env bash
# Known vulnerabilities in the pinned requirements (pip-audit against the
# PyPI advisory service or OSV). Needs a network that reaches one of them:
#   bash tools/audit.sh            # exits non-zero on any known vulnerability
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv-audit/bin/python ] || "$PYTHON" -m venv .venv-audit
.venv-audit/bin/pip install --quiet --disable-pip-version-check pip-audit==2.10.1
exec .venv-audit/bin/pip-audit --strict --requirement requirements.txt --requirement requirements-test.txt "$@"
