"""Local copies of hosted datasets (OpenAI files, S3 objects): where they live and how they are fetched.

One place for the cache layout, used by the datasets pane, the launch pane and ``ftui launch``
(which looks at a hosted file's format before it launches with it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ftui.config import cache_dir
from ftui.providers.records import RemoteFile

if TYPE_CHECKING:
    from ftui.providers.base import Provider


def cache_path(profile: str, file: RemoteFile) -> Path:
    """Where the local copy of a hosted dataset is kept (hidden: transforms never write here)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in file.id)[-80:]
    return cache_dir() / "remote" / profile / f"{safe}-{Path(file.filename).name or 'data.jsonl'}"


def local_copy(provider: Provider, profile: str, file: RemoteFile) -> Path:
    """The local copy of ``file``, downloaded unless a complete one is cached.

    Raises:
        ProviderError: the download failed.
    """
    path = cache_path(profile, file)
    if not (path.is_file() and (file.bytes is None or path.stat().st_size == file.bytes)):
        provider.download_file(file, path)
    return path


def find_hosted(provider: Provider, reference: str) -> RemoteFile | None:
    """The hosted file a reference (file id or ``s3://`` URI) names, if the provider lists it.

    Raises:
        ProviderError: the files could not be listed.
    """
    return next((f for f in provider.list_files() if f.id == reference), None)
