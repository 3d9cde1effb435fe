"""A small in-process memo for figures derived from the data (performance tables, hotspot
analyses), keyed by what they are derived from, so a change in the data makes new keys and
old entries simply age out. Each server process computes a result once per data state, and
reads it without unpickling. Values are shared: they must not be changed by their readers."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class Memo[T]:
    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

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
