"""A small in-process memo for figures derived from the data (performance tables, hotspot
analyses), keyed by what they are derived from, so a change in the data makes new keys and
old entries simply age out. Each server process computes a result once per data state, and
reads it without unpickling. Values are shared: they must not be changed by their readers.

A key made of primary keys is unique for the life of a database whose rows are never deleted
and ids never reused; a test database rolls back after each test and SQLite then gives the
next test the same ids, so the tests empty every memo before each test (`clear_all`)."""

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable

_ALL: "weakref.WeakSet[Memo[object]]" = weakref.WeakSet()


class Memo[T]:
    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        _ALL.add(self)  # type: ignore[arg-type]

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = make()  # outside the lock: two threads may both make it, harmlessly
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def clear_all() -> None:
    """Empties every memo of the process."""
    for memo in list(_ALL):
        memo.clear()
