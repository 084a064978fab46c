"""The one user-facing error type: the CLI prints its message on one line and exits with code 2."""


class MockintError(Exception):
    """A problem with the user's input (a file, a field, a device) that they can fix.

    The message is complete and starts with what it concerns (usually a file path).
    """

    exit_code = 2


class ScenarioError(MockintError):
    """A scenario file that cannot be read or does not validate; one line per problem."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


class AudioError(MockintError):
    """Audio that cannot be decoded, or a device that cannot be opened."""
