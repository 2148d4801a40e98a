"""The scenario store: save, list, open, update, duplicate, rename and delete named what-ifs.

Works on any SQLAlchemy engine (the UI passes the engine of ``st.connection("scenarios",
type="sql")``; tests pass their own), on SQLite and PostgreSQL alike. Nothing is lost when many
sessions save at once: new scenarios are single inserts (a clash of names is reported, never
overwritten), and an edit names the revision it started from, so a second edit of the same
revision is refused as stale instead of silently replacing the first.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, delete, event, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from gmdash.scenarios.models import NAME_LENGTH, ScenarioRow

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PAYLOAD_VERSION = 1
MAX_PAYLOAD_BYTES = 1_000_000
DEFAULT_KIND = "what-if"
KINDS = ("what-if", "targets", "groups", "split", "uploads")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# Transactions that meet a locked SQLite file, or a PostgreSQL serialisation failure, retry.
RETRIES = 20
T = TypeVar("T")


class ScenarioError(Exception):
    """A scenario operation cannot be done; the message is written for the user."""


class ScenarioNotFound(ScenarioError):
    """No scenario has that id or link."""


class NameTaken(ScenarioError):
    """Another scenario already has this name (names ignore case and spacing)."""


class StaleScenario(ScenarioError):
    """The scenario changed since it was opened; the edit was not saved."""


class InvalidScenario(ScenarioError):
    """The name or contents cannot be saved."""


@dataclass(frozen=True)
class ScenarioSummary:
    """A scenario as listed: enough to choose one."""

    id: int
    slug: str
    name: str
    kind: str
    revision: int
    updated_at: datetime


@dataclass(frozen=True)
class Scenario:
    """A saved scenario with its JSON payload."""

    id: int
    slug: str
    name: str
    kind: str
    payload: dict[str, Any]
    payload_version: int
    data_version: str | None
    revision: int
    created_at: datetime
    updated_at: datetime


def _alembic() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision the code knows."""
    head = ScriptDirectory.from_config(_alembic()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None before the first migration)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


_MIGRATION_LOCK = threading.Lock()
# Any fixed number: PostgreSQL advisory locks are named by integers.
_PG_LOCK_ID = 460_819_268


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (Alembic), safely when several app servers start at once.

    On PostgreSQL a transaction-level advisory lock lets one server migrate while the others
    wait and then find nothing to do; SQLite's ``BEGIN IMMEDIATE`` (see ``prepare_engine``)
    serialises the same way.
    """
    prepare_engine(engine)
    config = _alembic()
    with _MIGRATION_LOCK, engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_PG_LOCK_ID)))
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (for tests and for undoing a release)."""
    prepare_engine(engine)
    config = _alembic()
    with _MIGRATION_LOCK, engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


_PREPARED: set[int] = set()


def prepare_engine(engine: Engine) -> Engine:
    """Make SQLite behave for several writers: real transactions, WAL and a busy timeout.

    Python's sqlite3 starts transactions late and not for DDL; handing BEGIN to SQLAlchemy as
    ``BEGIN IMMEDIATE`` takes the write lock up front, so two sessions never deadlock upgrading
    a read lock, and a busy file is waited for rather than failed. PostgreSQL needs nothing.
    """
    if engine.dialect.name != "sqlite" or id(engine) in _PREPARED:
        return engine
    _PREPARED.add(id(engine))

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("pragma busy_timeout = 30000")
        cursor.execute("pragma journal_mode = wal")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("begin immediate")

    # connections opened before the hooks would lack them
    engine.dispose()
    return engine


def engine_for(url: str) -> Engine:
    """An engine for a scenario-store URL, prepared for its dialect."""
    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30, "check_same_thread": False}
    return prepare_engine(create_engine(url, **options))


def clean_name(name: object) -> str:
    """A scenario name with its spacing tidied; refuses empty, over-long or control characters."""
    if not isinstance(name, str):
        raise InvalidScenario("A scenario needs a name (text).")
    text = " ".join(name.split())
    if not text:
        raise InvalidScenario("Give the scenario a name.")
    if len(text) > NAME_LENGTH:
        raise InvalidScenario(
            f"A scenario name can be at most {NAME_LENGTH} characters; this one has {len(text)}."
        )
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise InvalidScenario("A scenario name cannot contain control characters.")
    if not any(ch.isalnum() for ch in text):
        raise InvalidScenario("A scenario name needs at least one letter or digit.")
    return text


