"""Keyboard alone, on every page: Tab reaches every control, and the controls work from the keys.

A control is anything a pointer user can operate: links, buttons, inputs, selects, expanders,
tabs, and the data grids. The test tabs from the top of the page until focus comes round again
and checks each visible, enabled control was focused on the way (a radio group is one stop, as
WAI-ARIA has it: Tab reaches its chosen option and the arrow keys move within it). Then it
operates the page's controls by keyboard only: a select changes with the arrow keys and Enter,
an expander opens with Enter, a checkbox or toggle flips with Space, a segmented control or
radio group moves with the arrow keys (and Enter where the arrows only move focus).
"""

from __future__ import annotations

import pytest
from browser_support import REPO, no_traceback, wait_for_app
from streamlit.testing.v1 import AppTest

MAX_TABS = 400


def _registered_paths() -> list[str]:
    """URL paths of the pages app.py registers (its st.navigation registry), Home first."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    return [str(info.get("url_pathname", "")) for info in at._registered_pages.values()]


PAGES = _registered_paths()

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


def _open(tab, app_url: str, path: str) -> None:
    tab.goto(f"{app_url}/{path}")
    wait_for_app(tab)


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


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_tab_reaches_every_control(path, page, app_url):
    _open(page, app_url, path)
    controls = page.evaluate(MARK_CONTROLS)
    assert controls, f"/{path} has no controls at all"
    stops = set(_tab_through(page))
    missed = [c for c in controls if str(c[0]) not in stops]
    assert not missed, f"/{path}: Tab never reaches {missed}"


def _tab_to(tab, locator, limit: int = MAX_TABS) -> None:
    """Press Tab until focus is inside `locator` (keyboard only, as a user would)."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        # Resolved afresh each time: a rerun may have replaced the element.
        if locator.evaluate("(el) => el.contains(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {locator}")


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
    _start_from_top(page)
    # The select's own input, not its help icon, which comes first in its box.
    _tab_to(page, select.get_by_role("combobox"))
    page.keyboard.press("ArrowDown")  # opens the list
    listbox = page.get_by_role("listbox").first
    listbox.wait_for()
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
    _start_from_top(page)
    _tab_to(page, expanders.first)
    page.keyboard.press("Enter")
    details = page.locator(f'{MAIN} [data-testid="stExpander"] details').first
    details.wait_for()
    assert details.get_attribute("open") is not None, f"/{path}: expander did not open"
    return 1


def _checkbox_works(page, path: str) -> int:
    checks = page.locator(f'{MAIN} [data-testid="stCheckbox"] input:enabled')
    if not checks.count():
        return 0
    box = checks.first
    before_checked = box.is_checked()
    _start_from_top(page)
    _tab_to(page, box)
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
    _start_from_top(page)
    _tab_to(page, groups.first)
    # The WAI-ARIA radio group pattern: arrows move the choice; Enter confirms where needed.
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    if _checked(groups.first) == before_label:
        page.keyboard.press("Enter")
    wait_for_app(page)
    groups = page.locator(selector).filter(visible=True)
    assert _checked(groups.first) != before_label, f"/{path}: {testid} did not move"
    return 1


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_controls_work_from_the_keyboard(path, page, app_url):
    _open(page, app_url, path)
    worked = _select_works(page, path) + _expander_works(page, path)
    worked += _checkbox_works(page, path)
    worked += sum(_choice_group_works(page, path, t) for t in ("stButtonGroup", "stRadio"))
    no_traceback(page)
    assert worked or path == "", f"/{path}: no control was operated"
