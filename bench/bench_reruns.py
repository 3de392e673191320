"""Server-side cost of a rerun, page by page.

One ``streamlit run app.py`` on a free loopback port and, for each page of
ui/pages.PAGES, a fresh websocket session (bench/st_client.py) that opens the
page at its default settings and moves the page's typical control (the first
slider, else the first selectbox or toggle; ``--control page=key`` to choose)
one step at a time, as a person does, turning at the control's ends. For each
rerun: the time from sending the BackMsg to receiving ``script_finished``, and
the bytes of the ForwardMsgs received for it (large messages already received
are sent as references to the client's cache, as for a browser).

Prints a table and appends it to bench/RESULTS.md (``--no-append`` to not).
Run: python bench/bench_reruns.py [--reruns 20] [--pages surface,clipping]

Targets: median under 60 ms and under 500 KB per rerun.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from results import report  # noqa: E402
from st_client import (ProtocolError, StreamlitSession, machine_line, percentile,  # noqa: E402
                       pick_control, stop_on_sigterm, streamlit_server, value_walk)
from ui.pages import PAGES  # noqa: E402

TARGET_MS = 60
TARGET_KB = 500
WARMUP = 2


def short(value) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 18 else text[:15] + "..."


async def bench_page(url, page, reruns, prefer=None) -> dict:
    row = {"page": page.path, "control": "-", "error": None}
    async with StreamlitSession(url) as session:
        first = await session.open_page(page.path)
        row["load_ms"] = 1e3 * first.seconds
        row["load_kb"] = first.bytes / 1e3
        if not first.ok:
            row["error"] = first.status + (f": {first.exceptions[0]}" if first.exceptions else "")
            return row
        widget = pick_control(session, prefer)
        if widget is None:
            row["control"] = "none on the page"
            return row
        values = value_walk(widget, WARMUP + reruns)
        row["control"] = f"{widget.key} ({widget.kind}, {short(values[0])}..)"
        times, sizes, fresh, runs, seen = [], [], [], [], set()
        for n, value in enumerate(values):
            result = await session.change(widget.key, value)
            if not result.ok:
                row["error"] = f"{result.status} at {widget.key}={short(value)}" + (
                    f": {result.exceptions[0]}" if result.exceptions else "")
                return row
            if n < WARMUP:
                seen.add(repr(value))
                continue
            times.append(1e3 * result.seconds)
            sizes.append(result.bytes / 1e3)
            runs.append(result)
            if repr(value) not in seen:
                fresh.append(1e3 * result.seconds)
            seen.add(repr(value))
    row.update(median_ms=statistics.median(times), p95_ms=percentile(times, 95),
               fresh_ms=statistics.median(fresh) if fresh else float("nan"), fresh_n=len(fresh),
               median_kb=statistics.median(sizes), max_kb=max(sizes), n=len(times))
    # What the biggest rerun spent its bytes on.
    biggest = max(runs, key=lambda r: r.bytes)
    parts = sorted(biggest.delta_bytes.items(), key=lambda kv: -kv[1])[:2]
    row["heaviest"] = ", ".join(f"{kind} {size / 1e3:.0f} KB" for kind, size in parts)
    return row


async def run_all(url, pages, reruns, prefer):
    rows = []
    for page in pages:
        try:
            rows.append(await bench_page(url, page, reruns, prefer.get(page.path)))
        except (ProtocolError, OSError) as err:
            rows.append({"page": page.path, "control": "-", "error": f"connection: {err}"})
        row = rows[-1]
        print(f"  {row['page']}: " + (row["error"] if row.get("error") else
                                      f"{row['median_ms']:.0f} ms, {row['median_kb']:.0f} KB" if "median_ms" in row
                                      else "no control on the page"), flush=True)
    return rows


def table(rows, reruns) -> list[str]:
    lines = [f"Per page: open it at its default settings, then {reruns} reruns, each moving the control one "
             f"step (after {WARMUP} not counted). 'new' = median over values not yet drawn in the run "
             "(values come back as the control turns at its ends, and pages cache figures). "
             "KB = ForwardMsg bytes received for the rerun.", "",
             "| page | control moved | median ms | p95 ms | new ms (n) | median KB | max KB | "
             "largest parts of the biggest rerun | first load ms / KB |",
             "|---|---|---:|---:|---:|---:|---:|---|---:|"]
    for row in rows:
        load = (f"{row['load_ms']:.0f} / {row['load_kb']:.0f}" if "load_ms" in row else "-")
        if "median_ms" not in row and not row.get("error"):
            lines.append(f"| {row['page']} | {row['control']} | - | - | - | - | - | - | {load} |")
            continue
        if row.get("error"):
            lines.append(f"| {row['page']} | {row['control']} | error: {row['error']} | | | | | | {load} |")
            continue
        lines.append(f"| {row['page']} | {row['control']} | {row['median_ms']:.0f} | {row['p95_ms']:.0f} | "
                     f"{row['fresh_ms']:.0f} ({row['fresh_n']}) | {row['median_kb']:.0f} | {row['max_kb']:.0f} | "
                     f"{row['heaviest']} | {load} |")
    measured = [r for r in rows if "median_ms" in r]
    over = [r["page"] for r in measured if r["median_ms"] >= TARGET_MS or r["median_kb"] >= TARGET_KB]
    lines += ["", f"Target: median under {TARGET_MS} ms and under {TARGET_KB} KB per rerun. "
              + (f"Not met by: {', '.join(over)}." if over else
                 f"Met by every page measured ({len(measured)} of {len(rows)}).")]
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reruns", type=int, default=20, help="measured reruns per page (default 20)")
    parser.add_argument("--pages", default="", help="comma-separated URL paths (default: every page)")
    parser.add_argument("--control", action="append", default=[], metavar="PAGE=KEY",
                        help="the control to move on a page instead of the automatic choice")
    parser.add_argument("--no-append", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    machine = machine_line()
    stop_on_sigterm()
    wanted = {p for p in args.pages.split(",") if p}
    pages = [p for p in PAGES if not wanted or p.path in wanted]
    prefer = dict(item.split("=", 1) for item in args.control)
    print(f"Reruns on {len(pages)} pages...", flush=True)
    with streamlit_server() as server:
        rows = asyncio.run(run_all(server.url, pages, args.reruns, prefer))
        log = server.log_tail()
    lines = [f"\n## Reruns per page (server side), {datetime.date.today()}", machine, ""]
    lines += table(rows, args.reruns)
    if any(r.get("error") for r in rows) and "Traceback" in log:
        lines += ["", "Server log (end):", "", "```", log, "```"]
    report(lines, append=not args.no_append)


if __name__ == "__main__":
    main()
