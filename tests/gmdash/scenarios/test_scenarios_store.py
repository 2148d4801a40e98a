"""The scenario store on SQLite and on a real PostgreSQL server: every operation, names, JSON
payloads, stale edits, and many sessions saving at once."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from gmdash.scenarios import store as st

REPO = Path(__file__).resolve().parents[3]
PAYLOAD = {
    "indicator_id": "completions_opiate",
    "period": "2023/24",
    "target": {"kind": "percent", "percent": 7.0},
    "groups": [{"name": "West", "members": ["E08000001", "E08000010"]}],
    "split": {"pot": "650000.00", "year": 2020, "note": "Salford & Trafford – “pilot”"},
}


@pytest.fixture()
def store(store_url):
    s = st.ScenarioStore.from_url(store_url)
    yield s
    s.engine.dispose()


def test_save_list_open_by_id_and_link(store):
    saved = store.save("Completions plan", PAYLOAD, kind="targets", data_version="v1")
    assert saved.revision == 1 and saved.kind == "targets" and saved.data_version == "v1"
    assert (
        saved.slug.startswith("completions-plan-")
        and len(saved.slug) == len("completions-plan-") + 6
    )
    for ref in (saved.id, str(saved.id), saved.slug):
        opened = store.open(ref)
        assert opened.payload == PAYLOAD and opened.name == "Completions plan"
    (listed,) = store.list()
    assert (listed.id, listed.slug, listed.name, listed.revision) == (
        saved.id,
        saved.slug,
        "Completions plan",
        1,
    )
    assert listed.updated_at.utcoffset() is not None  # times are UTC, never naive


def test_payloads_are_stored_as_json_text_never_pickled(store):
    saved = store.save("Plan", PAYLOAD)
    with store.engine.connect() as conn:
        raw = conn.execute(text("select payload from scenarios where id = :i"), {"i": saved.id})
        stored = raw.scalar_one()
    assert isinstance(stored, str) and json.loads(stored) == PAYLOAD


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"x": {1, 2}}, "plain JSON"),
        ({"x": float("nan")}, "plain JSON"),
        ({"x": object()}, "plain JSON"),
        (["not", "an", "object"], "JSON object"),
        ({"x": "a" * 1_000_001}, "at most 1000 kB"),
    ],
)
def test_only_plain_json_objects_of_sensible_size_are_saved(store, payload, message):
    with pytest.raises(st.InvalidScenario, match=message):
        store.save("Plan", payload)
    assert store.list() == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the scenario a name"),
        ("   \t ", "Give the scenario a name"),
        ("x" * 121, "at most 120 characters; this one has 121"),
        ("tab\x07bell", "control characters"),
        ("!!!", "at least one letter or digit"),
        (None, "needs a name"),
    ],
)
def test_bad_names_are_refused(store, name, message):
    with pytest.raises(st.InvalidScenario, match=message):
        store.save(name, {})


def test_names_are_unique_whatever_their_case_and_spacing(store):
    store.save("Winter  plan", {})
    for clash in ("winter plan", " WINTER PLAN ", "Winter plan"):
        with pytest.raises(st.NameTaken, match="already exists"):
            store.save(clash, {})
    assert [s.name for s in store.list()] == ["Winter plan"]


def test_an_edit_names_the_revision_it_started_from(store):
    saved = store.save("Plan", {"v": 1})
    second = store.update(saved.slug, {"v": 2}, expected_revision=1, data_version="v2")
    assert (second.revision, second.payload, second.data_version) == (2, {"v": 2}, "v2")
    with pytest.raises(st.StaleScenario, match="changed in another session"):
        store.update(saved.id, {"v": "lost?"}, expected_revision=1)
    assert store.open(saved.id).payload == {"v": 2}
    assert store.open(saved.id).updated_at >= saved.updated_at


def test_rename_keeps_the_link_and_refuses_a_taken_name(store):
    first = store.save("Plan A", {})
    store.save("Plan B", {})
    renamed = store.rename(first.slug, "Plan C", expected_revision=1)
    assert (renamed.name, renamed.slug, renamed.revision) == ("Plan C", first.slug, 2)
    with pytest.raises(st.NameTaken, match="'Plan B' already exists"):
        store.rename(first.id, "plan b")
    with pytest.raises(st.StaleScenario):
        store.rename(first.id, "Plan D", expected_revision=1)
    assert store.open(first.slug).name == "Plan C"


def test_duplicate_makes_named_copies_with_their_own_links(store):
    source = store.save("Plan", PAYLOAD, kind="split", data_version="v1")
    copy = store.duplicate(source.slug)
    copy2 = store.duplicate(source.id)
    named = store.duplicate(source.id, "Plan for Bolton")
    assert [c.name for c in (copy, copy2, named)] == [
        "Plan (copy)",
        "Plan (copy 2)",
        "Plan for Bolton",
    ]
    assert len({source.slug, copy.slug, copy2.slug, named.slug}) == 4
    assert all(c.payload == PAYLOAD and c.kind == "split" for c in (copy, copy2, named))
    with pytest.raises(st.NameTaken):
        store.duplicate(source.id, "plan (COPY)")


def test_delete_and_what_opening_a_missing_scenario_says(store):
    saved = store.save("Plan", {})
    store.update(saved.id, {"v": 2}, expected_revision=1)
    with pytest.raises(st.StaleScenario):
        store.delete(saved.id, expected_revision=1)
    store.delete(saved.slug, expected_revision=2)
    assert store.list() == []
    with pytest.raises(st.ScenarioNotFound, match="may have been deleted"):
        store.open(saved.slug)
    with pytest.raises(st.ScenarioNotFound):
        store.delete(saved.id)


@pytest.mark.parametrize("ref", ["../etc/passwd", "' or 1=1 --", "", "Plan", "a" * 81, -1])
def test_malformed_links_open_nothing(store, ref):
    store.save("Plan", {})
    with pytest.raises(st.ScenarioNotFound):
        store.open(ref)


def _together(n: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` in ``n`` threads released at the same moment; results or exceptions."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # collected and checked by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_twenty_sessions_saving_at_once_lose_nothing(store_url):
    st.ScenarioStore.from_url(store_url).engine.dispose()
    # each session its own engine, as separate app servers would have
    stores = [st.ScenarioStore.from_url(store_url, migrate=False) for _ in range(20)]
    try:
        results = _together(20, lambda i: stores[i].save(f"Plan {i}", {"i": i, "pot": i * 1000}))
        errors = [r for r in results if isinstance(r, Exception)]
        assert errors == []
        listed = stores[0].list()
        assert sorted(s.name for s in listed) == sorted(f"Plan {i}" for i in range(20))
        assert len({s.slug for s in listed}) == 20
        for summary in listed:
            i = int(summary.name.split()[1])
            assert stores[0].open(summary.slug).payload == {"i": i, "pot": i * 1000}
    finally:
        for s in stores:
            s.engine.dispose()


def test_twenty_sessions_racing_for_one_name_or_one_edit(store_url):
    stores = [st.ScenarioStore.from_url(store_url) for _ in range(20)]
    try:
        results = _together(20, lambda i: stores[i].save("Same name", {"i": i}))
        saved = [r for r in results if isinstance(r, st.Scenario)]
        refused = [r for r in results if isinstance(r, st.NameTaken)]
        assert len(saved) == 1 and len(refused) == 19
        target = saved[0]
        edits = _together(
            20, lambda i: stores[i].update(target.slug, {"edit": i}, expected_revision=1)
        )
        won = [r for r in edits if isinstance(r, st.Scenario)]
        stale = [r for r in edits if isinstance(r, st.StaleScenario)]
        assert len(won) == 1 and len(stale) == 19
        final = stores[0].open(target.id)
        assert final.revision == 2 and final.payload == won[0].payload
    finally:
        for s in stores:
            s.engine.dispose()


def test_app_servers_starting_at_once_migrate_once(store_url):
    # separate processes, as two app servers behind a load balancer would be
    script = (
        "import sys\n"
        "from gmdash.scenarios import store\n"
        "s = store.ScenarioStore.from_url(sys.argv[1])\n"
        "print(store.current_revision(s.engine))\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, store_url],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in outputs]
    assert [out.strip() for out, _ in outputs] == [st.head_revision()] * 3
