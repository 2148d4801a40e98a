"""Warm reruns under AppTest: every page in the app's registry against the one-chart floor app.

A warm rerun is what a user waits for after touching a widget on a page they are already on:
the process's caches are filled, the session exists, the script runs again top to bottom.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.results import REPO, Metric, at_most, percentile

APP = REPO / "app.py"
FLOOR_CHART = Path(__file__).resolve().parent / "floors" / "one_chart.py"
TIMEOUT = 600
# Targets from issue 11.
PAGE_P95_MS = 150.0
PAGE_FLOOR_RATIO = 10.0


@dataclass(frozen=True)
class Page:
    """One page of the app's registry (gmdash.ui.shell.pages(), as app.py registers it)."""

    title: str
    url_path: str
    script: Path
    default: bool


def registered_pages() -> list[Page]:
    """The pages app.py registers with st.navigation, in the sidebar's order.

    st.Page objects only exist inside a script run, so the registry is read from a real run of
    app.py: AppTest keeps the navigation registry it uses to resolve switch_page().
    """
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    if at.exception:
        raise RuntimeError(f"app.py failed: {[e.value for e in at.exception]}")
    registry = at._registered_pages
    pages = [
        Page(
            title=str(info["page_name"]),
            url_path=str(info.get("url_pathname", "")),
            script=Path(str(info["script_path"])).resolve(),
            default=not info.get("url_pathname"),
        )
        for info in registry.values()
        if info.get("script_path")
    ]
    if not pages:
        raise RuntimeError("app.py registered no pages")
    return pages


def _open(script: Path, page: Page | None) -> AppTest:
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT).run()
    if page is not None and not page.default:
        at.switch_page(str(page.script.relative_to(script.parent))).run()
    return at


def warm_reruns(script: Path, page: Page | None, reruns: int) -> list[float]:
    """Seconds per warm rerun of `page` (or the script itself), after two untimed runs."""
    at = _open(script, page)
    at.run()
    if at.exception:
        raise RuntimeError(f"{page.title if page else script.name}: {at.exception[0].value}")
    samples = []
    for _ in range(reruns):
        start = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - start)
    if at.exception:
        raise RuntimeError(f"{page.title if page else script.name}: {at.exception[0].value}")
    return samples


def measure(reruns: int = 20) -> list[Metric]:
    """Each page's warm-rerun p95 in ms, against the floor app's, measured around the pages."""
    pages = registered_pages()
    floor = warm_reruns(FLOOR_CHART, None, reruns)
    timed: dict[Page, list[float] | str] = {}
    for page in pages:
        try:
            timed[page] = warm_reruns(APP, page, reruns)
        except Exception as exc:  # a broken page is a failed metric, not a crashed bench
            timed[page] = f"{type(exc).__name__}: {exc}"
    # The floor again after the pages, so a busy spell on a shared machine weighs on both.
    floor += warm_reruns(FLOOR_CHART, None, reruns)
    floor_p95 = percentile(floor, 95) * 1000
    metrics = [
        at_most(
            "warm rerun",
            "floor: one-chart app",
            floor_p95,
            "ms",
            float("inf"),
            detail={"p50_ms": percentile(floor, 50) * 1000, "runs": len(floor)},
        )
    ]
    for page, samples in timed.items():
        detail: dict[str, object] = {"page": page.url_path or "/", "script": str(page.script)}
        if isinstance(samples, str):
            value = float("nan")
            detail["error"] = samples
        else:
            value = percentile(samples, 95) * 1000
            detail |= {"p50_ms": percentile(samples, 50) * 1000, "runs": len(samples)}
        metrics.append(
            at_most(
                "warm rerun",
                f"{page.title} p95",
                value,
                "ms",
                PAGE_P95_MS,
                floor=floor_p95,
                ratio_limit=PAGE_FLOOR_RATIO,
                detail=detail,
            )
        )
    return metrics
