"""A classroom: N students on one server.

One ``streamlit run app.py`` on a free loopback port (a fresh one for each
N) and N simulated students in this process, each a real websocket session
(bench/st_client.py). The students join over the first few seconds, each on
a page of a mix (ui/pages.PAGES in turn; pages without a control only load),
and every 2 s (``--interval``) each moves its page's control one step, for D
seconds (``--duration``, default 180). Every rerun is timed from the BackMsg
to ``script_finished``. Errors: exceptions drawn on a page, disconnects, and
reruns not finished within ``--timeout`` s. The server's memory (VmRSS from
/proc/<pid>/status) is sampled every 5 s.

Only loopback; every loop is bounded by the duration and the timeouts, and
the run stops by itself.

Run: python bench/load_test.py [--students 10,20,40,80] [--duration 180]
     python bench/load_test.py --soak        (N=40 for 10 minutes: memory growth, errors)
Prints a table and appends it to bench/RESULTS.md (``--no-append`` to not).

Target: N = 40 with no errors, p95 under 1 s, memory steady.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from results import report  # noqa: E402
from st_client import (FINISHED, ProtocolError, StreamlitSession, machine_line, percentile,  # noqa: E402
                       pick_control, start_server, stop_on_sigterm, stop_server, value_walk,
                       wait_healthy)
from ui.pages import PAGES  # noqa: E402

TARGET_N = 40
TARGET_P95_S = 1.0
SAMPLE_EVERY_S = 5.0
JOIN_SPREAD_S = 5.0


@dataclass
class Level:
    students: int
    latencies: list = field(default_factory=list)       # seconds, finished reruns
    by_page: dict = field(default_factory=dict)         # page -> latencies
    errors: dict = field(default_factory=dict)          # kind -> count
    examples: list = field(default_factory=list)        # a few error texts
    memory: list = field(default_factory=list)          # (t, kB)
    reruns: int = 0
    wall: float = float("nan")                          # seconds the CPU shares were measured over
    server_cpu: float = float("nan")                    # share of one core, over the run
    client_cpu: float = float("nan")
    logged: list = field(default_factory=list)          # exception lines in the server's log

    def error(self, kind, text=""):
        self.errors[kind] = self.errors.get(kind, 0) + 1
        text = f"{kind}: {text}"[:200]
        if text and len(self.examples) < 5 and text not in self.examples:
            self.examples.append(text)

    @property
    def error_count(self):
        return sum(self.errors.values())


async def student(number, url, page, level: Level, stop_at, interval, timeout, rng):
    await asyncio.sleep(rng.uniform(0, JOIN_SPREAD_S))
    session = StreamlitSession(url, run_timeout=timeout)
    try:
        await session.connect()
        result = await session.open_page(page.path)
        if result.status == "timeout":
            level.error("timeout", f"opening {page.path}")
            return
        if result.exceptions:
            level.error("exception", f"{page.path}: {result.exceptions[0]}")
        widget = pick_control(session)
        if widget is None:
            # A page with nothing to move: the student stays connected, reading.
            while time.monotonic() < stop_at:
                await asyncio.sleep(min(interval, max(0.0, stop_at - time.monotonic())))
            return
        values = iter(value_walk(widget, int((stop_at - time.monotonic()) / interval) + 10))
        next_at = time.monotonic() + rng.uniform(0, interval)
        while True:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            if time.monotonic() >= stop_at:
                break
            next_at += interval
            value = next(values, None)
            if value is None:
                break
            result = await session.change(widget.key, value)
            level.reruns += 1
            if result.status == "timeout":
                level.error("timeout", f"{page.path}: {widget.key} after {timeout:.0f} s")
                continue
            level.latencies.append(result.seconds)
            level.by_page.setdefault(page.path, []).append(result.seconds)
            if result.exceptions:
                level.error("exception", f"{page.path}: {result.exceptions[0]}")
            elif result.status not in FINISHED:
                level.error("run status", f"{page.path}: {result.status}")
            if next_at < time.monotonic():      # a slow rerun: the next change comes at once
                next_at = time.monotonic()
    except ProtocolError as err:
        level.error("disconnect", f"{page.path}: {err}")
    except OSError as err:
        level.error("connect", f"{page.path}: {err}")
    except Exception as err:  # anything else the client met is an error of the run, not a crash
        level.error("client", f"{page.path}: {err!r}")
    finally:
        try:
            await asyncio.wait_for(session.close(), 10)
        except Exception:
            pass


async def sample_memory(server, level: Level, stop_at):
    start = time.monotonic()
    while True:
        rss = server.rss_kb()
        if rss is not None:
            level.memory.append((time.monotonic() - start, rss))
        if time.monotonic() >= stop_at:
            return
        await asyncio.sleep(min(SAMPLE_EVERY_S, max(0.0, stop_at - time.monotonic())))


async def run_level(server, students, duration, interval, timeout, pages, seed) -> Level:
    level = Level(students)
    rng = random.Random(seed)
    stop_at = time.monotonic() + JOIN_SPREAD_S + duration
    memory = asyncio.create_task(sample_memory(server, level, stop_at))
    tasks = [asyncio.create_task(student(n, server.url, pages[n % len(pages)], level, stop_at, interval,
                                         timeout, random.Random(rng.random())))
             for n in range(students)]
    # Bounded: every student stops at stop_at, a rerun in flight at most `timeout` later.
    done, pending = await asyncio.wait(tasks, timeout=JOIN_SPREAD_S + duration + timeout + 60)
    for task in pending:
        task.cancel()
        level.error("hung", "a student did not stop")
    await memory
    level.memory.append((time.monotonic() - (stop_at - JOIN_SPREAD_S - duration), server.rss_kb() or 0))
    return level


def run(students, duration, interval, timeout, pages, seed=0) -> Level:
    server = start_server("app.py")
    try:
        wait_healthy(server.url)
        cpu0, client0, wall0 = server.cpu_seconds(), time.process_time(), time.monotonic()
        level = asyncio.run(run_level(server, students, duration, interval, timeout, pages, seed))
        wall = time.monotonic() - wall0
        cpu1 = server.cpu_seconds()
        if cpu0 is not None and cpu1 is not None:
            level.server_cpu = (cpu1 - cpu0) / wall
        level.client_cpu = (time.process_time() - client0) / wall
        level.wall = wall
        level.logged = server.errors_logged()
        if server.proc.poll() is not None:
            level.error("server died", server.log_tail(5))
        return level
    finally:
        stop_server(server)
        server.log.unlink(missing_ok=True)


def warmup_s(duration) -> float:
    """Memory growth is counted from here: the first minute (a third of a
    short run) fills caches and imports."""
    return min(60.0, duration / 3)


def memory_text(level: Level, duration):
    values = [kb for _, kb in level.memory]
    if not values:
        return "-", "-", "-", float("nan")
    warmup = warmup_s(duration) + JOIN_SPREAD_S
    after_warmup = [kb for t, kb in level.memory if t >= warmup] or values
    growth = 100.0 * (values[-1] - after_warmup[0]) / after_warmup[0]
    return f"{values[0] / 1024:.0f}", f"{max(values) / 1024:.0f}", f"{values[-1] / 1024:.0f}", growth


def result_lines(levels, duration, interval, machine, soak=False) -> list[str]:
    title = "Soak test" if soak else "Classroom load test"
    lines = [f"\n## {title}, {datetime.date.today()}", machine, "",
             f"One server, N students (websocket sessions in one client process on the same 2-core machine), "
             f"pages in turn from ui/pages.PAGES; each moves its page's control every {interval:g} s for "
             f"{duration:g} s" + (" (shorter than the 180 s default)." if duration < 180 else ".")
             + " Latency: BackMsg to script_finished. Memory: the server's RSS every 5 s; growth from the "
             f"first sample {warmup_s(duration):g} s after the students joined to the end.", "",
             "CPU: the server's and the client's, in cores (1.0 = one core busy all the time). "
             "A Streamlit server runs its sessions' scripts in threads of one Python process, so under load "
             "it does not use much more than one core. CPU per change: the server's CPU over the whole run "
             "(page loads included) divided by the control changes.", "",
             "| N | reruns | p50 ms | p95 ms | max ms | errors | RSS start / max / end MB | growth | "
             "server CPU | client CPU | server CPU ms per change |",
             "|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|"]
    for level in levels:
        lat = [1e3 * x for x in level.latencies]
        start, peak, end, growth = memory_text(level, duration)
        errors = ", ".join(f"{k} {v}" for k, v in level.errors.items()) or "0"
        lines.append(f"| {level.students} | {level.reruns} | {percentile(lat, 50):.0f} | {percentile(lat, 95):.0f} | "
                     f"{max(lat) if lat else float('nan'):.0f} | {errors} | {start} / {peak} / {end} | "
                     f"{growth:+.1f}% | {level.server_cpu:.2f} | {level.client_cpu:.2f} | "
                     f"{1e3 * level.server_cpu * level.wall / max(level.reruns, 1):.0f} |")
    lines += ["", "p50 / p95 ms per page:", ""]
    for level in levels:
        per_page = "; ".join(f"{page} {1e3 * statistics.median(v):.0f} / {1e3 * percentile(v, 95):.0f}"
                             for page, v in sorted(level.by_page.items()))
        lines.append(f"- N={level.students}: {per_page}")
    examples = list(dict.fromkeys(e for level in levels for e in level.examples))
    if examples:
        lines += ["", "Errors seen (first few):", ""] + [f"- {e}" for e in examples[:8]]
    logged = list(dict.fromkeys(e for level in levels for e in level.logged))
    if logged:
        lines += ["", "Exceptions in the server's log:", ""] + [f"- `{e}`" for e in logged[:8]]
    good = [lv.students for lv in levels if lv.latencies and percentile(lv.latencies, 95) < TARGET_P95_S]
    lines.append("")
    if not soak:
        lines.append(f"Largest N with p95 under {TARGET_P95_S:g} s: " + (str(max(good)) if good else "none") + ".")
    target = next((lv for lv in levels if lv.students == TARGET_N), None)
    if target is not None:
        _, _, _, growth = memory_text(target, duration)
        met = (target.error_count == 0 and target.latencies and percentile(target.latencies, 95) < TARGET_P95_S)
        lines.append(f"Target (N = {TARGET_N}, no errors, p95 under {TARGET_P95_S:g} s, memory steady): "
                     + ("met" if met else "not met")
                     + f" (errors {target.error_count}, p95 {1e3 * percentile(target.latencies, 95):.0f} ms, "
                       f"memory {growth:+.1f}% after the first {warmup_s(duration):g} s).")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", default="10,20,40,80", help="comma-separated N (default 10,20,40,80)")
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of control changes per N")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between a student's changes")
    parser.add_argument("--timeout", type=float, default=30.0, help="a rerun longer than this is an error")
    parser.add_argument("--pages", default="", help="comma-separated URL paths of the mix (default: every page)")
    parser.add_argument("--soak", action="store_true", help="N=40 for 10 minutes (memory growth and errors)")
    parser.add_argument("--no-append", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    machine = machine_line()
    stop_on_sigterm()
    if args.soak:
        counts, duration = [TARGET_N], 600.0
    else:
        counts, duration = [int(n) for n in args.students.split(",") if n], args.duration
    if duration <= 0 or args.interval <= 0 or not counts or min(counts) < 1 or max(counts) > 200:
        parser.error("need a positive duration and interval and 1 to 200 students")
    wanted = {p for p in args.pages.split(",") if p}
    pages = [p for p in PAGES if not wanted or p.path in wanted]
    levels = []
    for n in counts:
        print(f"N={n} for {duration:g} s...", flush=True)
        level = run(n, duration, args.interval, args.timeout, pages)
        lat = level.latencies
        print(f"  {level.reruns} reruns, p50 {1e3 * percentile(lat, 50):.0f} ms, p95 {1e3 * percentile(lat, 95):.0f} ms,"
              f" errors {level.error_count}", flush=True)
        levels.append(level)
    report(result_lines(levels, duration, args.interval, machine, soak=args.soak), append=not args.no_append)


if __name__ == "__main__":
    main()
