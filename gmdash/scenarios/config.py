"""Where the scenario store lives: a configured database URL, or an SQLite file needing no set-up.

Order: the ``GMDASH_SCENARIOS_URL`` environment variable; then ``url`` under
``[connections.scenarios]`` in ``.streamlit/secrets.toml`` (the section Streamlit's
``st.connection("scenarios", type="sql")`` reads); then an SQLite file at
``$GMDASH_SCENARIOS_DB`` or ``$XDG_DATA_HOME/gmdash/scenarios.db`` (default
``~/.local/share/gmdash/scenarios.db``). Several app instances behind a load balancer share
saved scenarios by pointing at one PostgreSQL URL (``postgresql+psycopg://…``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

URL_VARIABLE = "GMDASH_SCENARIOS_URL"
PATH_VARIABLE = "GMDASH_SCENARIOS_DB"
CONNECTION_NAME = "scenarios"
REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "data"
SECRETS_FILES = (Path(".streamlit") / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml")
SUPPORTED = ("sqlite", "postgresql")


class ConfigError(ValueError):
    """The configured scenario database cannot be used; the message says how to fix it."""


def default_path(env: Mapping[str, str] = os.environ) -> Path:
    """The SQLite file used when no database is configured."""
    if env.get(PATH_VARIABLE):
        return Path(env[PATH_VARIABLE]).expanduser()
    base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "gmdash" / "scenarios.db"


def _from_secrets(paths: Sequence[Path]) -> tuple[str, Path] | None:
    for path in paths:
        if not path.is_file():
            continue
        try:
            secrets = tomllib.loads(path.read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}") from None
        section = secrets.get("connections", {}).get(CONNECTION_NAME, {})
        if isinstance(section, Mapping) and section.get("url"):
            return str(section["url"]), path
    return None


def _check(url: str, where: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"The scenario database URL in {where} is not a database URL.") from None
    if parsed.get_backend_name() not in SUPPORTED:
        raise ConfigError(
            f"The scenario database in {where} is {parsed.get_backend_name()!r}; use SQLite or "
            "PostgreSQL (postgresql+psycopg://…)."
        )
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise ConfigError(
                f"The SQLite scenario database in {where} must be a file, so saved scenarios "
                "outlive the app and every session sees them."
            )
        path = Path(database).expanduser().resolve()
        if path == DATA_DIR or DATA_DIR in path.parents:
            raise ConfigError(
                "The scenario database must not be inside data/: that folder holds only the "
                "built extracts."
            )
    return url


def scenarios_url(
    env: Mapping[str, str] = os.environ, secrets_files: Sequence[Path] = SECRETS_FILES
) -> str:
    """The SQLAlchemy URL of the scenario store; creates the default SQLite file's folder."""
    if env.get(URL_VARIABLE):
        return _check(env[URL_VARIABLE], f"${URL_VARIABLE}")
    found = _from_secrets(secrets_files)
    if found is not None:
        return _check(found[0], str(found[1]))
    path = default_path(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _check(f"sqlite:///{path}", f"${PATH_VARIABLE} or the default path")
