"""Forked children that do not outlive the process that forked them."""

from __future__ import annotations

import contextlib
import os
import signal

PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent ends


def end_with_parent(parent: int) -> None:
    """In a child just forked by `parent`: the end of the parent (killed, even by SIGKILL, which
    runs no clean-up) ends the child too (Linux's PR_SET_PDEATHSIG; elsewhere nothing is set)."""
    import ctypes  # here, in the child: the parent (and `hrgraph --help`) need not load it

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before that was set
        os._exit(1)
