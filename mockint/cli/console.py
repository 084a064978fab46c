"""What every command shares: printing a line at once, and how a stop signal ends a command."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from mockint.terminal_text import terminal_safe

_stop_signal: list[int] = []  # the stop signal received (SIGINT, SIGTERM or SIGHUP), if any
_interrupted: list[bool] = []  # a command ended by one (its code from interrupted_code())
_terminal_fds: set[int] = set()  # of 0, 1, 2: those that were a terminal when the command started


def say(*args, **kwargs) -> None:
    """print(), flushed at once (progress lines interleave with the interviewer's voice), without terminal
    escape sequences: a progress line may quote a scenario file or a transcript (mockint.terminal_text)."""
    print(*(terminal_safe(a) if isinstance(a, str) else a for a in args), **kwargs, flush=True)


class _OutlivesTerminal:
    """A terminal's text stream that never fails the command when the terminal goes away (the window closed:
    every write then fails with EIO): the output goes to /dev/null from then on, so a session being saved
    after SIGHUP is never stopped by a print."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError:
            detach_terminal()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError:
            detach_terminal()
            try:
                self._stream.flush()  # what was buffered now goes to /dev/null
            except OSError:
                pass

    def __getattr__(self, name):
        return getattr(self._stream, name)


def outlive_the_terminal() -> None:
    """stdout and stderr, when they are a terminal, survive its closing (see `_OutlivesTerminal`)."""
    for fd in (0, 1, 2):
        try:
            if os.isatty(fd):
                _terminal_fds.add(fd)
        except OSError:
            pass
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            tty = stream is not None and stream.isatty()
        except (OSError, ValueError):
            tty = False
        if tty and not isinstance(stream, _OutlivesTerminal):
            setattr(sys, name, _OutlivesTerminal(stream))


def detach_terminal() -> None:
    """The terminal is gone: the file descriptors that were a terminal at the start (a hung-up one may no
    longer say it is one) now read and write /dev/null; pipes and files are left alone."""
    if not _terminal_fds:
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in _terminal_fds:
            try:
                os.dup2(null, fd)
            except OSError:
                pass
    finally:
        os.close(null)


def stop_signals_as_ctrl_c() -> None:
    """Ctrl-C, SIGTERM and SIGHUP end the command the same way: the first raises KeyboardInterrupt (the
    session is saved, `interrupted: true`); any further one while that happens is ignored with a word, so
    the saving finishes and no thread is interrupted at exit (no "Exception ignored in threading")."""
    import signal

    def handler(signum, frame):
        if signum == getattr(signal, "SIGHUP", None):
            detach_terminal()  # the window was closed: nothing printed from now on may fail the saving
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
