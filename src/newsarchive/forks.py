"""Work spread over forked processes (parsing, reprint fingerprints, rendering).

A stage hands ``pool`` the job its workers read (``job()`` in a worker): it is set before the
fork and cleared after, so the children inherit it copy-on-write and a plan or an archive is
never pickled. No SQLite handle may be open in the parent across the fork: the stage closes its
own first.
"""

from __future__ import annotations

import contextlib
import multiprocessing

_JOB: object = None


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


@contextlib.contextmanager
def pool(workers: int, job: object = None):
    """A pool of ``workers`` forked processes that die with this one and read ``job`` (``job()``)."""
    global _JOB
    _JOB = job
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=die_with_parent) as forked:
            yield forked
    finally:
        _JOB = None


def job():
    """In a forked worker: the job its pool was given."""
    return _JOB
