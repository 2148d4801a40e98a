"""A real server under load: each page's payload, then many concurrent sessions, then a soak.

Sessions speak Streamlit's websocket protocol (bench.protocol), so 25 of them cost the client
almost nothing and the server's response time is what is measured. Streamlit keeps a closed
session for `server.disconnectedSessionTTL` (120 s by default) in case its browser reconnects;
the bench shortens that to a few seconds so "memory after sessions close" means after Streamlit
has let them go.
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.exceptions import ConnectionClosed

from bench.protocol import PageRef, Run, Session
from bench.results import REPO, Metric, at_most, percentile
from bench.server import Server, serve

APP = REPO / "app.py"
SESSION_TTL_S = 2
# Targets from issue 11.
PAGE_PAYLOAD_KB = 500.0
RESPONSE_P95_S = 1.0
MB_PER_SESSION = 5.0
SESSIONS = 25
INTERACTIONS = 20
THINK_S = (0.5, 2.0)
SOAK_INTERACTIONS = 1000
SOAK_SESSIONS = 5
# The soak's 1,000 interactions follow as many again of warm-up on the same server. The app's
# caches are bounded (the view memo, query results per distinct choice, map shapes per file), so
# memory climbs while they fill and then holds: a 3,000-interaction run (13:52, 26 Nov) read
# 457, 459, 469, 469, 474, 465, 468, 467, 469, 467, 470, 467 MB after each 250. A leak grows at
# every stage; measured over the interactions after the warm-up, memory is "flat" when they add
# no more than this.
SOAK_WARMUP = 1000
SOAK_GROWTH_MB = 10.0


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far, in seconds (from /proc, Linux).

    Unlike response times, this hardly moves when other work shares the machine's cores, so
    server CPU per interaction compares runs on a busy machine.
    """
    # The command name (field 2) may hold spaces; the fields after its closing bracket are fixed.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    """Response times and errors over many runs."""

    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    interactions: int = 0

    def add(self, run: Run, where: str) -> None:
        self.seconds.append(run.seconds)
        self.errors += [f"{where}: {e}" for e in run.errors]


async def _payloads(server: Server) -> tuple[list[PageRef], dict[str, Run]]:
    """Every registered page's first run in a session that arrived on Home, with its bytes."""
    session = await Session.open(server.url)
    try:
        await session.visit("")
        pages = list(session.pages)
        runs = {}
        for page in pages:
            runs[page.title] = await session.switch(page)
        return pages, runs
    finally:
        await session.close()


async def _settle(server: Server) -> float:
    """Memory once closed sessions have expired: wait out the TTL, then touch the session store."""
    await asyncio.sleep(SESSION_TTL_S + 1)
    probe = await Session.open(server.url)
    await probe.visit("")
    await probe.close()
    await asyncio.sleep(SESSION_TTL_S + 2)
    return server.rss_mb()


async def _user(
    server: Server,
    pages: list[PageRef],
    number: int,
    interactions: int,
    think: tuple[float, float],
    tally: Tally,
) -> None:
    """One visitor: arrives on a page, then alternately switches page and changes a select."""
    rng = random.Random(number)
    await asyncio.sleep(rng.uniform(0, think[1]))
    try:
        session = await Session.open(server.url)
    except OSError as exc:
        tally.errors.append(f"session {number}: could not connect: {exc}")
        return
    try:
        page_index = number % len(pages)
        run = await session.visit(pages[page_index].url_path)
        tally.add(run, f"session {number} visit /{pages[page_index].url_path}")
        for step in range(interactions):
            await asyncio.sleep(rng.uniform(*think))
            selects = [s for s in run.selects if len(s.options) > 1]
            if step % 2 == 0 or not selects:
                page_index = (page_index + 1) % len(pages)
                run = await session.switch(pages[page_index])
                where = f"session {number} step {step} to /{pages[page_index].url_path}"
            else:
                select = rng.choice(selects)
                option = rng.choice([o for o in select.options if o != select.value])
                run = await session.choose(select, option)
                where = f"session {number} step {step} {select.label!r}={option!r}"
            tally.add(run, where)
            tally.interactions += 1
    except (TimeoutError, OSError, ConnectionClosed) as exc:
        tally.errors.append(f"session {number}: {type(exc).__name__}: {exc}")
    finally:
        await session.close()


async def _sample_peak(server: Server, stop: asyncio.Event, peak: list[float]) -> None:
    while not stop.is_set():
        peak.append(server.rss_mb())
        await asyncio.sleep(0.5)


async def _crowd(
    server: Server,
    pages: list[PageRef],
    sessions: int,
    interactions: int,
    think: tuple[float, float],
) -> tuple[Tally, float]:
    tally = Tally()
    stop, peak = asyncio.Event(), [server.rss_mb()]
    sampler = asyncio.create_task(_sample_peak(server, stop, peak))
    await asyncio.gather(
        *(_user(server, pages, n, interactions, think, tally) for n in range(sessions))
    )
    stop.set()
    await sampler
    return tally, max(peak)