def name_key(name: str) -> str:
    """The form names are compared in: case and spacing do not make a different name."""
    return " ".join(name.split()).casefold()


def _slug_base(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:50].strip("-")
    return base or "scenario"


def dump_payload(payload: object) -> str:
    """The payload as JSON text; only plain JSON values are accepted (never pickled objects)."""
    if not isinstance(payload, Mapping):
        raise InvalidScenario("A scenario's contents must be a JSON object.")
    try:
        text = json.dumps(payload, allow_nan=False, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise InvalidScenario(
            f"A scenario's contents must be plain JSON (text, numbers, lists, objects): {exc}"
        ) from None
    if len(text.encode()) > MAX_PAYLOAD_BYTES:
        raise InvalidScenario(
            f"A scenario's contents can be at most {MAX_PAYLOAD_BYTES // 1000} kB; save the "
            "uploaded figures' summary, not the figures."
        )
    return text


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _scenario(row: ScenarioRow) -> Scenario:
    try:
        payload = json.loads(row.payload)
    except json.JSONDecodeError:
        raise ScenarioError(f"The saved contents of '{row.name}' are damaged.") from None
    return Scenario(
        id=row.id,
        slug=row.slug,
        name=row.name,
        kind=row.kind,
        payload=payload if isinstance(payload, dict) else {},
        payload_version=row.payload_version,
        data_version=row.data_version,
        revision=row.revision,
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
    )


def _transient(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text or "could not serialize" in text


class ScenarioStore:
    """Saved scenarios in one database. Safe to share between threads and app servers."""

    def __init__(self, engine: Engine, *, migrate: bool = True) -> None:
        self.engine = prepare_engine(engine)
        if migrate:
            self.migrate()

    @classmethod
    def from_url(cls, url: str, *, migrate: bool = True) -> ScenarioStore:
        return cls(engine_for(url), migrate=migrate)

    def migrate(self) -> None:
        """Upgrade the schema to the newest revision."""
        upgrade(self.engine)

    def _run(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction, retrying when the database is briefly busy."""
        for attempt in range(RETRIES):
            try:
                with Session(self.engine, expire_on_commit=False) as session, session.begin():
                    return work(session)
            except OperationalError as exc:
                if not _transient(exc) or attempt == RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _find(self, session: Session, ref: int | str) -> ScenarioRow:
        query = select(ScenarioRow)
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit() and len(ref) < 12):
            query = query.where(ScenarioRow.id == int(ref))
        elif isinstance(ref, str) and SLUG.match(ref):
            query = query.where(ScenarioRow.slug == ref)
        else:
            raise ScenarioNotFound("That link does not name a saved scenario.")
        row = session.scalars(query).one_or_none()
        if row is None:
            raise ScenarioNotFound("No saved scenario has that link: it may have been deleted.")
        return row

    def save(
        self,
        name: str,
        payload: Mapping[str, Any],
        *,
        kind: str = DEFAULT_KIND,
        data_version: str | None = None,
    ) -> Scenario:
        """Save a new scenario under ``name``; NameTaken if that name is in use."""
        text = clean_name(name)
        body = dump_payload(payload)
        if kind not in KINDS:
            raise InvalidScenario(f"Unknown scenario kind {kind!r}; one of {', '.join(KINDS)}.")
        for _ in range(5):
            now = datetime.now(UTC)
            row = ScenarioRow(
                slug=f"{_slug_base(text)}-{secrets.token_hex(3)}",
                name=text,
                name_key=name_key(text),
                kind=kind,
                payload=body,
                payload_version=PAYLOAD_VERSION,
                data_version=data_version,
                revision=1,
                created_at=now,
                updated_at=now,
            )

            def insert(session: Session, row: ScenarioRow = row) -> Scenario:
                session.add(row)
                session.flush()
                return _scenario(row)

            try:
                return self._run(insert)
            except IntegrityError:
                if self._holder(text) is not None:
                    raise self._taken(text) from None
                # otherwise the random part of the link clashed: draw again
        raise ScenarioError("Could not make a unique link for this scenario; try again.")

    def _holder(self, name: str) -> str | None:
        """The name, as saved, of the scenario already holding ``name`` (any case or spacing)."""

        def check(session: Session) -> str | None:
            query = select(ScenarioRow.name).where(ScenarioRow.name_key == name_key(name))
            return session.scalars(query).first()

        return self._run(check)

    def _taken(self, name: str) -> NameTaken:
        holder = self._holder(name) or name
        return NameTaken(f"A scenario called '{holder}' already exists; choose another name.")

    def list(self) -> list[ScenarioSummary]:
        """Every scenario, most recently changed first."""

        def read(session: Session) -> list[ScenarioSummary]:
            rows = session.execute(
                select(
                    ScenarioRow.id,
                    ScenarioRow.slug,
                    ScenarioRow.name,
                    ScenarioRow.kind,
                    ScenarioRow.revision,
                    ScenarioRow.updated_at,
                ).order_by(ScenarioRow.updated_at.desc(), ScenarioRow.name_key)
            ).all()
            return [ScenarioSummary(r[0], r[1], r[2], r[3], r[4], _utc(r[5])) for r in rows]

        return self._run(read)

    def open(self, ref: int | str) -> Scenario:
        """A scenario by id or by its link (slug); ScenarioNotFound when there is none."""
        return self._run(lambda session: _scenario(self._find(session, ref)))

    def _change(
        self, ref: int | str, expected_revision: int | None, values: dict[str, Any]
    ) -> Scenario:
        """One conditional UPDATE: only the revision the caller saw is replaced."""

        def work(session: Session) -> Scenario:
            row_id = self._find(session, ref).id
            query = update(ScenarioRow).where(ScenarioRow.id == row_id)
            if expected_revision is not None:
                query = query.where(ScenarioRow.revision == expected_revision)
            result = session.execute(
                query.values(
                    **values,
                    revision=ScenarioRow.revision + 1,
                    updated_at=datetime.now(UTC),
                )
            )
            if getattr(result, "rowcount", 0) != 1:
                raise StaleScenario(
                    "This scenario was changed in another session since you opened it; your "
                    "change was not saved. Reopen it to see the latest version, or save yours "
                    "under a new name."
                )
            session.expire_all()
            return _scenario(self._find(session, row_id))

        try:
            return self._run(work)
        except IntegrityError:
            raise self._taken(str(values.get("name", ""))) from None

    def update(
        self,
        ref: int | str,
        payload: Mapping[str, Any],
        *,
        expected_revision: int,
        data_version: str | None = None,
    ) -> Scenario:
        """Save new contents over the revision the caller opened; StaleScenario if it moved on."""
        values: dict[str, Any] = {"payload": dump_payload(payload)}
        if data_version is not None:
            values["data_version"] = data_version
        return self._change(ref, expected_revision, values)

    def rename(
        self, ref: int | str, new_name: str, *, expected_revision: int | None = None
    ) -> Scenario:
        """Give a scenario a new name; its link stays the same, so shared links keep working."""
        text = clean_name(new_name)
        return self._change(ref, expected_revision, {"name": text, "name_key": name_key(text)})

    def duplicate(self, ref: int | str, new_name: str | None = None) -> Scenario:
        """A copy under ``new_name``, or "<name> (copy)", "(copy 2)" … when none is given."""
        source = self.open(ref)
        if new_name is not None:
            return self.save(
                new_name, source.payload, kind=source.kind, data_version=source.data_version
            )
        for n in range(1, 100):
            suffix = " (copy)" if n == 1 else f" (copy {n})"
            candidate = source.name[: NAME_LENGTH - len(suffix)] + suffix
            try:
                return self.save(
                    candidate, source.payload, kind=source.kind, data_version=source.data_version
                )
            except NameTaken:
                continue
        raise NameTaken(f"Too many copies of '{source.name}'; give the copy a name.")

    def delete(self, ref: int | str, *, expected_revision: int | None = None) -> None:
        """Delete a scenario (only the revision the caller saw, when one is given)."""

        def work(session: Session) -> None:
            row_id = self._find(session, ref).id
            query = delete(ScenarioRow).where(ScenarioRow.id == row_id)
            if expected_revision is not None:
                query = query.where(ScenarioRow.revision == expected_revision)
            if getattr(session.execute(query), "rowcount", 0) != 1:
                raise StaleScenario(
                    "This scenario was changed in another session since you opened it, so it "
                    "was not deleted. Reopen it first."
                )

        self._run(work)
