"""What a person feels: from a key press on a slider to the redrawn page, in
Debian's chromium driven by Playwright.

Two servers on free loopback ports: ``streamlit run app.py`` and
``streamlit run bench/reference_page.py`` (one slider and one number, the
floor: Streamlit's own round trip and redraw). On the reference and on every
slider of every page of ui/pages.PAGES (each in a page opened afresh at its
defaults): focus the slider, press ArrowRight (ArrowLeft at its end) one key
at a time, and time each from the keydown to the redraw: the run's
``script_finished`` has arrived on the websocket and the page has stopped
changing (the time is that of the last change, so the quiet period waited
for is not counted).

Where a figure has its own plotly slider (frames or restyle steps that play
in the browser, no round trip), the same is timed for a click on that
slider's rail: from the mousedown to the chart's last change.

In a second page of its own, opened afresh, each slider's steps also count
React's commits and the components React ran in them, through the hook
React's developer tools use: how much of the page Streamlit drew again for
the step. It varies far less than the times from run to run. It is not
counted in the timed page: the hook walks React's whole tree at each commit,
which costs a page of 2,500 components several milliseconds a step and the
reference page almost nothing.

Prints median and p95 per page and appends them to bench/RESULTS.md
(``--no-append`` to not). Run: python bench/bench_browser.py [--presses 30]

Targets: each slider's median within 50 ms of the reference's, p95 under 300 ms, under 30
KB received per step (median; the table also gives the largest step, such as
a new map). ``--first-only`` times only each page's first slider.
"""
from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from results import report  # noqa: E402
from st_client import (machine_line, percentile, start_server, stop_on_sigterm, stop_server,  # noqa: E402
                       wait_healthy)
from ui.pages import PAGES, address  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
SLIDER = ("[data-testid='stMain'] [data-testid='stSlider'] input[type='range'], "
          "[data-testid='stMain'] [data-testid='stSlider'] [role='slider']")
PLOTLY_RAIL_IN_FRAME = ".js-plotly-plot .slider-container .slider-rail-touch-rect"
PLOTLY_RAIL = f"[data-testid='stMain'] {PLOTLY_RAIL_IN_FRAME}"
QUIET_MS = 150          # no chart change for this long: the redraw is over
WARMUP = 2
COUNTED_PRESSES = 6     # steps whose React work is counted, in a page apart from the timed one
TARGET_DELTA_MS = 50
TARGET_P95_MS = 300
TARGET_KB = 30

