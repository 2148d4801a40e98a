"""Helpers for browser tests: wait for Streamlit to settle, take screenshots, spot tracebacks."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from bench import server as bench_server

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"


# Streamlit marks its root with the script's run state ("notRunning" once a run has finished);
# elements a rerun has not redrawn yet are faded ("stale"). The page is settled when the script
# is not running and nothing is stale or still a placeholder, and has stayed so for HOLD_MS: a
# widget's change asks for a rerun in the same tick as the key press, so a page that has stayed
# settled that long is not about to rerun.
HOLD_MS = 300
SETTLED = """(hold) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const settled = !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-stale="true"]');
  if (!settled) { window.__settledSince = null; return false; }
  window.__settledSince = window.__settledSince || performance.now();
  return performance.now() - window.__settledSince >= hold;
}"""


def wait_for_app(tab, timeout: float = 90_000) -> None:
    """Wait until Streamlit has finished running the script and drawn every chart."""
    tab.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    # app.py draws the footer only after the page script has finished.
    tab.wait_for_function(
        "() => document.body.innerText.includes('Extracts version')"
        " || document.querySelector('[data-testid=\"stException\"]')",
        timeout=timeout,
        # innerText lays the page out: reading it on every animation frame costs more CPU
        # than the page itself.
        polling=100,
    )
    tab.evaluate("() => { window.__settledSince = null; }")
    tab.wait_for_function(SETTLED, arg=HOLD_MS, timeout=timeout, polling=100)
    charts = tab.locator('[data-testid="stVegaLiteChart"]')
    for i in range(charts.count()):
        charts.nth(i).locator("canvas, svg").first.wait_for(timeout=timeout)


FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


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
    # The taller viewport is laid out and painted by the second animation frame after it; the
    # charts keep their width, so nothing is drawn again.
    tab.evaluate(FRAMES)
    tab.screenshot(path=str(path), full_page=True)
    tab.set_viewport_size(size)
    return path


def no_traceback(tab) -> None:
    """The page shows no Python traceback or Streamlit exception box."""
    assert tab.locator('[data-testid="stException"]').count() == 0
    assert "Traceback (most recent call last)" not in tab.content()


@contextlib.contextmanager
def serve(log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `streamlit run app.py` on a free loopback port until the block ends, as the benchmark
    does (bench.server); yields its URL. `env` adds environment variables for the server
    (GMDASH_DATA_DIR for other extracts, the scenario database it uses)."""
    with bench_server.serve(REPO / "app.py", log, env=env) as server:
        yield server.url
