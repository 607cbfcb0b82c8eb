"""Every file ftui writes goes through here: atomic writes, never-overwrite names, and read-only mode.

**Atomic.** :func:`write_text`, :func:`write_bytes`, :func:`write_stream` and :class:`AtomicFile`
write to a hidden temporary file in the destination's directory, flush and ``fsync`` it, then
move it into place with ``os.replace`` (or, with ``overwrite=False``, link it there only if
nothing appeared meanwhile). Readers see the old file or the whole new one; on any error the
temporary file is removed and nothing is left behind.

**Never overwrite.** Derived files (transforms, fixes, exports) get a name that does not exist
yet: :func:`free_name` turns ``data.clean.jsonl`` into ``data.clean-2.jsonl``, ``-3`` and so on;
:func:`free_names` does the same for a group of files that share the number (a split's
training and validation files).

**Read-only mode.** :func:`set_read_only` (``--read-only`` on the command line, ``read_only =
true`` in the config) is one switch for the whole process. While it is on, ftui writes
nothing except its own cache of downloaded files (copies of hosted datasets under
:func:`ftui.paths.cache_dir`, fetched only to be viewed). Everything else is refused with a
:class:`ReadOnlyError` that names what was refused and how to allow it: exports, transforms
and fixes, the config template, presets, the launch draft, launch records and the remembered
theme.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Self, TypeVar

from ftui.paths import cache_dir

_read_only = False
_T = TypeVar("_T")

HOW_TO_ALLOW = "to allow it, run ftui without --read-only and without read_only = true in the config"
"""The second half of every refusal."""


class ReadOnlyError(PermissionError):
    """A write refused because ftui is read-only; ``str()`` says what and how to allow it.

    It is a :class:`PermissionError` (an ``OSError``), so code that already reports a failed
    write reports this one too, with :attr:`strerror` holding the whole message.
    """

    def __init__(self, what: str, path: str | os.PathLike[str] | None = None) -> None:
        message = f"read-only: {what} refused; {HOW_TO_ALLOW}"
        super().__init__(errno.EROFS, message, None if path is None else os.fspath(path))
        self.what = what
        """What was refused (``writing data.clean.jsonl``)."""

    def __str__(self) -> str:
        return str(self.strerror)


def set_read_only(on: bool) -> None:
    """Turn read-only mode on or off for the whole process (call once, from the CLI or the app)."""
    global _read_only
    _read_only = bool(on)


def is_read_only() -> bool:
    """Whether read-only mode is on."""
    return _read_only


def _in_cache(path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(cache_dir().resolve())
    except (OSError, RuntimeError):
        return False


def check_writable(path: str | os.PathLike[str], what: str | None = None) -> None:
    """Raise :class:`ReadOnlyError` when read-only mode forbids writing ``path``.

    Args:
        path: The file about to be written.
        what: What the write is, for the message (default ``writing <path>``).
    """
    if _read_only and not _in_cache(Path(path)):
        raise ReadOnlyError(what or f"writing {path}", path)


def free_name(path: str | os.PathLike[str]) -> Path:
    """``path`` if nothing is there, else ``stem-2.ext``, ``stem-3.ext``… (the first that is free)."""
    return free_names(path)[0]


def free_names(*paths: str | os.PathLike[str]) -> list[Path]:
    """Names for files written together: the same ``-N`` tag on each, the first N where none exists."""
    number = 1
    while True:
        tag = "" if number == 1 else f"-{number}"
        names = [Path(p).with_name(f"{Path(p).stem}{tag}{Path(p).suffix}") for p in paths]
        if not any(name.exists() or name.is_symlink() for name in names):
            return names
        number += 1


def _read_umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_FILE_MODE = 0o666 & ~_read_umask()  # read once, at import: flipping the umask later would race other threads


class AtomicFile:
    """A temporary text file beside ``target`` that becomes ``target`` on :meth:`commit`.

    Use it as a context manager (commit on success, discard on error) or call :meth:`commit`
    and :meth:`abort` yourself.

    Args:
        target: The file to create or replace.
        what: What the write is, for a read-only refusal.
        overwrite: Whether an existing ``target`` may be replaced.
        errors: The UTF-8 error handler (``surrogateescape`` copies bad bytes as they were).
        newline: Newline translation (default none: text is written as given).
        make_dirs: Create missing parent directories.

    Raises:
        ReadOnlyError: read-only mode is on.
        FileExistsError: ``target`` exists and ``overwrite`` is false.
        OSError: the directory is missing or cannot be written.
    """

    def __init__(
        self,
        target: str | os.PathLike[str],
        *,
        what: str | None = None,
        overwrite: bool = True,
        errors: str = "strict",
        newline: str = "",
        make_dirs: bool = False,
    ) -> None:
        self.target = Path(target)
        """The file being written."""
        self.overwrite = overwrite
        """Whether an existing target may be replaced."""
        fd, self.tmp = _temp(self.target, what, overwrite, make_dirs)
        """The temporary file's path."""
        self.file: IO[str] = _fdopen(
            fd, self.tmp, lambda: os.fdopen(fd, "w", encoding="utf-8", errors=errors, newline=newline)
        )
        """The open temporary file: write to it."""

    def commit(self) -> Path:
        """Flush, fsync and move the file into place; returns the target."""
        _commit(self.file, self.tmp, self.target, self.overwrite)
        return self.target

    def abort(self) -> None:
        """Close and remove the temporary file (safe to call twice)."""
        _discard(self.file, self.tmp)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def write_text(
    path: str | os.PathLike[str], text: str, *, overwrite: bool = True, what: str | None = None, make_dirs: bool = False
) -> Path:
    """Write ``text`` (UTF-8, no newline translation) to ``path`` atomically; returns the path.

    Raises:
        ReadOnlyError: read-only mode is on.
        FileExistsError: ``path`` exists and ``overwrite`` is false.
        OSError: the directory is missing or not writable.
    """
    with AtomicFile(path, what=what, overwrite=overwrite, make_dirs=make_dirs) as out:
        out.file.write(text)
    return out.target