# Installed before the page's own code. The end of a run is read from the
# websocket: a ForwardMsg carrying script_finished (field 6, a varint; 2 is
# "finished early for a rerun", not an end). The app's script state
# attribute is not enough: a short run can go running -> notRunning within
# one render, and the attribute never changes. Counts the runs, and after a
# key or mouse press records when its run ended.
STATE_PROBE = r"""(() => {
  const B = window.__bench = {runs: 0, last: 0, key: null, finished: null, dom: null, chart: null, msgs: 0,
                              bytes: 0, commits: 0, components: 0};
  function finishes(buffer) {
    const b = new Uint8Array(buffer);
    let i = 0;
    const varint = () => { let r = 0, s = 1, x;
      do { x = b[i++]; r += (x & 0x7f) * s; s *= 128; } while ((x & 0x80) && i < b.length);
      return r; };
    while (i < b.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { const v = varint(); if (field === 6) return v !== 2; }
      else if (wire === 2) { const n = varint(); i += n; }
      else if (wire === 1) { i += 8; } else if (wire === 5) { i += 4; } else { return false; }
    }
    return false;
  }
  function received(t, buffer) {
    B.last = t;
    if (B.key !== null && B.finished === null) { B.msgs += 1; B.bytes += buffer.byteLength; }
    if (!finishes(buffer)) return;
    B.runs += 1;
    if (B.key !== null && B.finished === null) B.finished = t;
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const t = performance.now();
        const data = event.data;   // an ArrayBuffer (binaryType), maybe of another realm
        if (data && typeof data.byteLength === 'number') received(t, data);
        else if (data && data.arrayBuffer) data.arrayBuffer().then((b) => received(t, b));
      });
    }
  };
  new MutationObserver(() => { B.last = performance.now(); })
    .observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
})();"""
# Installed before the page's own code, as React's developer tools are: at
# each commit React hands over its tree, and the components that ran in
# this commit are counted, from a key or mouse press on. A component ran if
# its node is new since the last commit (React renders into a copy of a
# node; a part of the tree it skipped keeps the very same nodes, with the
# flags of their last render) and carries the PerformedWork flag. The
# times vary from run to run; this count varies far less, and tells how
# much of the page Streamlit drew again for a step.
REACT_PROBE = r"""(() => {
  const PERFORMED_WORK = 1;
  let before = new Set();  // the nodes of the tree at the last commit
  function counted(fiber, now) {
    let n = 0;
    for (let f = fiber; f; f = f.sibling) {
      now.add(f);
      if ((f.flags & PERFORMED_WORK) && typeof f.type !== 'string' && !before.has(f)) n += 1;
      if (f.child) n += counted(f.child, now);
    }
    return n;
  }
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, isDisabled: false, renderers: new Map(),
    inject(renderer) { this.renderers.set(1, renderer); return 1; },
    onCommitFiberRoot(id, root) {
      const now = new Set();
      const ran = counted(root.current.child, now);
      before = now;
      const B = window.__bench;
      if (!B || B.key === null) return;
      B.commits += 1;
      B.components += ran;
    },
    onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, checkDCE() {},
  };
})();"""
# Installed once the page is drawn: the time of the last change one can see
# outside the sliders (whose own thumbs move at once, before any run), and
# inside a plotly chart; the time of each key or mouse press.
PROBE = """() => {
  const B = window.__bench;
  if (B.installed) return;
  B.installed = true;
  const main = document.querySelector("[data-testid='stMain']") || document.body;
  const visible = (el) => {
    if (!el.isConnected) return false;  // plotly builds some parts before it puts them in the page
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) return false;
    const box = el.getBoundingClientRect(), view = el.ownerDocument.defaultView;
    return box.right + view.scrollX > 0 && box.bottom + view.scrollY > 0;
  };
  // A change of the page's own elements counts at once. One in a chart's
  // iframe counts where one can see it after: not inside a part hidden (a
  // plot drawn ahead for a later step), nor in plotly's text measurer
  // (placed beyond the page's top left corner), nor in parts plotly builds
  // before it puts them in the page; an element added counts if it shows, a
  // removal always. Asking the browser what one sees costs it style and
  // layout work, so that is asked once the page has stopped changing at all
  // (B.seen), not during the step: the iframes' changes wait in B.later
  // until then, the last of them at B.laterAt.
  const changed = (t, el) => {
    if (el.closest('.js-plotly-plot')) { B.chart = t; B.dom = t; }
    else if (!el.closest("[data-testid='stSlider']")) { B.dom = t; }
  };
  B.later = [];
  B.seen = () => {
    const known = new Map();
    const shows = (el) => { if (!known.has(el)) known.set(el, visible(el)); return known.get(el); };
    for (const [t, el, scopes] of B.later) if (scopes.some(shows)) changed(t, el);
    B.later = [];
  };
  const observer = new MutationObserver((mutations) => {
    if (B.key === null) return;
    const t = performance.now();
    for (const m of mutations) {
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (!el || !el.closest) continue;
      if (el.ownerDocument === document) { changed(t, el); continue; }
      const added = [...m.addedNodes].filter((node) => node.nodeType === 1);
      B.later.push([t, el, added.length ? added : [el]]);
      B.laterAt = t;
    }
  });
  const changes = {subtree: true, childList: true, attributes: true, characterData: true};
  observer.observe(main, changes);
  // Charts drawn inside a component's iframe (ui/layers.py): same origin, watched the same way.
  for (const frame of main.querySelectorAll('iframe')) {
    try { observer.observe(frame.contentDocument.body, changes); } catch (e) { /* another origin */ }
  }
  const start = () => { B.key = performance.now(); B.finished = null; B.dom = null; B.chart = null; B.later = []; B.laterAt = null;
                        B.msgs = 0; B.bytes = 0; B.commits = 0; B.components = 0; };
  document.addEventListener('keydown', start, true);
  document.addEventListener('mousedown', start, true);
  for (const frame of main.querySelectorAll('iframe')) {  // a press on a chart inside an iframe
    try { frame.contentDocument.addEventListener('mousedown', start, true); } catch (e) { /* another origin */ }
  }
}"""
DRAWN = """() => !document.querySelector("[data-testid='stMain'] [data-testid='stSkeleton']")
  && [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(c => c.querySelector('.main-svg'))
  && [...document.querySelectorAll("[data-testid='stMain'] iframe")].every(f => {
       try { return !f.contentDocument.querySelector('#chart') || f.contentDocument.querySelector('.main-svg'); }
       catch (e) { return true; } })"""
