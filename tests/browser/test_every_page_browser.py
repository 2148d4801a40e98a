"""Every page in a real browser, loaded once and checked five ways: accessibility (charts named
for assistive technology, text at WCAG 2.2 AA contrast as rendered), axe-core, keyboard reach, the
link the browser shows reopening the same view in a new session (on every page with settings of
its own), and keyboard use.

Each page opens from a link to a distinctive view (VIEWS: not its defaults, so a link that lost a
filter would show), and the checks that only read the page share that one load: a page load is
most of a browser test's cost. The keyboard-use check, which changes the page, runs last on the
same tab.

Keyboard: a control is anything a pointer user can operate: links, buttons, inputs, selects,
expanders, tabs, and the data grids. The test tabs from the top of the page until focus comes round
again and checks each visible, enabled control was focused on the way (a radio group is one stop, as
WAI-ARIA has it: Tab reaches its chosen option and the arrow keys move within it). Then it operates
the page's controls by keyboard only, each from the focus Tab gives it: a select changes with the
arrow keys and Enter, an expander opens with Enter, a checkbox or toggle flips with Space, a
segmented control or radio group moves with the arrow keys (and Enter where the arrows only move
focus).

axe-core (Deque, MPL-2.0) comes from the axe-playwright-python package, which ships axe.min.js;
the test injects it into the page and runs it as axe's own documentation describes. Violations
inside Streamlit's own components are listed in STREAMLIT_OWN with the upstream issue, and reported
(not failed) so that the list stays honest: an entry that no longer matches anything fails the
test, so a fixed upstream problem leaves the list.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import REPO, no_traceback, screenshot, wait_for_app
from page_support import open_page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from streamlit.testing.v1 import AppTest

MAX_TABS = 400
AXE = importlib.resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()
SERIOUS = ("serious", "critical")
REPORT = REPO / "test-output" / "axe"


def _registered_pages() -> dict[str, str]:
    """URL path to script of each page app.py registers (its st.navigation registry), Home
    first."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    return {
        str(info.get("url_pathname", "")): str(info.get("script_path", ""))
        for info in at._registered_pages.values()
    }


SCRIPTS = _registered_pages()
PAGES = list(SCRIPTS)
IDS = [p or "home" for p in PAGES]
# Pages whose view here is words and controls only.
NO_CHART = {"methods", "whatif_scenarios", "pack"}
# The view each page opens on: a distinctive one, so a link that lost a filter would show.
VIEWS = {
    "": "area=E08000009",
    "overview": "area=E08000004&comparator=E47000001",
    "profile": "area=E08000007",
    "compare": "area=E08000010&indicator=alcohol_met_need&period=2016/17&comparator=E47000001"
    "&compare.view=Funnel+plot",
    "trends": "area=E08000005&indicator=drug_poisoning_death_rate&areas=E08000005&areas=E08000002"
    "&trends.pool=1&trends.baseline=2012",
    "map": "area=E08000006&indicator=alcohol_met_need&period=2017/18&map.scheme=quintiles"
    "&map.domain=Crime",
    "people": "area=E08000005&sex=Female&people.substance=alcohol&people.period=2015/16",
    "demographics": "area=E08000008&demographics.topic=religion",
    # A link made before settings were named <page>.<setting> still opens the same view.
    "funding": "area=E08000010&v.funding_grant=inpatient_detox",
    "methods": "area=E08000003&indicator=alcohol_related_mortality",
    "whatif": "area=E08000004&indicator=completions_opiate&period=2022&whatif.target=north_west",
    "funding_split": "area=E08000001&split.method=blend&split.year=2020"
    "&split.blend=equal:20,per_head:40,need:40&split.need=imd_score:50,drug_deaths:50",
    "whatif_scenarios": "area=E08000004",
    "pack": "area=E08000002",
}
LEGACY = {"v.funding_grant": "funding.grant"}


