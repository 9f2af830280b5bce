"""Work done beside the build's next stages: a function run in a thread, worth it where the work
lets go of Python's lock while it runs (Oxigraph loading a store), its error raised where it is
waited for."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

Result = TypeVar("Result")


class Beside(Generic[Result]):
    """`work()` running in a thread of its own from the moment this is made."""

    def __init__(self, work: Callable[[], Result], name: str) -> None:
        self._work = work
        self._result: Result | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._work()
        except BaseException as error:  # raised again by wait(), in the thread that waits
            self._error = error

    def join(self) -> None:
        """Wait for the work to end, its error (if any) left for `wait`."""
        self._thread.join()

    def wait(self) -> Result:
        """The work's result once it is done; its error, if it failed, raised here."""
        self.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._result  # type: ignore[return-value]


@contextmanager
def beside(work: Callable[[], Result], name: str) -> Iterator[Beside[Result]]:
    """`work()` started in a thread, waited for when the block ends however it ends (so that it
    writes nothing into what the block's end removes); its error raised then if not yet."""
    running = Beside(work, name)
    try:
        yield running
    except BaseException:
        running.join()  # the block's own error is the one to report
        raise
    running.wait()
