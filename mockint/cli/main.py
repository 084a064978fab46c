"""The `mockint` command: parse arguments, call the command; errors become one line and exit 2.

The command modules (mockint.cli.library, scoring, practice, reports, evaluation) import heavy libraries
(faster-whisper, torch, sounddevice) inside the commands that need them, so `mockint --help` stays fast.
"""

from __future__ import annotations

import logging
import sys

from mockint.cli.console import exit_now, interrupted_code, outlive_the_terminal, say, stop_signals_as_ctrl_c, was_interrupted
from mockint.cli.parser import build_parser
from mockint.errors import FileError, MockintError
from mockint.terminal_text import terminal_safe


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code. Without `argv` this is the process's own command line (the console
    script, `python -m mockint`): an interrupted command then ends the process at once (see exit_now)."""
    code = _run(argv)
    if argv is None and was_interrupted():
        exit_now(code)
    return code


def _run(argv: list[str] | None) -> int:
    stop_signals_as_ctrl_c()
    outlive_the_terminal()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = logging.StreamHandler()  # a warning may quote a file's name or content: no escape sequences
    handler.setFormatter(_TerminalSafeFormatter("%(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, handlers=[handler])
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args) or 0
    except MockintError as e:
        say(terminal_safe(str(e)), file=sys.stderr)  # it may quote a file's name or content
        return e.exit_code
    except KeyboardInterrupt:
        say("\ninterrupted", file=sys.stderr)
        return interrupted_code()
    except BrokenPipeError:
        return 0
    except OSError as e:  # a file-system problem no command foresaw (a full disk, a read-only folder): one line
        error = FileError.from_os(e)
        say(str(error), file=sys.stderr)
        return error.exit_code


class _TerminalSafeFormatter(logging.Formatter):
    """Log lines without terminal escape sequences (mockint.terminal_text)."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal_safe(super().format(record))


if __name__ == "__main__":
    raise SystemExit(main())
