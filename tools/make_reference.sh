#!/usr/bin/env bash
# Regenerates tests/fixtures/reference_<part>.json by running the real
# frameworks, each part with its own virtual environment (see the docstring of
# tools/make_reference.py for how to recreate them), and writes the versions
# used to tests/fixtures/reference_versions.json.
#
# Override the interpreters with REFENV_MODERN, REFENV_SKLEARN_OLD and
# REFENV_TF215.  A part whose interpreter is missing is skipped (its old
# fixture file, if any, is left untouched).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$root/tests/fixtures"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

export KERAS_BACKEND=tensorflow CUDA_VISIBLE_DEVICES="" TF_CPP_MIN_LOG_LEVEL=3 PYTHONHASHSEED=0

declare -A PY=(
  [modern]="${REFENV_MODERN:-/work/refenv/bin/python}"
  [sklearn_old]="${REFENV_SKLEARN_OLD:-/work/refenv_old/bin/python}"
  [tf_keras_215]="${REFENV_TF215:-/work/refenv_tf215/bin/python}"
)

for part in modern sklearn_old tf_keras_215; do
  py="${PY[$part]}"
  if [[ ! -x "$py" ]]; then
    echo "skip $part: no interpreter at $py" >&2
    continue
  fi
  echo "== $part ($py)" >&2
  "$py" "$here/make_reference.py" --part "$part" \
    --out "$out/reference_$part.json" --versions-out "$tmp/$part.json"
done

# Merge the per-part version records; keep the entries of parts not rerun.
python3 - "$out/reference_versions.json" "$tmp" <<'EOF'
import json, os, sys
dest, tmp = sys.argv[1], sys.argv[2]
merged = json.load(open(dest)) if os.path.exists(dest) else {}
for name in sorted(os.listdir(tmp)):
    merged[name[:-5]] = json.load(open(os.path.join(tmp, name)))
with open(dest, "w") as f:
    json.dump(merged, f, indent=1, sort_keys=True)
    f.write("\n")
EOF
echo "wrote $out/reference_versions.json" >&2
