"""The history of attempts: one SQLite row per scored session, to show progress over time.

The database lives in `data_dir()/history.db` and is only an index: every row can be rebuilt from
the session folders (`sessions/*/report.json` + `session.json`). Schema changes are named migrations
(`m001_initial`, ...) recorded in a `_migrations` table, as in simonw/llm.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mockint.errors import MockintError
from mockint.paths import data_dir
from mockint.scoring.report import NOTICE_CODES, Report
from mockint.store.folder import SessionRecord, folder_time, load_session_record, load_session_report, session_folders

log = logging.getLogger(__name__)

DB_NAME = "history.db"
TRASH = "trash"  # deleted attempts' session folders go here (MOCKINT_HOME/trash/), never out of reach
BUSY_SECONDS = 5.0  # how long to wait for another process's lock on the database before giving up


class SectionSummary(BaseModel):
    model_config = ConfigDict(extra="ignore")

    key: str
    score: float
    duration: float | None = None
    target: float | None = None
    present: bool = True


class Attempt(BaseModel):
    """One scored attempt at a scenario, as the history keeps it."""

    model_config = ConfigDict(extra="ignore")

    id: int | None = None  # row id in the database
    number: int | None = None  # its place in the whole history, oldest first (the `#` of `mockint history`)
    session_id: str  # the session folder's name
    session_dir: str
    scenario: str
    mode: str | None = None
    level: str
    created_at: str  # ISO time
    score: float
    verdict: str
    duration: float | None = None
    sections: list[SectionSummary] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)  # flag codes
    complete: bool = True

    def durations(self) -> dict[str, float | None]:
        """Seconds per section key (the HTML and Markdown progress tables)."""
        return {s.key: s.duration for s in self.sections}

    @property
    def comparable(self) -> bool:
        """Counts in trends and deltas: a complete session in which English speech was heard clearly."""
        return self.complete and not NOTICE_CODES & set(self.flags)

    @property
    def series(self) -> tuple[str, str | None]:
        """Attempts are compared within a series: the same scenario in the same mode."""
        return self.scenario, self.mode

    def section(self, key: str) -> SectionSummary | None:
        return next((s for s in self.sections if s.key == key), None)


class SectionComparison(BaseModel):
    key: str
    a_score: float | None
    b_score: float | None
    a_duration: float | None
    b_duration: float | None
    target: float | None

    @property
    def score_delta(self) -> float | None:
        return None if self.a_score is None or self.b_score is None else round(self.b_score - self.a_score, 1)


class Comparison(BaseModel):
    """Two attempts side by side (b is usually the later one)."""

    a: Attempt
    b: Attempt
    sections: list[SectionComparison]
    flags_fixed: list[str]  # in a, not in b
    flags_new: list[str]  # in b, not in a
    flags_both: list[str]

    @property
    def score_delta(self) -> float:
        return round(self.b.score - self.a.score, 1)


# -- migrations ----------------------------------------------------------------------------------

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []


def migration(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL UNIQUE,
            session_dir TEXT NOT NULL,
            scenario TEXT NOT NULL,
            mode TEXT,
            level TEXT NOT NULL,
            created_at TEXT NOT NULL,
            score REAL NOT NULL,
            verdict TEXT NOT NULL,
            duration REAL,
            sections TEXT NOT NULL,  -- JSON list of SectionSummary
            flags TEXT NOT NULL,     -- JSON list of flag codes
            complete INTEGER NOT NULL DEFAULT 1
        )"""
    )
    db.execute("CREATE INDEX attempts_scenario ON attempts (scenario, created_at)")


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet applied; return their names."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {r[0] for r in db.execute("SELECT name FROM _migrations")}
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ not in done:
            with db:
                fn(db)
                db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (fn.__name__, _now()))
            applied.append(fn.__name__)
    return applied


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def attempt_from_report(report: Report, session_dir: Path, record: SessionRecord | None = None) -> Attempt:
    created = report.created_at or (record.started_at if record else None) or folder_time(session_dir)
    return Attempt(
        session_id=session_dir.name, session_dir=str(session_dir),
        scenario=report.scenario,
        mode=report.mode or (record.mode if record else None),
        level=report.level,
        created_at=str(created),
        score=report.overall.score,
        verdict=report.overall.verdict,
        duration=report.delivery.duration,
        sections=[SectionSummary(key=s.key, score=s.score, duration=s.duration, target=s.target, present=s.present) for s in report.sections],
        flags=report.flag_codes(),
        complete=record.complete if record else True,
    )


# -- the database --------------------------------------------------------------------------------


