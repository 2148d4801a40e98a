"""Documentation that cannot drift: every setting has its reason, every make target its help,
and the README's two commands are the ones that exist (and the one CI runs)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_streamlit_setting_has_a_comment_giving_its_reason():
    lines = (REPO / ".streamlit" / "config.toml").read_text().splitlines()
    tomllib.loads("\n".join(lines))  # the file parses
    for i, line in enumerate(lines):
        if re.match(r"^[A-Za-z]+\s*=", line):
            above = lines[i - 1].strip()
            assert above.startswith("#") or (
                re.match(r"^[A-Za-z]+\s*=", above) and lines[i - 2].strip().startswith("#")
            ), f"config.toml: {line!r} has no reason"


def test_every_make_target_says_what_it_does():
    makefile = (REPO / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M)
    assert phony is not None
    for target in phony.group(1).split():
        assert re.search(rf"^{re.escape(target)}:.*## \S", makefile, re.M), target


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text()
    assert "make run " in readme and "make test " in readme
    assert re.search(r"^run:.*## ", (REPO / "Makefile").read_text(), re.M)
    ci = [
        line
        for line in (REPO / ".ci" / "run").read_text().splitlines()
        if line.strip()
        and not line.startswith("#")
        and not line.startswith("set ")
        and not line.startswith("cd ")
    ]
    assert ci == ["make test"]
