"""The searcher a long-running process uses, reloaded when a new index version is swapped in."""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.records import RecordBook
from index.search import HybridSearcher
from index.store import current_version, live_version, read_records
from ingest.embed import Embedder


class LiveIndex:
    """Holds the embedder (loaded once) and the searcher for the live index version.

    ``searcher()`` reads the index folder's CURRENT pointer, a one-line file, and loads the new
    version when an ingest has swapped one in, so a running server never needs a restart.
    Raises IndexUnavailable (with what to do) when there is no usable index.
    """

    def __init__(self, index_dir: Path, embedder: Embedder) -> None:
        self.index_dir = index_dir
        self.embedder = embedder
        self._searcher: HybridSearcher | None = None
        self._records: tuple[Path, RecordBook] | None = None
        self._lock = threading.Lock()

    def records(self) -> RecordBook:
        """Decisions and actions of the live version (no model needed to read them)."""
        current = live_version(self.index_dir)
        loaded = self._records
        if loaded is None or loaded[0] != current:
            loaded = (current, RecordBook.from_dicts(read_records(current)))
            self._records = loaded
        return loaded[1]

    def searcher(self) -> HybridSearcher:
        current = current_version(self.index_dir)
        loaded = self._searcher
        if loaded is not None and loaded.version == current:
            return loaded
        with self._lock:
            if self._searcher is None or self._searcher.version != current_version(self.index_dir):
                self._searcher = self._open()
            return self._searcher

    def _open(self) -> HybridSearcher:
        try:
            return HybridSearcher.open(self.index_dir, self.embedder)
        except FileNotFoundError:
            # an ingest swapped versions and removed the old one while we read it: read again
            return HybridSearcher.open(self.index_dir, self.embedder)
