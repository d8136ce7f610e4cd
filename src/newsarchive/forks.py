"""Work spread over forked processes (parsing, reprint fingerprints, rendering).

A stage sets what its workers read in a module global just before it forks (the children
inherit it copy-on-write, so a plan or an archive is never pickled) and clears it after. No
SQLite handle may be open in the parent across the fork: the stage closes its own first.
"""

from __future__ import annotations

import multiprocessing


def can_fork() -> bool:
    """Whether this platform forks (Linux does; elsewhere the stages work in-process)."""
    return "fork" in multiprocessing.get_all_start_methods()


def die_with_parent() -> None:
    """A worker must not outlive its build (a killed build leaves no workers behind)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the pool's own shutdown still ends the workers on a normal exit


def pool(workers: int):
    """A pool of ``workers`` forked processes that die with this one."""
    return multiprocessing.get_context("fork").Pool(workers, initializer=die_with_parent)
