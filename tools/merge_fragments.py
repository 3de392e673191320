"""Merge English string fragments (locales/fragments/*.json) into
locales/en.json and remove the fragments: one catalogue file per language.

Run: python tools/merge_fragments.py [name ...]   (default: every fragment)
"""
import json
import sys
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def main():
    catalogue_path = LOCALES / "en.json"
    catalogue = json.loads(catalogue_path.read_text(encoding="utf-8"))
    names = sys.argv[1:]
    fragments = [LOCALES / "fragments" / f"{n}.json" for n in names] if names else \
        sorted((LOCALES / "fragments").glob("*.json"))
    for fragment in fragments:
        new = json.loads(fragment.read_text(encoding="utf-8"))
        clashes = {k for k in new if k in catalogue and catalogue[k] != new[k]}
        if clashes:
            raise SystemExit(f"{fragment.name}: keys already in en.json with other text: {sorted(clashes)}")
        catalogue.update(new)
        fragment.unlink()
        print(f"merged {len(new)} keys from {fragment.name}")
    catalogue_path.write_text(json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
