"""``kubesim path``: the last curl/wget request, hop by hop, in a terminal."""

from __future__ import annotations

from pathlib import Path

from .test_cli import kubesim


def test_kubesim_path_follows_the_saved_request(tmp_path: Path) -> None:
    state = tmp_path / "cluster.json"
    assert (
        kubesim(["path"], state).stderr
        == "error: no request yet: run curl or wget (in a Pod, or on your computer) first\n"
    )
    kubesim(["kubectl", "create", "deployment", "web", "--image=nginx", "--replicas=2"], state)
    kubesim(["kubectl", "expose", "deployment", "web", "--port=80"], state)
    kubesim(["kubectl", "run", "client", "--image=alpine", "--", "sleep", "infinity"], state)
    kubesim(["kubectl", "exec", "client", "--", "wget", "-qO-", "http://web/"], state)
    kubesim(["kubectl", "exec", "client", "--", "wget", "-qO-", "http://wbe/"], state)
    text = kubesim(["path"], state).stdout
    assert text.startswith("request #2: ✕ died at DNS: wbe does not resolve.")
    assert "kube-proxy's rules on node docker-desktop now" in text
    first = kubesim(["path", "1"], state).stdout
    assert first.startswith("request #1: ✓ HTTP 200 OK from Pod default/web-")
    assert "> -A KUBE-SERVICES -d 10." in first and 'comment --comment "default/web cluster IP"' in first
    assert kubesim(["path", "list"], state).stdout.splitlines()[1] == (
        "#2 wget http://wbe/ from Pod client: ✕ died at DNS"
    )
