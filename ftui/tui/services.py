"""What screens and panes use of the app, typed: the session, the config, read-only, the clock.

The app builds one :class:`Services` and hands it to every screen it builds (panes find their
screen's with :func:`services_of`), so no screen reaches into the app untyped.
The session may come later than the first frame: the app paints first and builds the
session (SDK imports, the demo emulator) in a thread worker, then :meth:`Services.attach`
es it; screens that need it are built only after that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from textual.dom import DOMNode
from textual.notifications import SeverityLevel

from ftui.config import Config
from ftui.session import Session

Progress = dict[tuple[str, str], tuple[int, int | None]]
"""Latest (step, total steps) by job key (profile, id)."""


class Notify(Protocol):
    """Show a notification (the signature of :meth:`textual.app.App.notify`)."""

    def __call__(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notify."""


def utc_now() -> datetime:
    """The current time (the default clock)."""
    return datetime.now(UTC)


@dataclass
class Services:
    """The app's services for screens: built once by the app, shared by every screen."""

    config: Config
    """Settings from the config file (tests may replace it while the app runs)."""
    read_only: bool
    """Refuse cancel, pause, resume, launch, uploads and file writes (``--read-only`` or config)."""
    notify: Notify
    """Show a notification (the app's)."""
    now: Callable[[], datetime] = utc_now
    """The current time (fixed by snapshot tests and the screenshot script)."""
    progress: Progress = field(default_factory=dict)
    """Latest (step, total steps) of the jobs followed this run, for the jobs table."""
    _session: Session | None = None

    @property
    def session(self) -> Session:
        """The profiles and providers of this run (:class:`RuntimeError` while it is still starting)."""
        if self._session is None:
            raise RuntimeError("ftui is still starting: the session is not built yet")
        return self._session

    @property
    def ready(self) -> bool:
        """Whether the session is built."""
        return self._session is not None

    def attach(self, session: Session) -> None:
        """The session, once built (the app calls this on the main thread)."""
        self._session = session

    def refuse_if_read_only(self, what: str) -> bool:
        """Say so and return True when ``what`` is not allowed because ftui is read-only."""
        if self.read_only:
            self.notify(
                f"ftui is read-only: {what} is turned off (--read-only or read_only in the config).",
                title="Read-only",
                severity="warning",
            )
        return self.read_only


def services_of(node: DOMNode) -> Services:
    """The services of the screen ``node`` is on (for panes); :class:`LookupError` on a screen without them."""
    found = getattr(node.screen, "services", None)
    if isinstance(found, Services):
        return found
    raise LookupError(f"{type(node.screen).__name__} was built without ftui's services")


def app_services(node: DOMNode) -> Services:
    """The services of the app ``node`` runs in (for screens built without them); :class:`LookupError` if none."""
    found = getattr(node.app, "services", None)
    if isinstance(found, Services):
        return found
    raise LookupError(f"{type(node.app).__name__} has no ftui services")