@pytest.fixture(scope="module")
def loaded(browser_context, app_url) -> Iterator[Callable[[str], object]]:
    """Each page opened once from its link in its own tab (its own session), kept for every
    check below."""
    tabs: dict[str, object] = {}

    def load(path: str):
        if path not in tabs:
            tab = browser_context.new_page()
            tab.goto(f"{app_url}/{path}?{VIEWS[path]}")
            wait_for_app(tab)
            tabs[path] = tab
        return tabs[path]

    yield load
    for tab in tabs.values():
        tab.close()


# Each text element's colour, with the opacity of its ancestors applied, as [r, g, b, alpha], and
# the opaque background it sits on (the nearest ancestor with one; the page's white otherwise).
# Labels of disabled controls (around or beside their input) are left out: WCAG 1.4.3 exempts
# inactive components. So is an element with no text (nothing to read) and one drawn fully
# transparent (nothing to see).
COLOURS = """(selector) => [...document.querySelectorAll(selector)].filter((el) => {
  const label = el.closest('label');
  const disabled = 'input:disabled, textarea:disabled, [aria-disabled="true"]';
  // A widget's label sits beside its input, in the widget's box.
  const widget = el.closest('[data-testid="stWidgetLabel"]');
  return !(label && label.querySelector(disabled))
    && !(widget && widget.parentElement && widget.parentElement.querySelector(disabled))
    && !el.closest('button:disabled, [aria-disabled="true"]')
    && (el.textContent || '').trim() !== '';
}).map((el) => {
  const rgba = (css) => { const p = css.match(/[\\d.]+/g).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  let alpha = 1;
  let background = [255, 255, 255, 1];
  let found = false;
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const style = getComputedStyle(e);
    alpha *= parseFloat(style.opacity);
    if (!found && !(e instanceof SVGElement)) {
      const bg = rgba(style.backgroundColor);
      if (bg[3] === 1) { background = bg; found = true; }
    }
  }
  const fg = rgba(el instanceof SVGElement ? getComputedStyle(el).fill : getComputedStyle(el).color);
  return [fg[0], fg[1], fg[2], fg[3] * alpha, background.slice(0, 3)];
}).filter((c) => c[3] > 0)"""


def _luminance(rgb: list[float]) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])


