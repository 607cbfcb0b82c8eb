"""The main screen's part for hosted datasets: list every profile's uploaded files, download one to open it."""

from __future__ import annotations

from functools import partial

from textual import on, work

from ftui.launch.hosted import cache_path
from ftui.providers.errors import AuthError, ProviderError, UnavailableError
from ftui.providers.records import RemoteFile
from ftui.tui.messages import RemoteFileReady, RemoteFilesLoaded
from ftui.tui.panes.datasets import DatasetsPane
from ftui.tui.panes.datasets_browser import FileBrowser
from ftui.tui.polling import Notices, read, take_notices
from ftui.tui.screens.base import JobActionsScreen


class HostedDatasets(JobActionsScreen):
    """Lists the profiles' uploaded datasets for the datasets pane's browser; downloads the one chosen."""

    @work(thread=True, exclusive=True, group="remote-files", exit_on_error=False)
    def load_remote_files(self) -> None:
        """List every profile's uploaded datasets for the datasets pane's browser."""
        session = self.services.session
        for profile in session.profiles:
            try:
                files = read(partial(self._files, profile.name), f"Listing the files of {profile.name}", first=True)
            except ProviderError as error:
                if not isinstance(error, (UnavailableError, AuthError)):  # those the jobs line shows already
                    self.app.notify(
                        f"{error.message} Uploaded datasets of {profile.name} are not listed.",
                        title=error.title,
                        severity="warning",
                        timeout=8,
                    )
                continue
            finally:
                self.post_message(Notices(profile.name, self._notices_of(profile.name), "files"))
            self.post_message(RemoteFilesLoaded(profile.name, files))

    @work(thread=True, exclusive=True, group="download", exit_on_error=False)
    def download(self, profile: str, file: RemoteFile) -> None:
        """Fetch a remote dataset into the cache (reusing a complete earlier copy)."""
        dest = cache_path(profile, file)
        if not (dest.is_file() and (file.bytes is None or dest.stat().st_size == file.bytes)):
            self.app.notify(f"Downloading {file.filename or file.id} from {profile}…", timeout=3)
            try:
                read(
                    lambda: self.services.session.provider(profile).download_file(file, dest), "Downloading", first=True
                )
            except ProviderError as error:
                self.app.notify(error.message, title=f"Could not download {file.filename}", severity="error")
                return
            finally:
                self.post_message(Notices(profile, self._notices_of(profile), "download"))
        self.post_message(RemoteFileReady(dest))

    def _files(self, profile: str) -> list[RemoteFile]:
        return self.services.session.provider(profile).list_files()

    def _notices_of(self, profile: str) -> list[str]:
        """What ``profile``'s provider noticed since last asked (none when it was never built)."""
        return take_notices(self.services.session.providers.get(profile))

    # -- the datasets pane's browser and downloads ---------------------------------
    @on(RemoteFilesLoaded)
    def _remote_files(self, message: RemoteFilesLoaded) -> None:
        self.query_one(DatasetsPane).query_one(FileBrowser).set_remote(message.profile, message.files)

    @on(DatasetsPane.RemoteChosen)
    def _remote_chosen(self, message: DatasetsPane.RemoteChosen) -> None:
        self.download(message.profile, message.file)

    @on(RemoteFileReady)
    def _remote_ready(self, message: RemoteFileReady) -> None:
        self.query_one(DatasetsPane).open(message.path)