RERUN_DONE = """() => { const B = window.__bench;
  if (B.finished === null) return false;
  return performance.now() - Math.max(B.finished, B.dom || 0, B.laterAt || 0) > %d; }""" % QUIET_MS
RERUN_TIME = """() => { const B = window.__bench;
  B.seen();
  return [Math.max(B.finished, B.dom || 0) - B.key, B.finished - B.key, B.bytes, B.commits, B.components]; }"""
CHART_DONE = """() => { const B = window.__bench;
  const last = Math.max(B.chart === null ? -1 : B.chart, B.laterAt === null ? -1 : B.laterAt);
  if (last < 0 || performance.now() - last <= %d) return false;
  B.seen();
  return B.chart !== null; }""" % QUIET_MS
CHART_TIME = "() => { const B = window.__bench; B.seen(); return [B.chart - B.key, B.msgs > 0]; }"


def open_page(page, url):
    page.goto(url)
    page.wait_for_function("() => window.__bench && window.__bench.runs > 0", timeout=90_000)
    # Settled: no message and no change of script state for a second (a page
    # may run twice as it opens, when it writes its values into the URL).
    page.wait_for_function(f"""() => document.querySelector("{IDLE}")
                               && performance.now() - window.__bench.last > 1000""", timeout=60_000)
    # Elements' code loads after the first run (a skeleton stands in for it):
    # wait for every element and every plotly chart to be drawn.
    page.wait_for_function(DRAWN, timeout=60_000)
    page.wait_for_timeout(500)
    page.evaluate(PROBE)


def slider_count(page) -> int:
    """How many sliders the page's main area holds."""
    return page.locator(SLIDER).count()


def slider_presses(page, presses, index=0) -> dict:
    """Key presses on the page's slider number ``index`` (in page order);
    times in ms, bytes received per step."""
    slider = page.locator(SLIDER).nth(index)
    if slider.count() == 0:
        if os.environ.get("BENCH_SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['BENCH_SCREENSHOTS']}/{page.url.rsplit('/', 1)[-1] or 'home'}.png")
        return {"note": "no slider on the page"}
    label = slider.get_attribute("aria-label") or ""
    times, run_times, sizes, commits, components, timeouts, direction = [], [], [], [], [], 0, "ArrowRight"
    for n in range(WARMUP + presses):
        value = float(slider.get_attribute("value") or slider.get_attribute("aria-valuenow"))
        high = float(slider.get_attribute("max") or slider.get_attribute("aria-valuemax"))
        low = float(slider.get_attribute("min") or slider.get_attribute("aria-valuemin"))
        if value >= high:
            direction = "ArrowLeft"
        elif value <= low:
            direction = "ArrowRight"
        slider.focus()
        page.keyboard.press(direction)
        try:
            page.wait_for_function(RERUN_DONE, timeout=20_000, polling=20)
        except PlaywrightTimeout:
            timeouts += 1
            page.wait_for_selector(IDLE, timeout=60_000)
            continue
        if n >= WARMUP:
            total, run_over, size, drawn, parts = page.evaluate(RERUN_TIME)
            times.append(total)
            run_times.append(run_over)
            sizes.append(size / 1024)
            commits.append(drawn)
            components.append(parts)
    return {"control": label, "times": times, "run_times": run_times, "kb": sizes, "commits": commits,
            "components": components, "timeouts": timeouts}


