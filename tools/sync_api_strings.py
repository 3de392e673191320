"""Copy every catalogue entry's summary into locales/en.json as
``api.<name>.summary`` (the registry stays the source; the catalogue makes it
translatable). tests/test_catalogue.py checks that the two agree.

Run: python tools/sync_api_strings.py
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xent_core.frameworks import catalogue  # noqa: E402


def main():
    path = ROOT / "locales" / "en.json"
    english = json.loads(path.read_text(encoding="utf-8"))
    english = {k: v for k, v in english.items() if not k.startswith("api.")}
    english.update({f"api.{e.name}.summary": e.summary for e in catalogue()})
    path.write_text(json.dumps(english, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
