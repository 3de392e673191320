"""The translation catalogues: every language has every key, with the same
placeholders, and every key the code asks for exists."""
import json
import re
import string

import pytest

from conftest import ROOT
from ui.i18n import LANGUAGES, LOCALES

ENGLISH = json.loads((LOCALES / "en.json").read_text(encoding="utf-8"))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_language_has_every_key_with_the_same_placeholders(lang):
    path = LOCALES / f"{lang}.json"
    assert path.exists(), f"{path.name} is missing"
    catalogue = json.loads(path.read_text(encoding="utf-8"))
    missing = sorted(set(ENGLISH) - set(catalogue))
    extra = sorted(set(catalogue) - set(ENGLISH))
    assert not missing, f"{lang}: missing keys {missing[:20]}"
    assert not extra, f"{lang}: keys not in English {extra[:20]}"
    wrong = [k for k in ENGLISH if placeholders(ENGLISH[k]) != placeholders(catalogue[k])]
    assert not wrong, f"{lang}: placeholders differ for {wrong[:20]}"
    empty = [k for k, v in catalogue.items() if not v.strip()]
    assert not empty, f"{lang}: empty texts for {empty[:20]}"


def test_every_literal_key_in_the_code_is_in_the_english_catalogue():
    sources = [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *(p for p in ROOT.glob("ui/*.py") if p.name != "i18n.py")]
    used = set()
    for path in sources:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.\-]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in ENGLISH)
    assert not missing, f"keys used in code but missing from en.json: {missing}"


def test_no_fragments_are_left_unmerged():
    assert not list((LOCALES / "fragments").glob("*.json")), "run tools/merge_fragments.py"


def test_the_english_api_summaries_are_the_registrys_own():
    from xent_core.frameworks import catalogue
    summaries = {k: v for k, v in ENGLISH.items() if k.startswith("api.")}
    assert summaries == {f"api.{e.name}.summary": e.summary for e in catalogue()}, \
        "run tools/sync_api_strings.py"