def plotly_slider_clicks(page, clicks) -> dict | None:
    """Clicks along a figure's own plotly slider (no round trip); times in ms."""
    rail = page.locator(PLOTLY_RAIL).first
    if rail.count() == 0:  # a chart drawn in ui/layers.py's iframe: the first that has a slider
        frames = page.frame_locator("iframe[src*='layered_figure']")
        count = page.locator("iframe[src*='layered_figure']").count()
        rails = [frames.nth(k).locator(PLOTLY_RAIL_IN_FRAME).first for k in range(count)]
        rail = next((r for r in rails if r.count()), None)
        if rail is None:
            return None
    rail.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = rail.bounding_box()
    if not box:
        return None
    fractions = [0.1, 0.9, 0.3, 0.7, 0.5, 0.2, 0.8, 0.4, 0.6]
    times, round_trips, timeouts = [], 0, 0
    for n in range(WARMUP + clicks):
        x = box["x"] + box["width"] * fractions[n % len(fractions)]
        page.mouse.click(x, box["y"] + box["height"] / 2)
        try:
            page.wait_for_function(CHART_DONE, timeout=10_000, polling=20)
        except PlaywrightTimeout:
            timeouts += 1
            continue
        elapsed, running = page.evaluate(CHART_TIME)
        round_trips += bool(running)
        if n >= WARMUP:
            times.append(elapsed)
    return {"times": times, "timeouts": timeouts, "round_trips": round_trips}


def react_work(context, url, index) -> dict:
    """React's commits and components per step of slider ``index``, counted
    in a page of ``context`` (which has the REACT_PROBE) apart from the timed one."""
    page = context.new_page()
    try:
        open_page(page, url)
        counted = slider_presses(page, COUNTED_PRESSES, index)
        return {"commits": counted["commits"], "components": counted["components"]}
    finally:
        page.close()


