"""Same seed and commands, same output; a saved cluster continues exactly as the original."""

from __future__ import annotations

from pathlib import Path

from kubesim_nb import Cluster

COMMANDS = [
    "apply -f web-deployment.yaml",
    "get pods -o wide",
    "apply -f web-service-clusterip.yaml",
    "get svc",
    "get endpoints",
    "delete pod -l app=web --wait=false",
    "get pods -o wide",
    "apply -f web-service-nodeport.yaml",
    "get svc web-service -o yaml",
    "scale deployment web-deployment --replicas=5",
    "get endpointslices",
    "run crash --image=busybox --restart=Always -- sh -c 'exit 3'",
    "get pods",
    "describe endpoints web-service",
]


def _run(seed: int, lesson_dir: Path, persist: bool = False) -> list[str]:
    cluster = Cluster(seed=seed)
    outputs = []
    for command in COMMANDS:
        if persist:
            cluster = Cluster.loads(cluster.dumps())
        outputs.append(cluster.kubectl(command, cwd=str(lesson_dir)).output)
    return outputs


def test_same_seed_same_output(lesson_dir: Path) -> None:
    assert _run(11, lesson_dir) == _run(11, lesson_dir)


def test_different_seed_different_names(lesson_dir: Path) -> None:
    assert _run(11, lesson_dir)[1] != _run(12, lesson_dir)[1]


def test_save_and_load_between_commands_changes_nothing(lesson_dir: Path) -> None:
    assert _run(5, lesson_dir, persist=True) == _run(5, lesson_dir)