async def _soak(server: Server, pages: list[PageRef]) -> tuple[Tally, list[float]]:
    """The warm-up and then the soak's interactions, in waves of a few sessions, memory read
    after each wave."""
    per_session = 50
    waves = (SOAK_WARMUP + SOAK_INTERACTIONS) // (SOAK_SESSIONS * per_session)
    tally, memory = Tally(), []
    for wave in range(waves):
        await asyncio.gather(
            *(
                _user(
                    server, pages, 1000 + wave * SOAK_SESSIONS + n, per_session, (0.0, 0.05), tally
                )
                for n in range(SOAK_SESSIONS)
            )
        )
        memory.append(await _settle(server))
        print(
            f"  soak wave {wave + 1}/{waves}: {tally.interactions} interactions, "
            f"{memory[-1]:.0f} MB",
            file=sys.stderr,
            flush=True,
        )
    return tally, memory


async def _measure(server: Server, soak: bool) -> list[Metric]:
    metrics: list[Metric] = []
    pages, runs = await _payloads(server)
    for title, run in runs.items():
        metrics.append(
            at_most(
                "payload",
                f"{title} websocket payload",
                run.bytes / 1000,
                "KB",
                PAGE_PAYLOAD_KB,
                detail={"messages": run.messages, "charts": run.charts, "errors": run.errors},
            )
        )
    baseline = await _settle(server)
    started = time.perf_counter()
    cpu_before = cpu_seconds(server.process.pid)
    tally, peak = await _crowd(server, pages, SESSIONS, INTERACTIONS, THINK_S)
    cpu = cpu_seconds(server.process.pid) - cpu_before
    elapsed = time.perf_counter() - started
    # Per script run (each session's first visit and its interactions): what the server spent.
    cpu_per_run = cpu / len(tally.seconds) if tally.seconds else math.nan
    print(
        f"  crowd done in {elapsed:.0f} s; server CPU {cpu:.1f} s, "
        f"{cpu_per_run * 1000:.0f} ms per run ({len(tally.seconds)} runs), "
        f"p50 {percentile(tally.seconds, 50):.2f} s, p95 {percentile(tally.seconds, 95):.2f} s, "
        f"load average {os.getloadavg()[0]:.2f}",
        file=sys.stderr,
        flush=True,
    )
    after = await _settle(server)
    detail = {
        "sessions": SESSIONS,
        "interactions": tally.interactions,
        "runs": len(tally.seconds),
        "p50_s": percentile(tally.seconds, 50),
        "max_s": max(tally.seconds, default=float("nan")),
        "elapsed_s": elapsed,
        "think_s": list(THINK_S),
        "server_cpu_s": cpu,
        "server_cpu_ms_per_run": cpu_per_run * 1000,
        "load_average": list(os.getloadavg()),
    }
    metrics.append(
        at_most(
            "load",
            f"{SESSIONS} sessions × {INTERACTIONS} interactions: server response p95",
            percentile(tally.seconds, 95),
            "s",
            RESPONSE_P95_S,
            detail=detail,
        )
    )
    metrics.append(
        at_most(
            "load",
            "server CPU per run (visit or interaction) under the crowd",
            cpu_per_run * 1000,
            "ms",
            math.inf,
            detail={"server_cpu_s": cpu, "runs": len(tally.seconds)},
        )
    )
    metrics.append(
        at_most(
            "load",
            "errors",
            float(len(tally.errors)),
            "errors",
            0,
            detail={"first": tally.errors[:10]},
        )
    )
    metrics.append(
        at_most(
            "load",
            "memory per session after sessions close",
            (after - baseline) / SESSIONS,
            "MB",
            MB_PER_SESSION,
            detail={"baseline_mb": baseline, "peak_mb": peak, "after_mb": after},
        )
    )
    if soak:
        soak_tally, memory = await _soak(server, pages)
        warm = SOAK_WARMUP * len(memory) // (SOAK_WARMUP + SOAK_INTERACTIONS)
        growth = memory[-1] - memory[warm - 1] if warm else float("nan")
        metrics.append(
            at_most(
                "soak",
                f"{SOAK_INTERACTIONS} interactions after {SOAK_WARMUP} of warm-up: memory growth",
                growth,
                "MB",
                SOAK_GROWTH_MB,
                detail={
                    "memory_mb_after_each_wave": memory,
                    "warm_up_waves": warm,
                    "errors": len(soak_tally.errors),
                    "first_errors": soak_tally.errors[:5],
                    "interactions": soak_tally.interactions,
                    "response_p95_s": percentile(soak_tally.seconds, 95),
                },
            )
        )
    return metrics


def measure(log_dir: Path, soak: bool = True) -> list[Metric]:
    """Payloads, the concurrent-session load test and the soak, on one server."""
    extra = ("--server.disconnectedSessionTTL", str(SESSION_TTL_S))
    with serve(APP, log_dir / "load-server.log", extra=extra) as server:
        return asyncio.run(_measure(server, soak))
