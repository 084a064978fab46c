"""Looking back: `report` (re-render a saved session) and `history` (attempts, trends, comparisons)."""

from __future__ import annotations

import argparse
import sys

from mockint.cli.console import say


def cmd_report(args: argparse.Namespace) -> int:
    from rich.console import Console

    from mockint.output.terminal import terminal_renderable
    from mockint.output.writers import write_session_report
    from mockint.store.folder import find_session

    folder = find_session(args.session)
    formats = ["terminal", "json", "md", "html"] if args.format == "all" else [args.format]
    report, paths, ctx = write_session_report(folder, formats, embed_audio=args.embed_audio)
    if args.format in ("terminal", "all"):
        Console(highlight=False).print(terminal_renderable(report, ctx))
    for path in paths:
        say(f"wrote {path}")
    if args.open:
        _open_in_browser(next((p for p in paths if p.suffix == ".html"), None) or paths[0])
    return 0


def _open_in_browser(path) -> None:
    """Open the report in the user's browser; say so when there is none (a server, a container)."""
    import webbrowser

    uri = path.resolve().as_uri()
    if webbrowser.open(uri):
        say(f"opened {uri} in the browser", file=sys.stderr)
    else:
        say(f"no web browser could be started here: open {uri} yourself (or copy {path} to a machine with one)", file=sys.stderr)


def cmd_history(args: argparse.Namespace) -> int:
    from rich.console import Console

    from mockint.output.history_views import comparison_renderable, history_renderable
    from mockint.paths import writable_data_dir
    from mockint.store.history import History

    writable_data_dir()  # the history index lives there: a file or a read-only folder is one line, not a traceback
    history = History()
    if args.rebuild:
        say(f"rebuilt {history.path} from {history.rebuild()} session(s)")
    console = Console(highlight=False)
    if args.compare:
        console.print(comparison_renderable(history.compare(*args.compare)))
    else:
        console.print(history_renderable(history.attempts(args.scenario)))
        _print_rounds(console, args)
    return 0


def _print_rounds(console, args: argparse.Namespace) -> None:
    """The interview rounds after the attempts (their questions are attempts in the list above)."""
    from mockint.output.debrief_view import rounds_renderable
    from mockint.store.rounds import round_debriefs

    rounds = round_debriefs()
    if args.scenario:
        rounds = [d for d in rounds if any(q.scenario == args.scenario for q in d.questions)]
    if rounds:
        console.print(rounds_renderable(rounds))


def cmd_history_delete(args: argparse.Namespace) -> int:
    from rich.console import Console

    from mockint.output.history_views import deleted_renderable
    from mockint.store.history import History

    Console(highlight=False, soft_wrap=True).print(deleted_renderable(*History().delete(args.ref)))
    return 0