class History:
    """The attempts database. Opening it creates it (and rebuilds it from the session folders) if missing."""

    def __init__(self, home: Path | None = None, path: Path | None = None, busy_seconds: float = BUSY_SECONDS):
        self.home = Path(home) if home else data_dir()
        self.path = Path(path) if path else self.home / DB_NAME
        self.busy_seconds = busy_seconds
        self.path.parent.mkdir(parents=True, exist_ok=True)
        existed = self.path.exists()
        try:
            fresh = self._open()
        except MockintError:  # e.g. a full disk: leave no 0-byte history.db that this attempt created
            if not existed and self.path.is_file() and self.path.stat().st_size == 0:
                self.path.unlink(missing_ok=True)
            raise
        except sqlite3.DatabaseError as e:  # not a database any more: it is only an index, so start again
            aside = self.path.with_name(f"{self.path.name}.corrupt-{datetime.now():%Y%m%d-%H%M%S}")
            try:
                self.path.replace(aside)
            except OSError as oe:
                raise MockintError(f"{self.path}: not a usable database ({e}) and cannot be moved aside: {oe.strerror or oe}") from None
            log.warning("%s is not a usable database (%s): moved it to %s", self.path, e, aside.name)
            fresh = self._open()
        if fresh and session_folders(self.home):
            n = self.rebuild()
            log.warning("%s was missing or empty: rebuilt it from %d session folder(s)", self.path, n)
        elif not fresh:
            self._catch_up()

    def _catch_up(self) -> None:
        """Record the sessions whose report was saved but whose row never was (the history was busy when the
        session ended, or the process died between the two): a finished session is never missing from it."""
        with self._db() as db:
            known = {row[0] for row in db.execute("SELECT session_id FROM attempts")}
        for folder in session_folders(self.home):
            if folder.name not in known and (folder / "report.json").exists():
                try:
                    self.record(load_session_report(folder), folder)
                except MockintError as e:
                    log.warning("skipped %s", e)
                    continue
                log.info("%s: added to the history (its report was saved, its attempt was not)", folder.name)

    def _open(self) -> bool:
        """Migrate the database; True when it was new (missing, a 0-byte file, or without our tables)."""
        with self._db() as db:
            if self.path.stat().st_size > 0:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a damaged file fails here
            return "m001_initial" in migrate(db)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """A connection; a lock held by another process past `busy_seconds` is one MockintError line (the
        database is fine, only busy: it is never moved aside for that)."""
        try:
            conn = sqlite3.connect(self.path, timeout=self.busy_seconds)
        except sqlite3.OperationalError as e:
            raise MockintError(f"{self.path}: cannot open the history: {e}") from None
        with closing(conn) as db:
            db.row_factory = sqlite3.Row
            try:
                yield db
            except sqlite3.OperationalError as e:  # not corruption (that is a plain DatabaseError): busy, read-only, I/O
                if "locked" in str(e) or "busy" in str(e):
                    raise MockintError(f"{self.path}: history is busy (another mockint?); try again when it has finished") from None
                raise MockintError(f"{self.path}: cannot use the history: {e}") from None

    def record(self, report: Report, session_dir: str | Path) -> Attempt:
        """Add (or replace) the attempt of this session folder."""
        session_dir = Path(session_dir)
        a = attempt_from_report(report, session_dir, load_session_record(session_dir))
        with self._db() as db, db:
            cur = db.execute(
                """INSERT INTO attempts (session_id, session_dir, scenario, mode, level, created_at, score, verdict,
                       duration, sections, flags, complete) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (session_id) DO UPDATE SET session_dir=excluded.session_dir, scenario=excluded.scenario,
                       mode=excluded.mode, level=excluded.level, created_at=excluded.created_at, score=excluded.score,
                       verdict=excluded.verdict, duration=excluded.duration, sections=excluded.sections,
                       flags=excluded.flags, complete=excluded.complete
                   RETURNING id""",
                (a.session_id, a.session_dir, a.scenario, a.mode, a.level, a.created_at, a.score, a.verdict, a.duration,
                 json.dumps([s.model_dump() for s in a.sections]), json.dumps(a.flags), int(a.complete)),
            )
            a.id = cur.fetchone()[0]
        return a

    def attempts(self, scenario: str | None = None) -> list[Attempt]:
        """Attempts, oldest first, numbered in that order over the whole history (so a number is the same
        with or without `scenario`); rows that do not parse are skipped with a warning."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM attempts ORDER BY created_at, id").fetchall()
        out = []
        for row in rows:
            try:
                a = _attempt_from_row(row)
            except (ValueError, TypeError, ValidationError) as e:
                log.warning("%s: attempt row %s (%s) is corrupted, skipped: %s", self.path, row["id"], row["session_id"], _one_line(e))
                continue
            a.number = len(out) + 1
            out.append(a)
        return [a for a in out if a.scenario == scenario] if scenario else out

    def get(self, ref: str | int) -> Attempt:
        """An attempt by its number in `mockint history`, session id (or a unique part of it), or `latest`."""
        items = self.attempts()
        ref = str(ref)
        if ref == "latest" and items:
            return items[-1]
        if ref.isdigit():
            for a in items:
                if a.number == int(ref):
                    return a
            if len(ref) <= 4:  # a number, not part of a session id (those start with a date)
                raise MockintError(f"attempt {ref!r}: not found: there is no #{ref} in `mockint history` ({len(items)} attempts)")
        exact = [a for a in items if a.session_id == ref or Path(ref).name == a.session_id]
        if exact:
            return exact[0]
        partial = [a for a in items if ref in a.session_id]
        if len(partial) == 1:
            return partial[0]
        if partial:
            raise MockintError(f"attempt {ref!r}: ambiguous, matches {len(partial)} attempts; use its number from `mockint history`")
        raise MockintError(f"attempt {ref!r}: not found in {self.path} (see `mockint history`)")

    def compare(self, a: str | int | Attempt, b: str | int | Attempt) -> Comparison:
        return compare(a if isinstance(a, Attempt) else self.get(a), b if isinstance(b, Attempt) else self.get(b))

    def delete(self, ref: str | int) -> tuple[Attempt, Path | None]:
        """Remove an attempt from the history and move its session folder into `<home>/trash/` (nothing is
        lost: move it back into `sessions/` and `mockint history --rebuild` brings it back). Returns the
        attempt and where its folder went (None when the folder was already gone)."""
        a = self.get(ref)
        folder = Path(a.session_dir)
        with self._db() as db, db:  # the row goes first (a busy history moves nothing); a failed move rolls it back
            db.execute("DELETE FROM attempts WHERE id = ?", (a.id,))
            moved = self._to_trash(folder) if folder.is_dir() else None
        return a, moved

    def _to_trash(self, folder: Path) -> Path:
        moved, n = self.trash_dir / folder.name, 1
        while moved.exists():
            n += 1
            moved = self.trash_dir / f"{folder.name}-{n}"
        try:
            moved.parent.mkdir(parents=True, exist_ok=True)
            folder.replace(moved)
        except OSError as e:
            raise MockintError(f"{folder}: cannot move it to {moved.parent}: {e.strerror or e}; nothing was deleted") from None
        return moved

    @property
    def trash_dir(self) -> Path:
        return self.home / TRASH

    def rebuild(self) -> int:
        """Empty the table and re-read every `sessions/*/report.json`; bad ones are skipped with a warning."""
        with self._db() as db, db:
            db.execute("DELETE FROM attempts")
        n = 0
        for folder in session_folders(self.home):
            if not (folder / "report.json").exists():
                continue
            try:
                report = load_session_report(folder)
            except MockintError as e:
                log.warning("skipped %s", e)
                continue
            self.record(report, folder)
            n += 1
        return n


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())[:200]


def _attempt_from_row(row: sqlite3.Row) -> Attempt:
    data = dict(row)
    data["sections"] = json.loads(data["sections"])
    data["flags"] = json.loads(data["flags"])
    if not isinstance(data["sections"], list) or not isinstance(data["flags"], list):
        raise ValueError("sections and flags must be JSON lists")
    return Attempt.model_validate(data)


def compare(a: Attempt, b: Attempt) -> Comparison:
    """Per-section scores and durations of two attempts, and which flags were fixed or are new."""
    keys = [s.key for s in a.sections] + [s.key for s in b.sections if a.section(s.key) is None]
    rows = []
    for k in keys:
        sa, sb = a.section(k), b.section(k)
        rows.append(SectionComparison(
            key=k,
            a_score=sa.score if sa else None, b_score=sb.score if sb else None,
            a_duration=sa.duration if sa else None, b_duration=sb.duration if sb else None,
            target=(sb or sa).target if (sb or sa) else None,
        ))
    fa, fb = list(dict.fromkeys(a.flags)), list(dict.fromkeys(b.flags))
    return Comparison(
        a=a, b=b, sections=rows,
        flags_fixed=[f for f in fa if f not in fb], flags_new=[f for f in fb if f not in fa], flags_both=[f for f in fa if f in fb],
    )


def with_deltas(attempts: list[Attempt]) -> list[tuple[Attempt, float | None]]:
    """Each attempt with its score change against the previous comparable attempt of its series (same
    scenario, same mode); None for the first of a series and for attempts that are not comparable."""
    last: dict[tuple[str, str | None], float] = {}
    out = []
    for a in attempts:
        prev = last.get(a.series) if a.comparable else None
        out.append((a, None if prev is None else round(a.score - prev, 1)))
        if a.comparable:
            last[a.series] = a.score
    return out


def series_of(attempts: list[Attempt], session_id: str, series: tuple[str, str | None]) -> list[Attempt]:
    """What a report's trend is drawn from: the comparable attempts of its series (the series of the attempt
    `session_id` when it is among them, else `series`), and that attempt itself, oldest first."""
    current = next((a for a in attempts if a.session_id == session_id), None)
    series = current.series if current else series
    return [a for a in attempts if a is current or (a.series == series and a.comparable)]
