"""A small in-process memo for figures derived from the data (performance tables, hotspot
analyses), keyed by what they are derived from, so a change in the data makes new keys and
old entries simply age out. Each server process computes a result once per data state, and
reads it without unpickling. Values are shared: they must not be changed by their readers.

A key made of primary keys is unique for the life of a database whose rows are never deleted
and ids never reused; a test database rolls back after each test and SQLite then gives the
next test the same ids, so the tests empty every memo before each test (`clear_all`).

A memo named `shared` also keeps what it makes in Django's default cache (Redis or the
database in production), so the other server processes, and a process started after a deploy,
read the result instead of working it out again; the key's `repr` names the entry there, so a
shared memo's keys are made of values whose `repr` is stable (strings, numbers, frozen
dataclasses of them). Its `version` is raised when what it makes changes shape or meaning
(a field added, a rule changed), so that a deploy never reads what the old code made.
A cache that cannot be reached is passed over: the value is worked out in the process."""

import hashlib
import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import cast

from django.core.cache import cache

logger = logging.getLogger(__name__)

# A week: a data state nobody has asked about for that long is made again if asked.
SHARED_SECONDS = 7 * 24 * 3600

_MISSING = object()

_ALL: "weakref.WeakSet[Memo[object]]" = weakref.WeakSet()


class Memo[T]:
    def __init__(self, size: int = 64, *, shared: str | None = None, version: int = 1) -> None:
        self.size = size
        self.shared = shared
        self.version = version
        self._entries: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        _ALL.add(self)  # type: ignore[arg-type]

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        # Outside the lock: two threads (or processes) may both make it, harmlessly.
        value = make() if self.shared is None else self._from_cache(key, make)
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def _from_cache(self, key: Hashable, make: Callable[[], T]) -> T:
        name = f"memo:{self.shared}:{hashlib.sha256(repr(key).encode()).hexdigest()}"
        try:
            found = cache.get(name, _MISSING, version=self.version)
        except Exception:  # a cache that is down must not take pages with it
            logger.warning("cache unreadable for memo %s: working it out here", self.shared)
            found = _MISSING
        if found is not _MISSING:
            return cast(T, found)
        value = make()
        try:
            cache.set(name, value, timeout=SHARED_SECONDS, version=self.version)
        except Exception:
            logger.warning("cache unwritable for memo %s", self.shared)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def clear_all() -> None:
    """Empties every memo of the process."""
    for memo in list(_ALL):
        memo.clear()
