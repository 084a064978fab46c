"""The one user-facing error type: the CLI prints its message on one line and exits with code 2."""

from __future__ import annotations


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


# What to do about each file-system error, said after the path (errno names; the rest get the OS's words).
_OS_HINTS = {
    "ENOSPC": "no space left on the device: free some space and run the command again",
    "EDQUOT": "disk quota exceeded: free some space and run the command again",
    "EROFS": "read-only file system: choose a writable location (for mockint's data, set MOCKINT_HOME)",
    "EACCES": "permission denied: check the permissions of the file and its folders",
    "EPERM": "operation not permitted: check the permissions of the file and its folders",
    "ENOTDIR": "a file stands where a folder is expected: move the file or choose another location",
    "EISDIR": "is a folder, not a file",
    "ELOOP": "too many levels of symbolic links (a symlink loop): fix or remove the link",
    "ENOENT": "no such file or folder",
    "EEXIST": "already exists",
    "ENAMETOOLONG": "the file name is too long",
}


class FileError(MockintError):
    """A file-system problem (full disk, read-only, a file where a folder should be, no permission, a
    symlink loop): one line naming the path and what to do."""

    @classmethod
    def from_os(cls, e: OSError, path: object = None) -> FileError:
        import errno

        name = errno.errorcode.get(e.errno or 0, "")
        what = _OS_HINTS.get(name) or (e.strerror or str(e)).lower()
        where = path if path is not None else e.filename
        if where is None:
            return cls(f"mockint: {what}")
        return cls(f"{where}: {what}")
