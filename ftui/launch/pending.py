"""The launch id of every launch, kept by configuration, so a relaunch never makes a second job.

Before anything is uploaded or created, the launch id is written to
``$XDG_STATE_HOME/ftui/launches.json`` (atomically, under a lock), keyed by a
fingerprint of the configuration: profile, model, method, files (path, size,
modification time), values, name, seed, metadata and options. After a crash, a
SIGKILL, a hang-up or a lost create response, the next launch of the same
configuration finds the record, looks for a job with that launch id, and asks
"open it, or launch again?" (:func:`ftui.launch.submit.find_prior`). A created
job's id is kept too, so rerunning the same command says so instead of launching
twice. Records older than :data:`KEEP_DAYS` are dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ftui.files import check_writable, write_text
from ftui.launch.form import is_remote
from ftui.paths import state_dir
from ftui.providers.profiles import Profile

KEEP_DAYS = 30
"""Days a record is kept."""
KEEP_MAX = 200
"""Records kept at most (the newest)."""


def launches_path() -> Path:
    """``$XDG_STATE_HOME/ftui/launches.json``."""
    return state_dir() / "launches.json"


@dataclass(frozen=True, slots=True)
class LaunchRecord:
    """One launch of one configuration."""

    key: str
    """The configuration's fingerprint (:func:`launch_key`)."""
    launch_id: str
    """The id the job carries (OpenAI metadata ``ftui_launch``, Bedrock tag and name)."""
    profile: str
    """The profile it was launched on."""
    base_model: str
    """The model."""
    training: str
    """The training file, as given."""
    started: float
    """When the launch started (epoch seconds)."""
    job_id: str | None = None
    """The created job, once the create call answered."""

    @classmethod
    def from_dict(cls, data: Any) -> LaunchRecord | None:
        """A record from its JSON form, or None when it is not one."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                key=str(data["key"]),
                launch_id=str(data["launch_id"]),
                profile=str(data.get("profile", "")),
                base_model=str(data.get("base_model", "")),
                training=str(data.get("training", "")),
                started=float(data.get("started", 0.0)),
                job_id=str(data["job_id"]) if data.get("job_id") else None,
            )
        except (KeyError, TypeError, ValueError):
            return None


def _file_identity(reference: str | None) -> Any:
    if not reference:
        return None
    if is_remote(reference):
        return reference
    path = Path(reference).expanduser()
    try:
        stat = path.stat()
        return [str(path.resolve()), stat.st_size, stat.st_mtime_ns]
    except OSError:
        return [str(path.absolute()), None, None]


def launch_key(profile: Profile, plan: Any) -> str:
    """The fingerprint of a launch configuration (a :class:`~ftui.launch.submit.LaunchPlan` on a profile).

    The profile counts by name and by where it points (a demo emulator on a new port is a new place).
    """
    where = profile.base_url() or str(profile.get("region") or "")
    data = {
        "profile": profile.name,
        "where": where,
        "base_model": plan.base_model,
        "method": plan.method,
        "training": _file_identity(plan.training_file),
        "validation": _file_identity(plan.validation_file),
        "hyperparameters": {str(k): v for k, v in sorted(dict(plan.hyperparameters).items())},
        "suffix": (plan.suffix or "").strip(),
        "seed": plan.seed,
        "metadata": dict(sorted(dict(plan.metadata).items())),
        "options": {k: v.strip() for k, v in sorted(dict(plan.options).items()) if v and v.strip()},
    }
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Serialise read-modify-write of the file between ftui processes (best effort where flock exists)."""
    path = launches_path()
    check_writable(path, "recording a launch")  # read-only mode: not even the lock file
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path.with_name(".launches.lock"), "a", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read() -> dict[str, LaunchRecord]:
    try:
        data = json.loads(launches_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    items = data.get("launches") if isinstance(data, dict) else None
    records = (LaunchRecord.from_dict(item) for item in (items if isinstance(items, list) else []))
    return {r.key: r for r in records if r is not None}


def _write(records: dict[str, LaunchRecord]) -> None:
    oldest = time.time() - KEEP_DAYS * 86400
    kept = sorted((r for r in records.values() if r.started >= oldest), key=lambda r: r.started)[-KEEP_MAX:]
    write_text(
        launches_path(),
        json.dumps({"launches": [asdict(r) for r in kept]}, indent=1),
        what="recording a launch",
        make_dirs=True,
    )


def recorded(key: str) -> LaunchRecord | None:
    """The last launch of this configuration, if one is remembered."""
    return _read().get(key)


def remember(key: str, launch_id: str, profile: str, plan: Any) -> LaunchRecord:
    """Write the launch id for this configuration before anything is sent (atomically).

    Raises:
        OSError: the state directory cannot be written.
    """
    record = LaunchRecord(key, launch_id, profile, plan.base_model, str(plan.training_file), time.time())
    with _locked():
        records = _read()
        records[key] = record
        _write(records)
    return record


def confirm(key: str, launch_id: str, job_id: str) -> None:
    """Note the job a launch created (a rerun of the same configuration then names it)."""
    with _locked():
        records = _read()
        record = records.get(key)
        if record is not None and record.launch_id == launch_id:
            records[key] = LaunchRecord(
                record.key, launch_id, record.profile, record.base_model, record.training, record.started, job_id
            )
            _write(records)


def forget(key: str, launch_id: str | None = None) -> None:
    """Drop the record (the launch was refused: no job can exist)."""
    with _locked():
        records = _read()
        record = records.get(key)
        if record is not None and (launch_id is None or record.launch_id == launch_id):
            del records[key]
            _write(records)


def quietly(call: Any, *args: Any) -> str | None:
    """Run a record update; return why it failed (a read-only state dir), or None."""
    try:
        call(*args)
    except OSError as error:
        return f"could not write {launches_path()}: {error.strerror or error}"
    return None


def age_text(record: LaunchRecord, now: float | None = None) -> str:
    """``3 min ago`` and the like, for prompts."""
    seconds = max(0, int((now if now is not None else time.time()) - record.started))
    if seconds < 90:
        return f"{seconds} s ago"
    if seconds < 5400:
        return f"{seconds // 60} min ago"
    if seconds < 172800:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"
