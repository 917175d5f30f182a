"""The live server's worker processes, read from /proc."""

from __future__ import annotations

from pathlib import Path


def worker_pids(master: int) -> list[int]:
    """Return the pids of the processes whose parent is ``master``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids
