"""The state file: atomic replace, no partial writes, clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kubesim_nb import Cluster, StateFileError
from kubesim_nb.statefile import StateFile


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    state = StateFile(tmp_path / "s.json")
    cluster = Cluster(seed=4)
    cluster.kubectl("create deployment web --image=nginx --replicas=2")
    state.save(cluster)
    loaded = state.load()
    assert loaded.kubectl("get pods").stdout == cluster.kubectl("get pods").stdout


def test_failed_write_leaves_previous_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = StateFile(tmp_path / "s.json")
    state.save(Cluster(seed=1))
    before = (tmp_path / "s.json").read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        state.save(Cluster(seed=2))
    assert (tmp_path / "s.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_unreadable_state_raises_state_file_error(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"version": 1, "objects": 5}')
    with pytest.raises(StateFileError) as err:
        StateFile(path).load()
    assert "cannot be used" in err.value.message and path.read_text() == '{"version": 1, "objects": 5}'


def test_missing_state_means_no_cluster_yet(tmp_path: Path) -> None:
    assert StateFile(tmp_path / "nothing.json").load() is None
