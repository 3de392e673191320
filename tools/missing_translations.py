"""List the keys of locales/en.json that a language lacks (or has with other
placeholders), as a JSON object key -> English text, ready to translate.

Run: python tools/missing_translations.py fr > /tmp/fr_todo.json
"""
import json
import string
import sys
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def missing(lang):
    english = json.loads((LOCALES / "en.json").read_text(encoding="utf-8"))
    path = LOCALES / f"{lang}.json"
    done = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {k: v for k, v in english.items()
            if k not in done or not done[k].strip() or placeholders(done[k]) != placeholders(v)}


if __name__ == "__main__":
    print(json.dumps(missing(sys.argv[1]), ensure_ascii=False, indent=2))
