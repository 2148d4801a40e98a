"""Printing and presenting in a real browser: clean A4 pages, and slides stepped by the keyboard.

The printouts are PDFs from Chromium's own print path (`page.pdf()`), read back with poppler's
pdftotext and pdfinfo and drawn to PNG with pdftoppm, so a person can look at the pages in
test-output/screenshots/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_support import SCREENSHOTS, no_traceback, wait_for_app

from gmdash.present import contrast_ratio

# Words only the sidebar, the filters or the buttons carry: none may reach paper.
NOT_ON_PAPER = (
    "Data freshness",
    "Demographics",
    "Data and methods",
    "Download CSV",
    "Show as table",
    "Where these numbers come from",
    "Funnel plot",
)
A4_LANDSCAPE = "841.92 x 594.96 pts (A4)"


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} not found: run `make pack-deps` (it installs poppler-utils)")
    return path


def _print(page, url: str, name: str, tmp_path: Path) -> tuple[str, int]:
    """Print `url` to PDF as a reader would; return its text and page count, and draw its pages."""
    page.goto(url)
    wait_for_app(page)
    no_traceback(page)
    page.emulate_media(media="print")
    pdf = tmp_path / f"{name}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.emulate_media(media="screen")
    info = subprocess.run(
        [_poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert A4_LANDSCAPE in info, info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    text = subprocess.run(
        [_poppler("pdftotext"), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"print-{name}-*.png"):
        old.unlink()
    subprocess.run(
        [_poppler("pdftoppm"), "-png", "-r", "60", str(pdf), str(SCREENSHOTS / f"print-{name}")],
        check=True,
    )
    return text, pages


def _clean(text: str) -> None:
    flat = " ".join(text.split())
    for words in NOT_ON_PAPER:
        assert words not in flat, words


def test_print_profile_gives_clean_a4_pages(page, app_url, tmp_path):
    text, pages = _print(page, f"{app_url}/profile?area=E08000010", "profile", tmp_path)
    _clean(text)
    # Headed by the view's title, its filters, the date and the extract version.
    head = text.lstrip().splitlines()[:3]
    assert head[0].strip() == "Borough profile"
    assert head[1].strip() == "Borough: Wigan"
    assert re.match(r"\s*Printed \d{1,2} \w+ \d{4} · Extracts version \w+", head[2])
    # The spine chart, the indicator table and the plain-English statements: three pages, the
    # table read as text (a data grid would print as a picture or not at all).
    flat = " ".join(text.split())  # table cells wrap over lines
    assert "Indicator by indicator" in flat and "In plain English" in flat
    assert "Compared with England" in flat and "not published for" in flat
    assert 2 <= pages <= 3
    assert len(list(SCREENSHOTS.glob("print-profile-*.png"))) == pages


def test_print_compare_gives_clean_a4_pages(page, app_url, tmp_path):
    text, pages = _print(
        page, f"{app_url}/compare?area=E08000002&indicator=alcohol_met_need", "compare", tmp_path
    )
    _clean(text)
    head = text.lstrip().splitlines()[:2]
    assert head[0].strip() == "Compare boroughs"
    assert "Indicator: Alcohol met need" in head[1] and "Borough: Bury" in head[1]
    # The rank table prints whole, as text, with its heading.
    ranks = text[text.index("Rank among the boroughs") :]
    for borough in ("Bolton", "Bury", "Manchester", "Oldham", "Wigan"):
        assert borough in ranks
    assert "1st" in ranks and "10th" in ranks
    assert 1 <= pages <= 2


DECK = (
    "profile:E08000002,compare:alcohol_met_need,"
    "trends:drug_poisoning_death_rate:E08000002+E08000010"
)


def _slide(tab, words: str, timeout: float = 90_000) -> None:
    """Wait for a slide's running head and its drawn chart, then for the app to settle."""
    tab.get_by_text(words).wait_for(timeout=timeout)
    tab.locator('[data-testid="stVegaLiteChart"]').locator("canvas, svg").first.wait_for(
        timeout=timeout
    )
    # Streamlit marks elements of the previous run stale (and fades them) until the rerun ends.
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')",
        timeout=timeout,
    )
    tab.wait_for_timeout(800)


def _shot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _rgb(css: str) -> str:
    red, green, blue = (int(v) for v in re.findall(r"\d+", css)[:3])
    return f"#{red:02X}{green:02X}{blue:02X}"


@pytest.fixture(scope="module")
def deck(browser_context, app_url):
    """The three-slide deck in one tab at a projector's 16:9, shared by the tests below (a
    reopened link's slide is checked under AppTest: test_presentation_page)."""
    tab = browser_context.new_page()
    tab.set_viewport_size({"width": 1600, "height": 900})
    tab.goto(f"{app_url}/?present=1&slides={DECK}")
    _slide(tab, "Slide 1 of 3")
    yield tab
    tab.close()


def test_presentation_steps_by_keyboard_and_its_link_follows(deck):
    tab = deck
    no_traceback(tab)
    # No sidebar, no filters: the slide and its keys only.
    assert not tab.locator('[data-testid="stSidebar"]').is_visible()
    assert tab.locator('[data-testid="stSelectbox"]').count() == 0
    _shot(tab, "present-1-profile")
    tab.keyboard.press("ArrowRight")
    _slide(tab, "Slide 2 of 3")
    assert tab.get_by_text("Compare boroughs · Alcohol met need").is_visible()
    _shot(tab, "present-2-compare")
    tab.keyboard.press("ArrowRight")
    _slide(tab, "Slide 3 of 3")
    assert tab.get_by_text("Trends · Drug-poisoning death rate").is_visible()
    assert "step=3" in tab.url
    _shot(tab, "present-3-trends")
    tab.keyboard.press("ArrowLeft")
    _slide(tab, "Slide 2 of 3")
    link = tab.url
    assert "present=1" in link and "step=2" in link


def test_presentation_high_contrast_is_aaa(deck):
    tab = deck
    tab.keyboard.press("h")
    tab.wait_for_url(re.compile(r"contrast=high"))
    tab.get_by_text("Standard contrast").wait_for()
    _slide(tab, " of 3")
    colours = tab.evaluate(
        """() => {
          const style = (el) => getComputedStyle(el);
          const app = document.querySelector('[data-testid="stApp"]');
          const caption = document.querySelector('[data-testid="stCaptionContainer"]');
          const button = document.querySelector('.stButton button:not(:disabled)');
          const key = button.querySelector('kbd');
          return {
            ground: style(app).backgroundColor,
            caption: style(caption).color,
            head: style(document.querySelector('.gm-running-head')).color,
            button: style(button).color,
            buttonGround: style(button).backgroundColor,
            key: style(key).color,
            keyOpacity: style(key).opacity,
          };
        }"""
    )
    ground = _rgb(colours["ground"])
    for text in ("caption", "head"):
        assert contrast_ratio(_rgb(colours[text]), ground) >= 7.0, colours
    for text in ("button", "key"):
        assert contrast_ratio(_rgb(colours[text]), _rgb(colours["buttonGround"])) >= 7.0, colours
    # The shortcut hint is not faded: an opacity would lower its contrast below what is measured.
    assert colours["keyOpacity"] == "1", colours
    _shot(tab, "present-high-contrast")
