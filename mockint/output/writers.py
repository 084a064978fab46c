"""Report writers: one registry of output formats (like openai-whisper's `utils.get_writer`).

`get_writer(name)` returns a writer (`terminal`, `json`, `md`, `html`, or `all` for every one); each
has a `name` and an `extension` and writes `<stem>.<extension>` into a folder. `write_report()` and
`write_session_report()` are the calls the CLI and the session use. Each format is rendered by its own
module (`terminal`, `markdown`, `html_report`); everything taken from a transcript or a scenario file is
untrusted text, escaped there for rich markup, Markdown and HTML.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from mockint.errors import MockintError
from mockint.output.common import RenderContext, lookup_scenario, retakes_of
from mockint.output.html_report import render_html
from mockint.output.markdown import render_markdown
from mockint.output.session_audio import guided_section_audio, session_audio
from mockint.output.terminal import render_terminal_text, terminal_renderable
from mockint.paths import write_atomic
from mockint.scoring.report import Report
from mockint.store.folder import load_session_record, load_session_report

if TYPE_CHECKING:
    from mockint.library.schema import Scenario
    from mockint.store.history import Attempt

log = logging.getLogger(__name__)


class Writer:
    """Writes one report format as `<stem>.<extension>` into a folder."""

    name: ClassVar[str]
    extension: ClassVar[str]

    def render(self, report: Report, ctx: RenderContext) -> str:
        raise NotImplementedError

    def write(self, report: Report, out_dir: Path, ctx: RenderContext, stem: str = "report") -> list[Path]:
        path = Path(out_dir) / f"{stem}.{self.extension}"
        return [write_atomic(path, self.render(report, ctx))]  # never a half-written report or a stray .tmp


class TerminalWriter(Writer):
    name, extension = "terminal", "txt"

    def render(self, report: Report, ctx: RenderContext) -> str:
        return render_terminal_text(terminal_renderable(report, ctx))


class JsonWriter(Writer):
    name, extension = "json", "json"

    def render(self, report: Report, ctx: RenderContext) -> str:
        return report.model_dump_json(indent=2) + "\n"


class MarkdownWriter(Writer):
    name, extension = "md", "md"

    def render(self, report: Report, ctx: RenderContext) -> str:
        return render_markdown(report, ctx)


class HtmlWriter(Writer):
    name, extension = "html", "html"

    def render(self, report: Report, ctx: RenderContext) -> str:
        return render_html(report, ctx)


class AllWriter(Writer):
    """Every format."""

    name, extension = "all", ""

    def write(self, report: Report, out_dir: Path, ctx: RenderContext, stem: str = "report") -> list[Path]:
        paths: list[Path] = []
        for w in WRITERS.values():
            if w is not self:
                paths += w.write(report, out_dir, ctx, stem)
        return paths


WRITERS: dict[str, Writer] = {w.name: w for w in (TerminalWriter(), JsonWriter(), MarkdownWriter(), HtmlWriter(), AllWriter())}
FORMATS: tuple[str, ...] = tuple(WRITERS)


def get_writer(name: str) -> Writer:
    try:
        return WRITERS[name]
    except KeyError:
        raise MockintError(f"--format: unknown format {name!r} (choose from {', '.join(FORMATS)})") from None


def write_report(
    report: Report,
    out_dir: str | Path,
    formats: str | list[str] = "all",
    *,
    history: list[Attempt] | None = None,
    audio: str | Path | None = None,
    scenario: Scenario | None = None,
    embed_audio: bool = False,
    section_audio: dict[str, tuple[str, float]] | None = None,
    stem: str = "report",
    retakes: list[str] | None = None,
) -> list[Path]:
    """Write the report in each of `formats` into `out_dir`; return the files written.

    `history`: previous attempts at the same scenario (oldest first) for the trend charts;
    `audio`: the answer's audio (relative to `out_dir`, or absolute), default `report.audio`.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = RenderContext(scenario=scenario, history=list(history or []), audio=str(audio) if audio else None,
                        embed_audio=embed_audio, out_dir=out_dir, section_audio=dict(section_audio or {}), retakes=list(retakes or []))
    names = [formats] if isinstance(formats, str) else list(formats)
    paths: list[Path] = []
    for name in names:
        for p in get_writer(name).write(report, out_dir, ctx, stem):
            if p not in paths:
                paths.append(p)
    return paths


def write_session_report(
    session_dir: str | Path,
    formats: str | list[str] = "all",
    *,
    report: Report | None = None,
    scenario: Scenario | None = None,
    embed_audio: bool = False,
    record: bool = True,
    home: Path | None = None,
) -> tuple[Report, list[Path], RenderContext]:
    """Render a saved session's report into its folder, with the history of the same scenario.

    The session is also (re)recorded in the history, so `mockint report` keeps the history current.
    """
    session_dir = Path(session_dir)
    report = report or load_session_report(session_dir)
    attempts = _recorded_series(report, session_dir, record, home)
    scenario = scenario or lookup_scenario(report)
    audio = session_audio(session_dir, report)
    sections = guided_section_audio(session_dir, report) if audio is None else {}
    retakes = retakes_of(load_session_record(session_dir))
    paths = write_report(report, session_dir, formats, history=attempts, audio=audio, scenario=scenario,
                         embed_audio=embed_audio, section_audio=sections, retakes=retakes)
    ctx = RenderContext(scenario=scenario, history=attempts, audio=audio, embed_audio=embed_audio, out_dir=session_dir,
                        section_audio=sections, retakes=retakes)
    return report, paths, ctx


def _recorded_series(report: Report, session_dir: Path, record: bool, home: Path | None) -> list[Attempt]:
    """Record the session in the history and return its series for the trend; a history that cannot be
    used (busy, unwritable) costs the trend, never the report."""
    from mockint.store.history import History, series_of

    try:
        history = History(home)
        if record:
            history.record(report, session_dir)
        return series_of(history.attempts(report.scenario), session_dir.name, (report.scenario, report.mode))
    except MockintError as e:
        log.warning("%s: the report is written without the trend (run `mockint report %s` later to record it)", e, session_dir.name)
        return []
