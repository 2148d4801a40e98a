"""A real Streamlit server on 127.0.0.1 and Debian's headless Chromium driven by Playwright.

Screenshots land in test-output/screenshots/ so a person can look at what the tests saw.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import serve
from postgres_support import postgres

from bench.browser import CHROMIUM_FLAGS
from gmdash.scenarios.store import ScenarioStore

__all__ = ["postgres"]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """One server for the session's browser tests, its scenario store a throwaway SQLite file
    holding one saved what-if (so the Saved scenarios page has its controls to test)."""
    folder = tmp_path_factory.mktemp("streamlit")
    store = ScenarioStore.from_url(f"sqlite:///{folder / 'scenarios.db'}")
    store.save(
        "Bolton against England",
        {"indicator_id": "alcohol_met_need", "borough": "E08000001", "target": {"kind": "england"}},
    )
    env = {"GMDASH_SCENARIOS_DB": str(folder / "scenarios.db")}
    with serve(folder / "server.log", env) as url:
        yield url


@pytest.fixture()
def fresh_app_url(tmp_path) -> Iterator[str]:
    """A server no browser has visited yet (for first-request behaviour)."""
    with serve(tmp_path / "server.log") as url:
        yield url


@pytest.fixture()
def app_server(tmp_path) -> Iterator[Callable[[dict[str, str]], str]]:
    """Start app servers with their own environment (a scenario database); all stop at the end."""
    with contextlib.ExitStack() as stack:
        started: list[str] = []

        def start(env: dict[str, str]) -> str:
            log = tmp_path / f"server-{len(started) + 1}.log"
            started.append(stack.enter_context(serve(log, env)))
            return started[-1]

        yield start


@pytest.fixture(scope="session")
def people_export_url(tmp_path_factory, people_export_dir) -> Iterator[str]:
    """A server on extracts with ViewIt exports loaded for Bury and Wigan (tests/conftest.py)."""
    log = tmp_path_factory.mktemp("streamlit_export") / "server.log"
    with serve(log, {"GMDASH_DATA_DIR": str(people_export_dir)}) as url:
        yield url


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """Debian's Chromium, headless, with the flags this closed network needs: one context per
    worker, each test's tab its own Streamlit session (Streamlit keeps no state in cookies or
    storage).

    The context keeps a profile on disk, as a person's browser does, and so both Chromium's HTTP
    cache and V8's code cache: a tab neither fetches nor compiles Streamlit's frontend again.
    A throw-away (incognito) context keeps no code cache, and a page load cost 3.2-3.4 s of
    Chromium's CPU in one against 2.5-2.8 s in this (the same six pages loaded twice, 26 Nov).
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make chromium` (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1000},
        )
        yield context
        context.close()


@pytest.fixture()
def page(browser_context):
    """A new tab, so a new Streamlit session, per test."""
    tab = browser_context.new_page()
    yield tab
    tab.close()
