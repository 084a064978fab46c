"""What every command shares: printing a line at once, and how a stop signal ends a command."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

_stop_signal: list[int] = []  # the stop signal received (SIGINT, SIGTERM or SIGHUP), if any
_interrupted: list[bool] = []  # a command ended by one (its code from interrupted_code())


def say(*args, **kwargs) -> None:
    """print(), flushed at once (progress lines interleave with the interviewer's voice)."""
    print(*args, **kwargs, flush=True)


def stop_signals_as_ctrl_c() -> None:
    """Ctrl-C, SIGTERM and SIGHUP end the command the same way: the first raises KeyboardInterrupt (the
    session is saved, `interrupted: true`); any further one while that happens is ignored with a word, so
    the saving finishes and no thread is interrupted at exit (no "Exception ignored in threading")."""
    import signal

    def handler(signum, frame):
        if _stop_signal:
            say("still saving what was recorded (Ctrl-\\ quits at once)", file=sys.stderr)
            return
        _stop_signal.append(signum)
        raise KeyboardInterrupt

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) is not signal.SIG_IGN:  # nohup, `cmd &`: keep ignoring
            try:
                signal.signal(sig, handler)
            except (ValueError, OSError):  # not the main thread, or not allowed
                pass


def interrupted_code() -> int:
    """128 + the signal: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    _interrupted.append(True)
    return 128 + (_stop_signal[0] if _stop_signal else 2)


def was_interrupted() -> bool:
    return bool(_interrupted)


def exit_now(code: int) -> NoReturn:
    """End the process without the interpreter's shutdown, once everything is saved and flushed: after an
    interrupt a native thread pool (CTranslate2's OpenMP workers) can still be unwinding, and tearing the
    libraries down under it crashes the process (SIGSEGV instead of exit code 130)."""
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def print_report(report, scenario=None, retakes: list[str] | None = None) -> None:
    """The terminal summary of a report, on stdout (`retakes`: the takes retaken before scoring)."""
    from rich.console import Console

    from mockint.output.common import RenderContext
    from mockint.output.terminal import terminal_renderable

    Console(highlight=False).print(terminal_renderable(report, RenderContext(scenario=scenario, retakes=list(retakes or []))))
