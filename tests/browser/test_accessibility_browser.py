"""Accessibility in the browser, on every page: charts are named for assistive technology, and
chart text and captions meet WCAG 2.2 AA contrast (4.5:1) as actually rendered."""

from __future__ import annotations

import pytest
from browser_support import wait_for_app

PAGES = [
    "",
    "overview",
    "profile",
    "compare",
    "trends",
    "map",
    "people",
    "demographics",
    "funding",
    "methods",
]

# Each text element's colour, with the opacity of its ancestors applied, as [r, g, b, alpha].
# Labels of disabled controls are left out: WCAG 1.4.3 exempts inactive components. So is an
# element with no text (nothing to read).
COLOURS = """(selector) => [...document.querySelectorAll(selector)].filter((el) => {
  const label = el.closest('label');
  return !(label && label.querySelector('input:disabled, [aria-disabled="true"]'))
    && !el.closest('button:disabled, [aria-disabled="true"]')
    && (el.textContent || '').trim() !== '';
}).map((el) => {
  let alpha = 1;
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    alpha *= parseFloat(getComputedStyle(e).opacity);
  }
  const css = el instanceof SVGElement ? getComputedStyle(el).fill : getComputedStyle(el).color;
  const parts = css.match(/[\\d.]+/g).map(Number);
  return [parts[0], parts[1], parts[2], (parts.length > 3 ? parts[3] : 1) * alpha];
})"""


def _contrast_on_white(r: float, g: float, b: float, alpha: float) -> float:
    def linear(channel: float) -> float:
        c = (channel * alpha + 255 * (1 - alpha)) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_charts_are_named_and_text_meets_aa_contrast(path, page, app_url):
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() > 0 or path == "methods", "only Data and methods has no chart"
    for i in range(charts.count()):
        # Streamlit puts the chart's `alt` on its container as the accessible name.
        name = charts.nth(i).get_attribute("aria-label") or ""
        assert len(name) > 20, f"chart {i} on /{path} has no accessible name: {name!r}"
    worst = []
    for selector in (
        '[data-testid="stVegaLiteChart"] svg text',
        '[data-testid="stCaptionContainer"] p',
        '[data-testid="stMarkdownContainer"] p',
    ):
        for colour in page.evaluate(COLOURS, selector):
            ratio = _contrast_on_white(*colour)
            if ratio < 4.5:
                worst.append((selector, colour, round(ratio, 2)))
    assert not worst, f"text below 4.5:1 on /{path}: {worst[:5]}"
