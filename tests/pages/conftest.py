"""AppTest fixtures; the helpers live in tests/page_support.py (importable by name from any test)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from page_support import GM_BOROUGHS, assert_clean, open_page
from streamlit.testing.v1 import AppTest

__all__ = ["GM_BOROUGHS", "assert_clean", "open_page"]


@pytest.fixture()
def app_page() -> Callable[..., AppTest]:
    return open_page
