"""A progress bar with the time left, on stderr, for long management commands."""

import sys
import time


class Progress:
    """`show(done)` as work goes on, `finish()` at the end; the total may be 0."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.start = total, label, time.monotonic()

    def show(self, done: int) -> None:
        elapsed = time.monotonic() - self.start
        left = elapsed / done * (self.total - done) if done else 0
        filled = int(30 * done / self.total) if self.total else 30
        sys.stderr.write(
            f"\r{self.label:<9} [{'#' * filled}{'.' * (30 - filled)}] {done:>9,}/{self.total:,}"
            f"  {elapsed:5.0f}s elapsed, about {left:4.0f}s left"
        )
        sys.stderr.flush()

    def finish(self) -> None:
        self.show(self.total)
        sys.stderr.write("\n")