def _contrast(r: float, g: float, b: float, alpha: float, background: list[float]) -> float:
    """WCAG contrast of text drawn at `alpha` over an opaque `background`."""
    shown = [c * alpha + bg * (1 - alpha) for c, bg in zip((r, g, b), background, strict=True)]
    light, dark = sorted((_luminance(shown), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_charts_are_named_and_text_meets_aa_contrast(path, loaded):
    page = loaded(path)
    screenshot(page, f"page-{path or 'home'}")
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() > 0 or path in NO_CHART, f"/{path} has no chart"
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
            ratio = _contrast(*colour)
            if ratio < 4.5:
                worst.append((selector, colour, round(ratio, 2)))
    assert not worst, f"text below 4.5:1 on /{path}: {worst[:5]}"


# Serious violations that sit inside Streamlit's own components, not markup this project writes:
# (axe rule, the data-testid of the Streamlit component the node sits in, upstream issue, why).
# The grouped sidebar navigation (st.navigation with sections) renders each section's items in a
# <div> inside the <ul>, so the <ul> has non-<li> children ("list") and the <li>s lack a list
# parent ("listitem"). No upstream issue names this markup yet; streamlit/streamlit#8399 is
# Streamlit's open issue on output that accessibility checkers flag, and this belongs there.
STREAMLIT_OWN: list[tuple[str, str, str]] = [
    ("list", "stSidebarNav", "https://github.com/streamlit/streamlit/issues/8399"),
    ("listitem", "stSidebarNav", "https://github.com/streamlit/streamlit/issues/8399"),
]
seen: set[tuple[str, str]] = set()
scanned: set[str] = set()

INSIDE = """([selector, testid]) => {
  const el = document.querySelector(selector);
  return !!(el && el.closest(`[data-testid="${testid}"]`));
}"""


def _violations(tab) -> list[dict]:
    tab.evaluate(AXE)
    result = tab.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations;
        }"""
    )
    return [v for v in result if v.get("impact") in SERIOUS]


def _known(tab, rule: str, target: list) -> str | None:
    """The upstream issue when the node is inside a Streamlit component listed for this rule."""
    if len(target) != 1 or not isinstance(target[0], str):
        return None  # inside an iframe or shadow root: not one of ours to excuse
    for rule_id, testid, issue in STREAMLIT_OWN:
        if rule == rule_id and tab.evaluate(INSIDE, [target[0], testid]):
            seen.add((rule_id, testid))
            return issue
    return None


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_no_serious_violation_from_our_markup(path, loaded):
    page = loaded(path)
    ours, upstream = [], []
    for violation in _violations(page):
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            issue = _known(page, violation["id"], node["target"])
            entry = {
                "rule": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "target": target,
                "html": node["html"][:300],
            }
            (upstream if issue else ours).append(entry | ({"upstream": issue} if issue else {}))
    REPORT.mkdir(parents=True, exist_ok=True)
    report = {"ours": ours, "streamlit": upstream}
    (REPORT / f"{path or 'home'}.json").write_text(json.dumps(report, indent=2))
    scanned.add(path)
    assert not ours, json.dumps(ours, indent=2)[:4000]


def test_every_excused_streamlit_violation_still_occurs():
    """An excuse whose violation has gone (a Streamlit upgrade fixed it) must leave the list."""
    if scanned != set(PAGES):
        pytest.skip("needs every page scanned in this run")
    stale = [(r, t) for r, t, _ in STREAMLIT_OWN if (r, t) not in seen]
    assert not stale, f"no longer found, remove from STREAMLIT_OWN: {stale}"


# Every kind of widget a page's view can carry, as AppTest names them.
WIDGETS = [
    "selectbox",
    "multiselect",
    "radio",
    "checkbox",
    "toggle",
    "button_group",
    "number_input",
    "text_input",
    "slider",
    "select_slider",
]


def _reopened(path: str, link: str) -> dict[str, list[str]]:
    """What a new session opened on `link` shows (AppTest, the same script on the same
    parameters): the heading, every widget's value and every caption (the charts' alt text)."""
    params = parse_qs(urlsplit(link).query, keep_blank_values=True)
    at = open_page(SCRIPTS[path], {k: v if len(v) > 1 else v[0] for k, v in params.items()})
    assert not at.exception, [e.value for e in at.exception]
    return {
        "heading": [t.value for t in at.title],
        "widgets": [f"{w.key}={w.value}" for kind in WIDGETS for w in at.get(kind)],
        "captions": [c.value for c in at.caption],
    }


# Pages whose view carries settings of their own (<page>.<setting>): the shared filters (area,
# indicator, comparator, sex, period) travel the same way on every page, and each of these
# pages carries them too.
WITH_SETTINGS = [p for p in PAGES if any("." in s.split("=")[0] for s in VIEWS[p].split("&"))]


@pytest.mark.parametrize("path", WITH_SETTINGS, ids=[p or "home" for p in WITH_SETTINGS])
def test_a_copied_link_reopens_the_same_view(path, loaded):
    page = loaded(path)
    no_traceback(page)
    link = page.url
    # Page settings named in the link survive the router's rewrite of the URL in the browser.
    for setting in (p for p in VIEWS[path].split("&") if "." in p.split("=")[0]):
        name = LEGACY.get(setting.split("=")[0], setting.split("=")[0])
        assert f"{name}=" in link, f"{name} lost from {link}"
    # A new session knows nothing of this one (Streamlit keeps no state in cookies or storage),
    # so only the link carries the view: the link the browser now shows opens the same view as
    # the one it was given. A new session is the same script run on the link's parameters, so
    # it runs under AppTest: a second browser load would cost seconds and prove nothing more.
    opened = _reopened(path, link)
    assert opened["widgets"] and opened["captions"], opened
    assert opened == _reopened(path, f"?{VIEWS[path]}")


# Marks every visible, enabled control with data-kbd="<n>" and returns a label for each.
MARK_CONTROLS = """() => {
  const selector = [
    'a[href]', 'button', 'input', 'select', 'textarea', 'summary',
    '[role="button"]', '[role="combobox"]', '[role="checkbox"]', '[role="switch"]',
    '[role="radio"]', '[role="tab"]', '[role="slider"]', '[role="link"]',
    '[tabindex]:not([tabindex="-1"])',
  ].join(',');
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      && !el.closest('[aria-hidden="true"], [inert]');
  };
  // Checkboxes and radios hide their native input and show its label instead.
  const shown = (el) => (el.type === 'checkbox' || el.type === 'radio')
    ? (el.closest('label') || el) : el;
  const controls = [...document.querySelectorAll(selector)].filter((el) =>
    visible(shown(el)) && !el.disabled && el.getAttribute('aria-disabled') !== 'true'
    // A control inside another control is reached through it (e.g. a select's input).
    && !(el.parentElement && el.parentElement.closest(selector) && el.tagName !== 'INPUT'));
  // A radio group is one Tab stop (WAI-ARIA): its options share their group's mark.
  const groups = new Map();
  const marked = [];
  for (const el of controls) {
    const group = el.type === 'radio' ? el.closest('[role="radiogroup"]') : null;
    if (group && groups.has(group)) {
      el.setAttribute('data-kbd', groups.get(group));
      continue;
    }
    const i = marked.length;
    el.setAttribute('data-kbd', String(i));
    if (group) groups.set(group, String(i));
    const box = el.closest('[data-testid]');
    marked.push([i, el.tagName.toLowerCase(),
      (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 60),
      box ? box.getAttribute('data-testid') : '']);
  }
  return marked;
}"""
# Focus an unfocusable-by-Tab marker at the very start of the page: the next Tab goes to the
# first control, as it does when a page has just loaded.
START = """() => {
  let start = document.getElementById('kbd-start');
  if (!start) {
    start = document.createElement('div');
    start.id = 'kbd-start';
    start.tabIndex = -1;
    document.body.prepend(start);
  }
  start.focus();
}"""
FOCUSED = """() => { const el = document.activeElement;
  const marked = el && el.closest('[data-kbd]');
  return marked ? marked.getAttribute('data-kbd') : (el ? el.tagName : null); }"""


def _tab_through(tab) -> list[str]:
    """Focus stops from the top of the document, once round."""
    _start_from_top(tab)
    stops: list[str] = []
    for _ in range(MAX_TABS):
        tab.keyboard.press("Tab")
        stop = tab.evaluate(FOCUSED)
        if stops and stop == stops[0]:
            break
        stops.append(stop)
    return stops


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_tab_reaches_every_control(path, loaded):
    page = loaded(path)
    controls = page.evaluate(MARK_CONTROLS)
    assert controls, f"/{path} has no controls at all"
    stops = set(_tab_through(page))
    missed = [c for c in controls if str(c[0]) not in stops]
    assert not missed, f"/{path}: Tab never reaches {missed}"


def _focus(control) -> None:
    """Put focus where Tab brings a keyboard user to this control (test_tab_reaches_every_control
    proves that Tab gets there), without pressing Tab all the way down the page again: the keys
    pressed after this are the only input."""
    control.focus()
    assert control.evaluate("(el) => el.contains(document.activeElement)"), control


def _focus_group(group) -> None:
    """A radio group's Tab stop: its chosen option, or its first when none is chosen."""
    chosen = group.locator('input:checked, [role="radio"][aria-checked="true"]')
    options = chosen if chosen.count() else group.locator('input[type="radio"], [role="radio"]')
    _focus(options.first)


