"""Say what a path is before anything opens it: a FIFO or /dev/zero must never hang a read.

Every entry point of the dataset engine (the CLI, :func:`~ftui.datasets.open_dataset`,
the scan's sniff, the transforms) calls :func:`require_regular_file` first.
"""

from __future__ import annotations

import errno
import os
import stat


class DatasetPathError(OSError):
    """The path is not a readable regular file; ``str()`` says what it is instead."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(f"{path} {what}")
        self.filename = path
        self.what = what
        """What the path is, e.g. ``"is a named pipe (FIFO), not a regular file"``."""

    def __str__(self) -> str:
        return f"{self.filename} {self.what}"


def describe_path(path: str | os.PathLike[str]) -> str | None:
    """None for a regular file; otherwise what ``path`` is (``"is a directory, ..."``)."""
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "is a symbolic link loop (the link leads back to itself): point it at a file"
        if e.errno == errno.ENOENT:
            return "is a broken symbolic link (its target does not exist)" if os.path.islink(p) else "does not exist"
        if e.errno in (errno.EACCES, errno.EPERM):
            return "cannot be read (permission denied)"
        if e.errno == errno.ENOTDIR:
            return "does not exist (a part of the path is not a directory)"
        if e.errno == errno.ENAMETOOLONG:
            return "is too long a name for this system"
        return f"cannot be read ({e.strerror or e})"
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file: pick a .jsonl file inside it"
    if stat.S_ISFIFO(mode):
        return (
            "is a named pipe (FIFO), not a regular file: reading it would wait for a "
            "writer; save the data to a file first"
        )
    if stat.S_ISCHR(mode):
        return "is a character device (like /dev/zero or /dev/null), not a regular file: pick a dataset file"
    if stat.S_ISBLK(mode):
        return "is a block device, not a regular file: pick a dataset file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file: pick a dataset file"
    return "is not a regular file: pick a dataset file"


def require_regular_file(path: str | os.PathLike[str]) -> None:
    """Raise :class:`DatasetPathError` unless ``path`` is a regular file.

    Raises:
        DatasetPathError: (an ``OSError``) naming what the path is instead.
    """
    what = describe_path(path)
    if what is not None:
        raise DatasetPathError(os.fspath(path), what)
