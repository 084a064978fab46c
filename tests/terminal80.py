"""A real terminal, 80 columns wide, driven like a user would: tmux (its own server socket per test), keys sent,
the screen and its scrollback read back."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MOCKINT = ROOT / ".venv" / "bin" / "mockint"
DONE = "MOCKINT-EXIT="


class Terminal:
    """`mockint ARGS` in a detached tmux session of `width` x `height`, with a deep scrollback."""

    def __init__(self, args: list[str], width: int = 80, height: int = 50, env: dict[str, str] | None = None):
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed (scripts/setup.sh --tests installs it)")
        self.socket = f"mockint-test-{uuid.uuid4().hex[:8]}"
        exe = str(MOCKINT) if MOCKINT.exists() else "mockint"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        command = f"cd {shlex.quote(str(ROOT))} && env {exports} {exe} {shlex.join(args)}; echo {DONE}$?; sleep 3600"
        self._tmux("set-option", "-g", "history-limit", "100000", ";", "new-session", "-d", "-s", "t", "-x", str(width),
                   "-y", str(height), command, start=True)

    def _tmux(self, *args: str, start: bool = False) -> str:
        cmd = ["tmux", "-L", self.socket]
        if start:  # the history limit must be set before the session's pane is created
            cmd += ["-f", "/dev/null", "start-server", ";"]
        return subprocess.run(cmd + list(args), capture_output=True, text=True, check=True).stdout

    def screen(self) -> str:
        """Everything printed so far, wrapped lines joined (-J), from the top of the scrollback."""
        return self._tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "t")

    def rows(self) -> list[str]:
        """Everything printed so far as the rows the terminal shows (not joined)."""
        return self._tmux("capture-pane", "-p", "-S", "-", "-t", "t").splitlines()

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "t", *keys)

    def wait_for(self, text: str, timeout: float = 240.0, after: int = 0) -> str:
        """Wait until `text` is on screen more than `after` times, or the command has ended; the screen then."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if screen.count(text) > after or DONE in screen:
                return screen
            time.sleep(0.5)
        raise AssertionError(f"{text!r} did not appear within {timeout:g} s; the screen:\n{self.screen()}")

    def answer_prompts(self, prompt: str, *replies: str, timeout: float = 240.0) -> int:
        """Type each reply at the next `prompt` (then Enter at any later one) until the command ends; how many
        prompts were answered."""
        n = 0
        while DONE not in self.wait_for(prompt, timeout, after=n):
            self.send(*((replies[n], "Enter") if n < len(replies) else ("Enter",)))
            n += 1
        return n

    def exit_code(self, timeout: float = 300.0) -> int:
        screen = self.wait_for(DONE, timeout)
        if DONE not in screen:
            raise AssertionError(f"the command did not end within {timeout:g} s; the screen:\n{screen}")
        return int(screen.split(DONE, 1)[1].split()[0])

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def home_env(home: Path) -> dict[str, str]:
    return {"MOCKINT_HOME": str(home), "PATH": os.environ.get("PATH", "")}
