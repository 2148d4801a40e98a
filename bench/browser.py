"""Real headless Chromium: cold start to the first chart, and a filter change until the redraw.

Both are measured against the floor apps in bench/floors in the same run, with the browser flags
the browser tests use (tests/browser/conftest.py).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.results import REPO, Metric, at_most, percentile
from bench.server import serve

APP = REPO / "app.py"
FLOORS = Path(__file__).resolve().parent / "floors"
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium on a closed network; the browser tests launch it with these too.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHART = '[data-testid="stVegaLiteChart"]'
# Targets from issue 11.
COLD_START_RATIO = 1.3
FILTER_RATIO = 1.5


@dataclass(frozen=True)
class FilterChange:
    """A select on a page whose change redraws a chart whose accessible name says the choice."""

    path: str
    label: str
    options: tuple[str, ...]
    expect: str  # text the redrawn chart's accessible name carries, with {option}


COMPARE = FilterChange(
    "compare?area=E08000004&indicator=completions_opiate",
    "Compare with",
    ("North West", "Greater Manchester", "England"),
    "Against {option}",
)
FLOOR_SELECT = FilterChange("", "Compare with", COMPARE.options, "Against {option}")

# Resolves when a chart whose name contains `expect` is drawn with marks that differ from `old`.
REDRAWN = """([expect, old]) => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
  .some((c) => (c.getAttribute('aria-label') || '').includes(expect)
    && c.querySelector('svg, canvas')
    && (c.querySelector('svg') ? c.querySelector('svg').innerHTML : '') !== old)"""
FIRST_SVG = """() => { const s = document.querySelector('[data-testid="stVegaLiteChart"] svg');
  return s ? s.innerHTML : ''; }"""


def _launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)


def cold_start(browser: Any, script: Path, log: Path) -> float:
    """Seconds from starting the server process to the first chart drawn in a new browser tab."""
    with serve(script, log) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            tab = context.new_page()
            tab.goto(server.url)
            tab.locator(f"{CHART} svg, {CHART} canvas").first.wait_for(timeout=180_000)
            return time.perf_counter() - server.started
        finally:
            context.close()


def _open_select(tab: Any, label: str, option: str) -> None:
    widget = tab.locator('[data-testid="stSelectbox"]').filter(
        has=tab.get_by_text(label, exact=True)
    )
    widget.locator("input").first.click()
    tab.keyboard.type(option)


def filter_changes(
    browser: Any, script: Path, change: FilterChange, n: int, log: Path
) -> list[float]:
    """Seconds from choosing an option to the chart redrawn with it, `n` times (after 2 untimed)."""
    with serve(script, log) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            tab = context.new_page()
            tab.goto(f"{server.url}/{change.path}")
            tab.locator(f"{CHART} svg").first.wait_for(timeout=180_000)
            tab.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")
            samples = []
            for i in range(n + 2):
                # The current choice is the default, England: cycle through the others.
                option = change.options[i % len(change.options)]
                old = tab.evaluate(FIRST_SVG)
                _open_select(tab, change.label, option)
                start = time.perf_counter()
                tab.get_by_role("option", name=option, exact=True).click()
                tab.wait_for_function(
                    REDRAWN,
                    arg=[change.expect.format(option=option), old],
                    polling="raf",
                    timeout=180_000,
                )
                if i >= 2:
                    samples.append(time.perf_counter() - start)
                tab.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")
            return samples
        finally:
            context.close()


def measure(log_dir: Path, cold_runs: int = 3, changes: int = 15) -> list[Metric]:
    """Cold start (median of `cold_runs`) and filter-change p95, each against its floor app."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            app_cold, floor_cold = [], []
            for i in range(cold_runs):
                floor_cold.append(
                    cold_start(browser, FLOORS / "one_chart.py", log_dir / f"cold-floor-{i}.log")
                )
                app_cold.append(cold_start(browser, APP, log_dir / f"cold-app-{i}.log"))
            floor_changes = filter_changes(
                browser,
                FLOORS / "select_redraw.py",
                FLOOR_SELECT,
                changes,
                log_dir / "filter-floor.log",
            )
            app_changes = filter_changes(browser, APP, COMPARE, changes, log_dir / "filter-app.log")
        finally:
            browser.close()
    floor_cold_s, floor_change_ms = (
        statistics.median(floor_cold),
        percentile(floor_changes, 95) * 1000,
    )
    return [
        at_most(
            "browser",
            "cold start to the home page's first chart (median)",
            statistics.median(app_cold),
            "s",
            float("inf"),
            floor=floor_cold_s,
            ratio_limit=COLD_START_RATIO,
            detail={"app_s": app_cold, "floor_s": floor_cold},
        ),
        at_most(
            "browser",
            f"filter change to redrawn chart p95 (Compare, {COMPARE.label!r})",
            percentile(app_changes, 95) * 1000,
            "ms",
            float("inf"),
            floor=floor_change_ms,
            ratio_limit=FILTER_RATIO,
            detail={
                "app_p50_ms": percentile(app_changes, 50) * 1000,
                "floor_p50_ms": percentile(floor_changes, 50) * 1000,
                "changes": len(app_changes),
            },
        ),
    ]
