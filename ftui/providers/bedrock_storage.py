"""S3 side of the Bedrock provider: datasets in, metric CSVs out.

Functions take a boto3 S3 client from :mod:`ftui.providers.bedrock_provider`
and let SDK errors through; the provider translates them at its boundary.
This module never imports boto3 itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ftui.providers.base import PageGuard, file_sha256
from ftui.providers.bedrock_records import file_from_s3
from ftui.providers.metrics import merge_points, parse_metrics_csv
from ftui.providers.records import MetricPoint, RemoteFile

TRAINING_CSV = "step_wise_training_metrics.csv"
"""Bedrock's per-step training metrics file (found by suffix)."""
VALIDATION_CSV = "validation_metrics.csv"
"""Bedrock's validation metrics file (found by suffix; two sub-paths exist)."""
_NOT_FOUND = ("404", "NoSuchKey", "NotFound")


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/key`` → ``(bucket, key)``."""
    if not uri.startswith("s3://"):
        raise ValueError(f"not an S3 URI: {uri!r}")
    bucket, _, key = uri[5:].partition("/")
    return bucket, key


sha256_of = file_sha256
"""The hex SHA-256 of a file (shared with the other providers)."""


def dataset_key(prefix: str, path: Path) -> str:
    """Where a dataset goes: ``<prefix>/<sha256[:16]>/<filename>`` (same bytes, same key)."""
    return f"{prefix.strip('/')}/{sha256_of(path)[:16]}/{path.name}".lstrip("/")


def upload_dataset(
    s3: Any, bucket: str, prefix: str, path: Path, progress: Callable[[int, int], None] | None = None
) -> RemoteFile:
    """Upload ``path`` unless an object with its content address already exists; report bytes sent."""
    key = dataset_key(prefix, path)
    try:
        return file_from_s3(bucket, key, s3.head_object(Bucket=bucket, Key=key))
    except s3.exceptions.ClientError as error:
        if str(error.response.get("Error", {}).get("Code")) not in _NOT_FOUND:
            raise
    total = path.stat().st_size
    sent = 0
    lock = threading.Lock()

    def callback(count: int) -> None:  # boto3 calls it from several transfer threads
        nonlocal sent
        with lock:
            sent += count
            if progress is not None:
                progress(min(sent, total), total)

    s3.upload_file(str(path), bucket, key, Callback=callback)  # multipart above boto3's 8 MiB threshold
    return file_from_s3(bucket, key, s3.head_object(Bucket=bucket, Key=key))


Warn = Callable[[str], None]


def _objects(s3: Any, bucket: str, prefix: str, warn: Warn | None = None) -> list[dict[str, Any]]:
    """Every object under ``prefix``: all pages, but a bounded walk (see :class:`PageGuard`)."""
    guard = PageGuard(f"Listing s3://{bucket}/{prefix}")
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        kwargs: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix}
        if token:
            kwargs["ContinuationToken"] = token
        page = s3.list_objects_v2(**kwargs)
        found.extend(guard.fresh(page.get("Contents") or [], lambda obj: str(obj.get("Key"))))
        token = page.get("NextContinuationToken") or None
        stop = guard.stop(token, bool(page.get("IsTruncated")))
        if stop is not None:
            if stop and warn is not None:
                warn(stop)
            return found


def list_datasets(s3: Any, bucket: str, prefix: str, warn: Warn | None = None) -> list[RemoteFile]:
    """The ``.jsonl`` objects under the datasets prefix, newest first."""
    folder = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
    files = [
        file_from_s3(bucket, obj["Key"], obj)
        for obj in _objects(s3, bucket, folder, warn)
        if obj["Key"].endswith(".jsonl")
    ]
    return sorted(files, key=lambda f: (f.created_at is not None, f.created_at), reverse=True)


def read_metrics(s3: Any, job_output_uri: str, warn: Warn | None = None) -> list[MetricPoint]:
    """Step metrics from a job's output folder; empty while Bedrock has written none."""
    bucket, prefix = split_s3_uri(job_output_uri)
    keys = [obj["Key"] for obj in _objects(s3, bucket, prefix, warn)]
    series = []
    for suffix in (TRAINING_CSV, VALIDATION_CSV):
        for key in sorted(k for k in keys if k.endswith(suffix)):
            body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
            series.append(parse_metrics_csv(body))
    return merge_points(*series)
