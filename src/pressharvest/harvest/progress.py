"""Progress of a harvest: a live table on a terminal (rich), plain log lines otherwise.

Cron mails and systemd journals get one readable line per list page and per finished site; a
person at a terminal gets a bar per site that moves as pages are stored.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Protocol, Self


class Progress(Protocol):
    def site_found(self, site: str, articles: int) -> None:
        """`articles` more pages of `site` are about to be harvested."""

    def page_done(self, site: str) -> None: ...

    def say(self, text: str) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class LineProgress:
    """One line per event on stderr (or nothing when quiet)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def site_found(self, site: str, articles: int) -> None:
        return None

    def page_done(self, site: str) -> None:
        return None

    def say(self, text: str) -> None:
        if self.enabled:
            print(text, file=sys.stderr, flush=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None


class RichProgress:
    """A bar per site on a terminal; `say` lines scroll above the bars."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bars

        self._bars = Bars(
            TextColumn("{task.description:24}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._tasks: dict[str, int] = {}

    def _task(self, site: str) -> int:
        if site not in self._tasks:
            self._tasks[site] = int(self._bars.add_task(site, total=0))
        return self._tasks[site]

    def site_found(self, site: str, articles: int) -> None:
        task = self._task(site)
        total = self._bars.tasks[task].total or 0
        self._bars.update(task, total=total + articles)  # type: ignore[arg-type]

    def page_done(self, site: str) -> None:
        self._bars.advance(self._task(site))  # type: ignore[arg-type]

    def say(self, text: str) -> None:
        self._bars.console.print(text, highlight=False, markup=False)

    def __enter__(self) -> Self:
        self._bars.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bars.stop()


def progress_for(enabled: bool) -> Progress:
    """Rich bars when stderr is a terminal, plain lines otherwise, nothing when not `enabled`."""
    if enabled and sys.stderr.isatty():
        return RichProgress()
    return LineProgress(enabled)
