"""Helpers for browser tests: wait for Streamlit to settle, take screenshots, spot tracebacks."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"


def wait_for_app(tab, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script and drawn its charts."""
    tab.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    # The status widget only appears once the script starts, so first wait for content.
    tab.wait_for_selector('[data-testid="stHeading"]', timeout=timeout)
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=timeout,
    )
    tab.wait_for_timeout(400)
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=timeout,
    )
    charts = tab.locator('[data-testid="stVegaLiteChart"]')
    for i in range(charts.count()):
        charts.nth(i).locator("canvas, svg").first.wait_for(timeout=timeout)


def screenshot(tab, name: str) -> Path:
    """Save a full-page screenshot under test-output/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def no_traceback(tab) -> None:
    """The page shows no Python traceback or Streamlit exception box."""
    assert tab.locator('[data-testid="stException"]').count() == 0
    assert "Traceback (most recent call last)" not in tab.content()
