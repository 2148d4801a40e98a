"""Helpers for browser tests: wait for Streamlit to settle, take screenshots, spot tracebacks."""

from __future__ import annotations

import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"


# Elements a rerun has not redrawn yet are faded ("stale"); the page is settled without any.
SETTLED = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-stale="true"]')"""


def wait_for_app(tab, timeout: float = 90_000) -> None:
    """Wait until Streamlit has finished running the script and drawn every chart.

    The "running" indicator can blink off between reruns, so the page must stay settled (no
    indicator, no skeleton placeholders) for a whole second before we trust it.
    """
    tab.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    # The status widget only appears once the script starts, so first wait for content.
    tab.wait_for_selector('[data-testid="stHeading"]', timeout=timeout)
    # app.py draws the footer only after the page script has finished.
    tab.wait_for_function(
        "() => document.body.innerText.includes('Extracts version')"
        " || document.querySelector('[data-testid=\"stException\"]')",
        timeout=timeout,
    )
    deadline = time.monotonic() + timeout / 1000
    settled_since = None
    while time.monotonic() < deadline:
        if tab.evaluate(SETTLED):
            settled_since = settled_since or time.monotonic()
            if time.monotonic() - settled_since >= 1.0:
                break
        else:
            settled_since = None
        tab.wait_for_timeout(150)
    charts = tab.locator('[data-testid="stVegaLiteChart"]')
    for i in range(charts.count()):
        charts.nth(i).locator("canvas, svg").first.wait_for(timeout=timeout)


def screenshot(tab, name: str) -> Path:
    """Save a screenshot of the whole page under test-output/screenshots/<name>.png.

    Streamlit scrolls inside its own container, so a "full page" screenshot would stop at the
    first screen: the viewport is grown to the content's height for the shot, then restored.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = tab.viewport_size or {"width": 1400, "height": 1000}
    height = tab.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.body.scrollHeight; }"
    )
    tab.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12000)})
    tab.wait_for_timeout(600)
    tab.screenshot(path=str(path), full_page=True)
    tab.set_viewport_size(size)
    return path


def no_traceback(tab) -> None:
    """The page shows no Python traceback or Streamlit exception box."""
    assert tab.locator('[data-testid="stException"]').count() == 0
    assert "Traceback (most recent call last)" not in tab.content()