def _start_from_top(tab) -> None:
    tab.evaluate(START)


def _checked(group) -> str:
    chosen = group.locator('[aria-checked="true"], input:checked')
    if not chosen.count():
        return ""
    return chosen.first.evaluate("(el) => (el.closest('label') || el).innerText")


MAIN = '[data-testid="stMain"]'


def _select_works(page, path: str) -> int:
    selects = page.locator(f'{MAIN} [data-testid="stSelectbox"]')
    if not selects.count():
        return 0
    select = selects.first
    before = select.get_by_role("combobox").input_value()
    listbox = page.get_by_role("listbox").first
    for attempt in range(3):
        # The select's own input, not its help icon, which comes first in its box. On a busy
        # machine a late re-render can take the focus away before the key lands, as it could
        # from a person, who would then press again.
        _focus(select.get_by_role("combobox"))
        page.keyboard.press("ArrowDown")  # opens the list
        try:
            listbox.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    texts = [t.strip() for t in listbox.get_by_role("option").all_inner_texts()]
    target = next((t for t in texts if t and t != before), None)
    if target is None:  # a select with one option (one saved scenario) has nothing to change to
        page.keyboard.press("Escape")
        return 0
    # Typing filters the list to the option; Enter chooses it.
    page.keyboard.type(target)
    page.keyboard.press("Enter")
    wait_for_app(page)
    after = page.locator(f'{MAIN} [data-testid="stSelectbox"]').first
    assert after.get_by_role("combobox").input_value() != before, f"/{path}: select unchanged"
    return 1


