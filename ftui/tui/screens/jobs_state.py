"""The job list the main screen owns: every profile's jobs, page cursors, failures, and its status line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from rich.text import Text

from ftui.providers.errors import ProviderError
from ftui.providers.profiles import Profile
from ftui.providers.records import Job
from ftui.tui.polling import PollGate, failure_kind


def _newest_first(jobs: Iterable[Job]) -> list[Job]:
    return sorted(jobs, key=lambda job: job.created_at.timestamp() if job.created_at else 0, reverse=True)


@dataclass
class JobsState:
    """Every job loaded so far, where each profile's older pages start, and what failed."""

    jobs: dict[tuple[str, str], Job] = field(default_factory=dict)
    """Every job loaded so far, by (profile, id)."""
    cursors: dict[str, str | None] = field(default_factory=dict)
    """Per profile: the cursor of the next older page (None when all are loaded)."""
    failures: dict[str, ProviderError] = field(default_factory=dict)
    """Per profile: the last error, until a call succeeds again."""
    updated_at: datetime | None = None
    """When a refresh last succeeded."""

    def loaded(
        self, profile: str, jobs: Iterable[Job], next_cursor: str | None, first_page: bool, now: datetime
    ) -> list[Job]:
        """Take in a page of ``profile``'s jobs; return those that ended since they were last seen."""
        ended = []
        for job in jobs:
            before = self.jobs.get(job.key)
            if before is not None and not before.status.is_terminal and job.status.is_terminal:
                ended.append(job)
            self.jobs[job.key] = job
        if not first_page or profile not in self.cursors:
            self.cursors[profile] = next_cursor
        self.failures.pop(profile, None)
        self.updated_at = now
        return ended

    def failed(self, profile: str, error: ProviderError) -> bool:
        """Remember that loading ``profile``'s jobs failed; return whether it was working before."""
        first = profile not in self.failures
        self.failures[profile] = error
        return first

    def put(self, job: Job) -> None:
        """A job as it is now (after an action or a launch)."""
        self.jobs[job.key] = job

    def ordered(self) -> list[Job]:
        """Every job, newest first."""
        return _newest_first(self.jobs.values())

    def older_page(self) -> tuple[str, str] | None:
        """(profile, cursor) of the first profile that has older jobs to load, if any."""
        return next(((profile, cursor) for profile, cursor in self.cursors.items() if cursor), None)

    def empty_message(self, gate: PollGate | None = None, now: float | None = None) -> Text:
        """What the pane says while it has no jobs: loading, none, or which profiles failed, why and when it retries.

        With ``gate`` and ``now`` the retry is a countdown (``retrying in 12 s``, ``retrying now…``).
        """
        if not self.failures:
            return Text("Loading jobs…" if not self.updated_at else "No jobs yet.")
        text = Text()
        for name, error in self.failures.items():
            offline = failure_kind(error) == "offline"
            text.append(f"Cannot reach {name}" if offline else f"Cannot list the jobs of {name}", style="bold red")
            text.append(f" ({error.title.lower()})\n", style="red")
            text.append(f"{error.message}\n\n")
        working = [name for name in self.cursors if name not in self.failures]
        if working:
            text.append(f"No jobs yet in {', '.join(working)}.\n\n")
        retry = gate.countdown(now) if gate is not None and now is not None and gate.error is not None else ""
        if retry:
            text.append(retry[0].upper() + retry[1:], style="bold")
            if "now" not in retry:
                text.append(" · r retries now", style="dim")
        else:
            text.append("r retries now", style="dim")
        return text

    def status_text(self, profiles: Iterable[Profile], *, read_only: bool, gate: PollGate, now: float) -> Text:
        """The status line: read-only, each profile's state (or failure and retry countdown), the count."""
        text = Text()
        if read_only:
            text.append("READ-ONLY ", style="bold reverse")
            text.append(" ")
        for profile in profiles:
            error = self.failures.get(profile.name)
            loading = error is None and profile.name not in self.cursors
            text.append("● ", style="red" if error else "yellow" if loading else "green")
            if error is not None:  # the name only: what is wrong and when it retries must fit in 80 columns
                text.append(profile.name)
                text.append(f" {failure_kind(error)}: {error.title.lower()}, {gate.countdown(now)}", style="bold red")
            else:
                text.append(profile.describe())
                if loading:
                    text.append(" loading…", style="dim")
            text.append("   ")
        count = len(self.jobs)
        text.append(f"{count} job{'s' if count != 1 else ''}", style="bold")
        if self.updated_at is not None:
            text.append(f" · updated {self.updated_at:%H:%M:%S}", style="dim")
        return text