def write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    overwrite: bool = True,
    what: str | None = None,
    make_dirs: bool = False,
) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path (raises as :func:`write_text`)."""
    return write_stream(path, [data], overwrite=overwrite, what=what, make_dirs=make_dirs)


def write_stream(
    path: str | os.PathLike[str],
    chunks: Iterable[bytes],
    *,
    overwrite: bool = True,
    what: str | None = None,
    make_dirs: bool = True,
) -> Path:
    """Write a stream of byte chunks (a download) to ``path`` atomically; returns the path.

    Nothing is left behind if reading ``chunks`` fails midway.

    Raises:
        ReadOnlyError: read-only mode is on and ``path`` is outside ftui's cache.
        OSError: the directory cannot be written.
    """
    target = Path(path)
    fd, tmp = _temp(target, what, overwrite, make_dirs)
    handle: IO[bytes] = _fdopen(fd, tmp, lambda: os.fdopen(fd, "wb"))
    try:
        for chunk in chunks:
            handle.write(chunk)
    except BaseException:
        _discard(handle, tmp)
        raise
    _commit(handle, tmp, target, overwrite)
    return target


def _temp(target: Path, what: str | None, overwrite: bool, make_dirs: bool) -> tuple[int, str]:
    """Check the write is allowed, then make the temporary file beside ``target``."""
    check_writable(target, what)
    if not overwrite and target.exists():
        raise _exists(target)
    if make_dirs:
        target.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")


def _fdopen(fd: int, tmp: str, opener: Callable[[], _T]) -> _T:
    try:
        return opener()
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise


def _commit(handle: IO[str] | IO[bytes], tmp: str, target: Path, overwrite: bool) -> None:
    try:
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600; give a normal file's mode
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_without_clobbering(tmp, target)
    except BaseException:
        _discard(handle, tmp)
        raise


def _discard(handle: IO[str] | IO[bytes], tmp: str) -> None:
    try:
        handle.close()
    except OSError:
        pass
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _exists(target: Path) -> FileExistsError:
    return FileExistsError(f"{target} already exists; choose another name or allow overwriting")


def _link_without_clobbering(temp: str, target: Path) -> None:
    """Move ``temp`` to ``target`` unless ``target`` appeared meanwhile."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError:  # no hard links on this file system: check-then-replace is the best left
        if target.exists():
            raise _exists(target) from None
        os.replace(temp, target)
        return
    os.unlink(temp)
