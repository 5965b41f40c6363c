"""Watching a project's sources for `serve`: each batch of saves is a new generation of the
sources, and every thread waiting for one is woken.

Two watchers (watchfiles, on the operating system's notifications): one on the source folders,
one on the project folder itself, for utlatande.toml and for a source folder that appears or
goes (approvals/ is made by the first approval), after which the first watches the new set.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from watchfiles import Change, watch

from generator.sources.boundary import SOURCE_FOLDERS
from generator.where import FILE

#: The folders whose files a document or its problems can depend on, and the settings file.
WATCHED = SOURCE_FOLDERS
SETTINGS = FILE
#: Changes are gathered until none has come for STEP ms (at most DEBOUNCE ms), so that an
#: editor's save (often a write, a rename and a chmod) is one generation.
STEP = 50
DEBOUNCE = 300
#: How often, in ms, a watcher looks whether it is asked to stop.
TIMEOUT = 200


def sources_state(root: Path) -> str:
    """A digest of every watched file's name, size and time of change: it differs as soon as a
    file is saved, before the watcher has told of it."""
    digest = hashlib.sha256()
    for folder in (*WATCHED, SETTINGS):
        path = root / folder
        if path.is_file():
            stat = path.stat()
            digest.update(f"{folder}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            continue
        for directory, folders, files in os.walk(path):
            folders.sort()
            for name in sorted(files):
                try:
                    stat = os.stat(os.path.join(directory, name))
                except OSError:
                    continue
                digest.update(f"{directory}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class Generations:
    """The number of the sources' current generation, which threads can wait on."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self.number = 0
        self.closed = False

    def bump(self) -> None:
        with self._condition:
            self.number += 1
            self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()

    def wait(self, seen: int, timeout: float) -> int | None:
        """The current number once it is not `seen` (or `timeout` seconds passed); None once closed."""
        with self._condition:
            self._condition.wait_for(lambda: self.closed or self.number != seen, timeout)
            return None if self.closed else self.number


class _Either:
    """Set when either event is: what watchfiles polls to know when to stop."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


class Watcher:
    """Bumps `generations` whenever a source of the project in `root` changes."""

    def __init__(self, root: Path, generations: Generations) -> None:
        self.root = root
        self.generations = generations
        self._stop = threading.Event()
        self._folders_changed = threading.Event()
        self._threads = [threading.Thread(target=self._watch_folders, name="watch-sources", daemon=True),
                         threading.Thread(target=self._watch_root, name="watch-project", daemon=True)]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)

    def _watch_root(self) -> None:
        names = {*WATCHED, SETTINGS}
        for changes in self._changes([self.root], recursive=False, stop=self._stop):
            changed = {Path(path).name for _, path in changes} & names
            if changed - {SETTINGS}:
                self._folders_changed.set()
            if changed:
                self.generations.bump()

    def _watch_folders(self) -> None:
        while not self._stop.is_set():
            self._folders_changed.clear()
            folders = [self.root / name for name in WATCHED if (self.root / name).is_dir()]
            if not folders:
                self._folders_changed.wait(TIMEOUT / 1000)
                continue
            for changes in self._changes(folders, recursive=True, stop=_Either(self._stop, self._folders_changed)):
                if changes:
                    self.generations.bump()
            self.generations.bump()  # the folders themselves changed: look again at everything

    def _changes(self, paths: list[Path], recursive: bool,
                 stop: threading.Event | _Either) -> Iterator[set[tuple[Change, str]]]:
        """watchfiles' batches of changes; where the system's notifications fail (a folder gone
        meanwhile, the limit of watches reached), it polls instead."""
        polling = False
        while not stop.is_set():
            try:
                yield from watch(*paths, recursive=recursive, stop_event=stop, step=STEP, debounce=DEBOUNCE,
                                 rust_timeout=TIMEOUT, force_polling=polling, raise_interrupt=False)
                return
            except (OSError, RuntimeError):
                if not all(path.is_dir() for path in paths):
                    return  # a folder went: the caller looks again at which there are
                polling = True
                self._stop.wait(TIMEOUT / 1000)
