"""The persistent cluster of the ``kubesim`` command: one JSON file, locked and replaced atomically.

Each ``kubesim`` process takes an exclusive lock (``<state>.lock``), loads the
cluster, runs one command and writes the new state to a temporary file in the
same folder before ``os.replace`` — so concurrent commands serialise, and a
process killed mid-write leaves the previous state intact. A file that cannot
be read (corrupt, or from an incompatible version) is reported and kept as it
is; only ``kubesim reset`` replaces it, keeping a ``.bak`` copy.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from .cluster import Cluster
from .errors import StateFileError

__all__ = ["StateFile", "default_state_path"]

LOCK_TIMEOUT_SECONDS = 60


def default_state_path() -> Path:
    configured = os.environ.get("KUBESIM_STATE")
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".kubesim" / "state.json"


class StateFile:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_state_path()
        self.lock = FileLock(str(self.path) + ".lock")

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._acquire()
        try:
            yield
        finally:
            self.lock.release()

    @contextlib.contextmanager
    def unlocked(self) -> Iterator[None]:
        """Inside :meth:`locked`, let other kubesim commands take the lock for a while (save first, load after)."""
        self.lock.release()
        try:
            yield
        finally:
            self._acquire()

    def _acquire(self) -> None:
        try:
            self.lock.acquire(timeout=LOCK_TIMEOUT_SECONDS)
        except Timeout:
            raise StateFileError(
                f"another kubesim command has held {self.path}.lock for {LOCK_TIMEOUT_SECONDS}s; try again"
            ) from None

    def load(self) -> Cluster | None:
        """The saved cluster, ``None`` if there is none yet; a bad file raises (and is left alone)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as err:
            raise self._unusable(str(err)) from None
        try:
            return Cluster.loads(text)
        except StateFileError as err:
            raise self._unusable(err.message) from None

    def _unusable(self, why: str) -> StateFileError:
        return StateFileError(
            f"the kubesim state file {self.path} cannot be used: {why}.\n"
            "It has been left as it is. Run 'kubesim reset' to start a new cluster "
            f"(the old file is kept as {self.path.name}.bak)."
        )

    def save(self, cluster: Cluster) -> None:
        text = cluster.dumps()
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def backup_existing(self) -> Path | None:
        if self.path.exists():
            backup = self.path.with_name(self.path.name + ".bak")
            os.replace(self.path, backup)
            return backup
        return None
