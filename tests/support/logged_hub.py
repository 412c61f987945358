"""``workstation-hub serve`` as a child process whose log is kept in a file, optionally with
fewer file descriptors: for tests that look at what the hub writes to its log under abuse."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def logged_hub(db: Path, log: Path, descriptors: int | None = None,
               args: tuple[str, ...] = ()) -> Iterator[str]:
    """Serve ``db`` on a free port (more ``serve`` options in ``args``), standard error into
    ``log``; yields the URL."""

    def limit() -> None:
        if descriptors is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, descriptors))

    with log.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(db),
             "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=stderr, text=True, preexec_fn=limit,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdout is not None
        try:
            line = proc.stdout.readline()
            assert line.startswith("listening on ws://"), f"hub did not start: {line!r}"
            yield line.split()[-1]
        finally:
            proc.terminate()
            proc.wait(10)
            proc.stdout.close()
