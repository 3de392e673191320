"""Start-up: from ``streamlit run app.py`` to the first page fully drawn in
Debian's chromium (the browser is started beforehand and not counted).

Each try starts a fresh server on a free loopback port and times: the server
answering ``/_stcore/health``; then, loading the home page, its first run
over (script state running -> notRunning), every element drawn (no loading
skeleton left, every plotly chart has its SVG) and the page settled (no run
for a second; the time is that of the last change, not counting the second).

Prints the median of 3 tries (``--tries``) and appends it to bench/RESULTS.md
(``--no-append`` to not). Run: python bench/bench_startup.py

Target: under 4 s.
"""
from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from bench_browser import CHROMIUM, CHROMIUM_ARGS, DRAWN, IDLE, STATE_PROBE  # noqa: E402
from results import report  # noqa: E402
from st_client import machine_line, start_server, stop_on_sigterm, stop_server, wait_healthy  # noqa: E402
from ui.pages import PAGES  # noqa: E402

TARGET_S = 4.0


def one_try(browser, path="") -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(STATE_PROBE)
    page = context.new_page()
    start = time.perf_counter()
    server = start_server("app.py")
    try:
        healthy = wait_healthy(server.url) - start
        before_goto = time.perf_counter()
        # performance.now() in the page counts from its navigation start.
        page.goto(f"{server.url}/{path}")
        page.wait_for_function("() => window.__bench && window.__bench.runs > 0", timeout=90_000, polling=20)
        first_run = page.evaluate("window.__bench.last")
        page.wait_for_function(DRAWN, timeout=60_000, polling=20)
        drawn = page.evaluate("performance.now()")
        page.wait_for_function(f"""() => document.querySelector("{IDLE}")
                                   && performance.now() - window.__bench.last > 1000""", timeout=60_000)
        settled = max(drawn, page.evaluate("window.__bench.last"))
        errors = page.locator("[data-testid='stException']").count()
        return {"health": healthy, "first_run": before_goto - start + first_run / 1e3,
                "drawn": before_goto - start + settled / 1e3, "runs": page.evaluate("window.__bench.runs"),
                "errors": errors}
    finally:
        stop_server(server)
        server.log.unlink(missing_ok=True)
        context.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=3)
    parser.add_argument("--page", default="", help="URL path of the first page (default: home)")
    parser.add_argument("--no-append", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    machine = machine_line()
    stop_on_sigterm()
    tries = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in range(args.tries):
            tries.append(one_try(browser, args.page))
            t = tries[-1]
            print(f"  try {n + 1}: health {t['health']:.2f} s, first run over {t['first_run']:.2f} s, "
                  f"drawn {t['drawn']:.2f} s", flush=True)
        browser.close()
    med = {k: statistics.median(t[k] for t in tries) for k in ("health", "first_run", "drawn")}
    page = args.page or PAGES[0].path
    lines = [f"\n## Start-up, {datetime.date.today()}", machine, "",
             f"From `streamlit run app.py` to the {page} page fully drawn in headless chromium "
             f"(browser already running), median of {len(tries)} fresh servers.", "",
             "| server healthy (s) | first run over (s) | page drawn and settled (s) | tries (s) |",
             "|---:|---:|---:|---|",
             f"| {med['health']:.2f} | {med['first_run']:.2f} | {med['drawn']:.2f} | "
             + ", ".join(f"{t['drawn']:.2f}" for t in tries) + " |", ""]
    errors = sum(t["errors"] for t in tries)
    if errors:
        lines.append(f"The page showed {errors} exception(s).")
    lines.append(f"Target: under {TARGET_S:.0f} s. " + ("Met." if med["drawn"] < TARGET_S else "Not met."))
    report(lines, append=not args.no_append)


if __name__ == "__main__":
    main()
