"""Script runs take turns: one page run at a time in this server process, first come first served.

Streamlit runs each session's script in a thread of its own. Python runs one thread at a time
(the global interpreter lock) and, while several are runnable, hands the lock from one to
another every 5 ms. Twenty-five sessions' runs in flight at once therefore made no run faster;
each handover cost a context switch, and every run was stretched over the others' time slices.
Measured under the benchmark's crowd (25 sessions, 20 interactions each, 26 Nov 2026): taking
turns cut the server's CPU per run from 90-104 ms to 57-65 ms (system time from about 10 s to
2 s, voluntary context switches from 120,000 to 52,000) and the response p95 from 2.5-3.2 s to
0.6-0.9 s. A run now waits its turn, then has the interpreter to itself.

Work that runs long or waits on something outside the process (building a committee pack,
a scenario database that may be busy or far away) steps `aside`: it gives up its turn while it
works and queues for one again afterwards, so no one waits behind it.

A turn not granted within `WAIT_S` is not waited for any longer: the run goes ahead beside the
others (and a warning is logged), so one run that never ends cannot stop the server.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

WAIT_S = 30.0

log = logging.getLogger("gmdash")


class Turns:
    """A re-entrant, first-come-first-served turn. Only one thread holds it at a time."""

    def __init__(self, wait_s: float = WAIT_S) -> None:
        self.wait_s = wait_s
        self._lock = threading.Lock()
        self._held = False
        # Each waiter parks on a lock of its own; a release hands the turn to the oldest.
        self._queue: deque[threading.Lock] = deque()
        self._mine = threading.local()

    def _inside(self) -> bool:
        """Whether this thread is in a turn (held, or gone ahead without it)."""
        return bool(getattr(self._mine, "inside", False))

    def _take(self) -> bool:
        """Wait for the turn; False if `wait_s` passed first (the caller then goes ahead)."""
        with self._lock:
            if not self._held:
                self._held = True
                return True
            parked = threading.Lock()
            parked.acquire()
            self._queue.append(parked)
        if parked.acquire(timeout=self.wait_s):
            return True
        with self._lock:
            if parked in self._queue:
                self._queue.remove(parked)
                log.warning("a page run waited %.0f s for its turn and went ahead", self.wait_s)
                return False
        # The turn was handed over just as the wait ran out: it is ours.
        return True

    def _give(self) -> None:
        with self._lock:
            if self._queue:
                # Handed straight over: the turn stays held, by the oldest waiter now.
                self._queue.popleft().release()
            else:
                self._held = False

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the turn for the block; a thread already in one just carries on (its outermost
        block gives the turn back)."""
        if self._inside():
            yield
            return
        self._mine.owned, self._mine.inside = self._take(), True
        try:
            yield
        finally:
            self._mine.inside = False
            if self._mine.owned:
                self._mine.owned = False
                self._give()

    @contextmanager
    def aside(self) -> Iterator[None]:
        """Give the turn up for the block (long or outside work), and queue for it after."""
        if not self._inside():
            yield
            return
        if self._mine.owned:
            self._give()
        self._mine.owned, self._mine.inside = False, False
        try:
            yield
        finally:
            self._mine.owned, self._mine.inside = self._take(), True

    def waiting(self) -> int:
        """How many runs are queued for the turn now."""
        with self._lock:
            return len(self._queue)

    def held(self) -> bool:
        """Whether some run holds the turn now."""
        with self._lock:
            return self._held


# The server's one turn: app.py holds it for each page run, `shell.fragment` for a fragment's.
TURNS = Turns()