def _expander_works(page, path: str) -> int:
    expanders = page.locator(f'{MAIN} [data-testid="stExpander"] summary')
    if not expanders.count():
        return 0
    label = expanders.first.inner_text()
    _focus(expanders.first)
    page.keyboard.press("Enter")
    details = page.locator(f'{MAIN} [data-testid="stExpander"] details').first
    details.wait_for()
    assert details.get_attribute("open") is not None, f"/{path}: expander did not open"
    if "Show as table" in label:
        # A chart's table view: its data grid draws once opened.
        details.locator('[data-testid="stDataFrame"]').first.wait_for()
    return 1


def _checkbox_works(page, path: str) -> int:
    checks = page.locator(f'{MAIN} [data-testid="stCheckbox"] input:enabled')
    if not checks.count():
        return 0
    box = checks.first
    before_checked = box.is_checked()
    _focus(box)
    page.keyboard.press("Space")
    wait_for_app(page)
    checks = page.locator(f'{MAIN} [data-testid="stCheckbox"] input:enabled')
    assert checks.first.is_checked() != before_checked, f"/{path}: checkbox unchanged"
    return 1


def _choice_group_works(page, path: str, testid: str) -> int:
    # The first group on show (not one inside a closed expander).
    selector = f'{MAIN} [data-testid="{testid}"] [role="radiogroup"]'
    groups = page.locator(selector).filter(visible=True)
    if not groups.count():
        return 0
    before_label = _checked(groups.first)
    _focus_group(groups.first)
    # The WAI-ARIA radio group pattern: arrows move the choice; Enter confirms where needed.
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    if _checked(groups.first) == before_label:
        page.keyboard.press("Enter")
    wait_for_app(page)
    groups = page.locator(selector).filter(visible=True)
    assert _checked(groups.first) != before_label, f"/{path}: {testid} did not move"
    return 1


# Last: it changes the page the checks above read.
@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_controls_work_from_the_keyboard(path, loaded):
    page = loaded(path)
    worked = _select_works(page, path) + _expander_works(page, path)
    worked += _checkbox_works(page, path)
    worked += sum(_choice_group_works(page, path, t) for t in ("stButtonGroup", "stRadio"))
    no_traceback(page)
    assert worked or path == "", f"/{path}: no control was operated"
