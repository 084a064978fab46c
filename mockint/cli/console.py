"""What every command shares: printing a line at once, and how a stop signal ends a command."""

from __future__ import annotations

_stop_signal: list[int] = []  # the SIGTERM/SIGHUP received, if any


def say(*args, **kwargs) -> None:
    """print(), flushed at once (progress lines interleave with the interviewer's voice)."""
    print(*args, **kwargs, flush=True)


def stop_signals_as_ctrl_c() -> None:
    """SIGTERM and SIGHUP end the command as Ctrl-C does (the session is saved, `interrupted: true`);
    a second one while that happens is ignored, so the saving finishes."""
    import signal

    def handler(signum, frame):
        if _stop_signal:
            return
        _stop_signal.append(signum)
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                signal.signal(sig, handler)
            except (ValueError, OSError):  # not the main thread, or not allowed
                pass


def interrupted_code() -> int:
    """128 + the signal: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return 128 + (_stop_signal[0] if _stop_signal else 2)


def print_report(report, scenario=None) -> None:
    """The terminal summary of a report, on stdout."""
    from rich.console import Console

    from mockint.output.writers import RenderContext, terminal_renderable

    Console(highlight=False).print(terminal_renderable(report, RenderContext(scenario=scenario)))
