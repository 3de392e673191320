"""Random and hostile URL parameters on every page: never an exception.

For each page, the controls it draws are read from the run (ui.controls
records their keys); each combination sets a random subset of them, plus
the app-wide ones, to values drawn from a pool of ordinary, extreme, broken
and hostile strings. ``FUZZ_RUNS`` sets the combinations per page.
"""
import os
import random

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from ui.controls import RENDERED
from ui.pages import PAGES

RUNS = int(os.environ.get("FUZZ_RUNS", "8"))
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
           "${7*7}", "{lang}", "%s%s%s", "'; DROP TABLE x; --", "\u202e\u0000", "../../etc/passwd"]
VALUES = ["", " ", "0", "1", "-1", "2", "7", "-100", "0.5", "1e30", "-1e30", "1e-45", "nan", "inf", "-inf",
          "true", "false", "none", "0,1", "0.2, 0.8", "0,2;0,8", "1,2;3", "0,1,0;0,0,1", "[[0,1],[1,0]]",
          "abc", "1,,2", ";", "float16", "float64", "sum", "mean", "none", "uniform", "nce",
          "keras.losses.binary_crossentropy", "torch.nn.functional.cross_entropy", "no.such.api",
          ",".join(["1"] * 5000), "9" * 400] + HOSTILE
APP_PARAMS = {"lang": ["en", "fr", "xx", "<b>"], "present": ["true", "maybe"], "view": ["figure", "x"],
              "hide": ["api,dtype", "<script>"], "lock": ["dtype", ""], "lesson": ["nope", "<i>"],
              "note": HOSTILE + ["a note"]}


def page_keys(file):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    if file != PAGES[0].file:
        at.switch_page(f"app_pages/{file}").run()
    return [k for k in dict.fromkeys(at.session_state[RENDERED]) if k not in APP_PARAMS]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path)
def test_random_and_hostile_urls_never_raise(page):
    rng = random.Random(f"{page.path}-fuzz")
    keys = page_keys(page.file)
    for run in range(RUNS):
        params = {k: rng.choice(VALUES) for k in keys if rng.random() < 0.6}
        params.update({k: rng.choice(v) for k, v in APP_PARAMS.items() if rng.random() < 0.2})
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page.file != PAGES[0].file:
            at.switch_page(f"app_pages/{page.file}").run()
        assert not at.exception, f"run {run} with {params}: {at.exception[0].value}"
