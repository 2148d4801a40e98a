"""Where the scenario store lives: environment, Streamlit secrets, or an SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmdash.scenarios import config

PG = "postgresql+psycopg://gm:secret@db.internal:5432/scenarios"


def _secrets(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text(body)
    return path


def test_the_environment_variable_wins(tmp_path):
    secrets = _secrets(tmp_path, '[connections.scenarios]\nurl = "sqlite:////tmp/other.db"\n')
    env = {"GMDASH_SCENARIOS_URL": PG}
    assert config.scenarios_url(env, [secrets]) == PG


def test_streamlit_secrets_connections_scenarios_url(tmp_path):
    secrets = _secrets(tmp_path, f'[connections.scenarios]\nurl = "{PG}"\n')
    assert config.scenarios_url({}, [tmp_path / "missing.toml", secrets]) == PG


def test_with_nothing_configured_an_sqlite_file_in_the_users_data_folder(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "share")}
    url = config.scenarios_url(env, [])
    assert url == f"sqlite:///{tmp_path / 'share' / 'gmdash' / 'scenarios.db'}"
    assert (tmp_path / "share" / "gmdash").is_dir()
    assert config.default_path({"GMDASH_SCENARIOS_DB": "/srv/gm/s.db"}) == Path("/srv/gm/s.db")
    assert config.default_path({}) == Path.home() / ".local" / "share" / "gmdash" / "scenarios.db"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GMDASH_SCENARIOS_URL": "mysql://x@y/z"}, "use SQLite or PostgreSQL"),
        ({"GMDASH_SCENARIOS_URL": "sqlite://"}, "must be a file"),
        ({"GMDASH_SCENARIOS_URL": "not a url"}, "not a database URL"),
        (
            {"GMDASH_SCENARIOS_DB": str(config.DATA_DIR / "scenarios.db")},
            "must not be inside data/",
        ),
    ],
)
def test_unusable_settings_are_refused_in_words(env, message):
    with pytest.raises(config.ConfigError, match=message):
        config.scenarios_url(env, [])


def test_broken_secrets_are_reported(tmp_path):
    secrets = _secrets(tmp_path, "[connections.scenarios\nurl = \n")
    with pytest.raises(config.ConfigError, match="is not valid TOML"):
        config.scenarios_url({}, [secrets])
