"""The `mockint` command: parse arguments, call the command; errors become one line and exit 2.

The command modules (mockint.cli.library, scoring, practice, reports, evaluation) import heavy libraries
(faster-whisper, torch, sounddevice) inside the commands that need them, so `mockint --help` stays fast.
"""

from __future__ import annotations

import logging
import sys

from mockint.cli.console import interrupted_code, say, stop_signals_as_ctrl_c
from mockint.cli.parser import build_parser
from mockint.errors import MockintError


def main(argv: list[str] | None = None) -> int:
    stop_signals_as_ctrl_c()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args) or 0
    except MockintError as e:
        say(str(e), file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        say("\ninterrupted", file=sys.stderr)
        return interrupted_code()
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