def summary(times) -> tuple[float, float]:
    return (statistics.median(times), percentile(times, 95)) if times else (float("nan"), float("nan"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=30, help="timed key presses per page (default 30)")
    parser.add_argument("--pages", default="", help="comma-separated URL paths (default: every page)")
    parser.add_argument("--no-append", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--first-only", action="store_true", help="time only each page's first slider")
    args = parser.parse_args(argv)
    machine = machine_line()
    stop_on_sigterm()
    wanted = {p for p in args.pages.split(",") if p}
    pages = [p for p in PAGES if not wanted or p.path in wanted]

    app_server = start_server("app.py")
    ref_server = start_server(Path("bench") / "reference_page.py")
    rows = []
    try:
        wait_healthy(app_server.url)
        wait_healthy(ref_server.url)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(STATE_PROBE)
            counting = browser.new_context(viewport={"width": 1400, "height": 1000})
            counting.add_init_script(STATE_PROBE)
            counting.add_init_script(REACT_PROBE)
            targets = [("reference", ref_server.url + "/", None)]
            for pg in pages:
                url = f"{app_server.url}/{address(pg.path)}"
                page = context.new_page()
                try:
                    open_page(page, url)
                    count = slider_count(page)
                except PlaywrightTimeout:
                    count = 0
                finally:
                    page.close()
                if not count:
                    targets.append((pg.path, url, None))
                for index in range(min(count, 1) if args.first_only else count):
                    targets.append((pg.path, url, index))
            clicked = set()
            for name, url, label in targets:
                page = context.new_page()
                row = {"page": name}
                try:
                    open_page(page, url)
                    errors = page.locator("[data-testid='stException']").count()
                    row.update(slider_presses(page, args.presses, label or 0))
                    if row.get("times"):
                        row.update(react_work(counting, url, label or 0))
                    if errors:
                        row["note"] = f"the page shows {errors} exception(s)" + (
                            f"; {row['note']}" if row.get("note") else "")
                    plot = None
                    if name != "reference" and name not in clicked:  # a figure's own slider, once per page
                        clicked.add(name)
                        plot = plotly_slider_clicks(page, args.presses)
                    if plot:
                        row["plotly"] = plot
                except PlaywrightTimeout as err:
                    row["note"] = f"timed out: {str(err).splitlines()[0]}"
                finally:
                    page.close()
                rows.append(row)
                med, p95 = summary(row.get("times", []))
                print(f"  {name} {row.get('control', '')}: " + (
                    f"median {med:.0f} ms, p95 {p95:.0f} ms, {statistics.median(row['kb']):.1f} KB, "
                    f"{statistics.median(row['components']):,.0f} React components" if row.get("times")
                    else row.get("note", "no times")), flush=True)
            browser.close()
    finally:
        stop_server(app_server)
        stop_server(ref_server)

    ref_median = summary(rows[0].get("times", []))[0]
    lines = [f"\n## Slider to redraw in chromium, {datetime.date.today()}", machine, "",
             f"Headless chromium 1400 x 1000. Per slider of each page, opened afresh at its defaults: {args.presses} "
             f"ArrowRight/ArrowLeft presses (after {WARMUP} not counted), each timed from the keydown to the run's "
             "script_finished message and the page's last change after it (charts included; a chart more than a "
             "quarter screen out of view is drawn when it comes near the view, not at the step). The reference page "
             "(bench/reference_page.py: one slider, one number) is the floor: Streamlit's round trip and redraw. "
             "'Run over': until the page handled the script_finished message (later than the server sent it "
             "when the page's main thread is busy with the run's earlier messages and charts). 'KB': what the "
             "websocket brought for the step, median and largest (a slider that changes a map sends the map "
             "when the tab does not hold it yet). 'React': the page's commits per step and the components "
             f"React ran in them (median of {COUNTED_PRESSES} steps in a page of their own: the count slows the page), "
             "which vary far less than the times from run to run.",
             "", "| page | slider | median ms | p95 ms | median - reference | run over, median ms | KB | largest KB "
             "| React: commits, components | timeouts |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    misses = []
    for row in rows:
        if not row.get("times"):
            lines.append(f"| {row['page']} | {row.get('note', '-')} | - | - | - | - | - | - | - | "
                         f"{row.get('timeouts', '-')} |")
            continue
        med, p95 = summary(row["times"])
        size = statistics.median(row["kb"])
        delta = med - ref_median
        note = f" ({row['note']})" if row.get("note") else ""
        lines.append(f"| {row['page']} | {row.get('control', '')}{note} | {med:.0f} | {p95:.0f} | "
                     f"{'-' if row['page'] == 'reference' else f'{delta:+.0f}'} | "
                     f"{summary(row['run_times'])[0]:.0f} | {size:.1f} | {max(row['kb']):.1f} | "
                     f"{statistics.median(row['commits']):.0f}, {statistics.median(row['components']):,.0f} | "
                     f"{row['timeouts']} |")
        too_slow = delta > TARGET_DELTA_MS or p95 > TARGET_P95_MS or size > TARGET_KB
        if row["page"] != "reference" and (too_slow or row["timeouts"]):
            misses.append(f"{row['page']} ({row.get('control', '')})")
    plots = [r for r in rows if r.get("plotly")]
    if plots:
        lines += ["", "In-browser plotly sliders (a click on the figure's own slider rail, from the mousedown "
                  "to the chart's last change; no rerun expected):", "",
                  "| page | median ms | p95 ms | clicks that started a rerun | timeouts |", "|---|---:|---:|---:|---:|"]
        for row in plots:
            med, p95 = summary(row["plotly"]["times"])
            lines.append(f"| {row['page']} | {med:.0f} | {p95:.0f} | {row['plotly']['round_trips']} | "
                         f"{row['plotly']['timeouts']} |")
    lines += ["", f"Target: each slider's median within {TARGET_DELTA_MS} ms of the reference's, p95 under "
              f"{TARGET_P95_MS} ms, under {TARGET_KB} KB per step. " + (f"Not met by: {', '.join(misses)}." if misses else
                                         "Met by every slider.")]
    report(lines, append=not args.no_append)


if __name__ == "__main__":
    main()
