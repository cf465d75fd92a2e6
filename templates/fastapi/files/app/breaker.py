"""A consecutive-failure circuit breaker: closed -> open (after N failures) -> half-open (one trial)."""

from __future__ import annotations

import time
from collections.abc import Callable


class CircuitBreaker:
    def __init__(
        self, failures: int, reset_s: float, clock: Callable[[], float] = time.monotonic, on_change: Callable[[bool], None] | None = None
    ) -> None:
        self.threshold = failures
        self.reset_s = reset_s
        self.clock = clock
        self.on_change = on_change
        self.failures = 0
        self.opened_at: float | None = None
        self.trial_in_flight = False

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock() - self.opened_at >= self.reset_s else "open"

    def retry_after(self) -> float:
        if self.opened_at is None:
            return 0.0
        return max(0.0, self.reset_s - (self.clock() - self.opened_at))

    def allow(self) -> bool:
        """True when a call may go through (closed, or the single half-open trial)."""
        state = self.state
        if state == "closed":
            return True
        if state == "half-open" and not self.trial_in_flight:
            self.trial_in_flight = True
            return True
        return False

    def success(self) -> None:
        self.failures = 0
        self.trial_in_flight = False
        if self.opened_at is not None:
            self.opened_at = None
            if self.on_change:
                self.on_change(False)

    def failure(self) -> None:
        self.trial_in_flight = False
        self.failures += 1
        if self.opened_at is not None or self.failures >= self.threshold:
            was_open = self.opened_at is not None
            self.opened_at = self.clock()
            if not was_open and self.on_change:
                self.on_change(True)

    def release(self) -> None:
        """A call that ended without saying anything about the upstream (cancelled, client error)."""
        self.trial_in_flight = False
