"""``kubectl run -i`` needs a server, which the harness's real kubectl has none of: the messages kubesim prints around
an attached session are checked against the format strings compiled into the real kubectl v1.37.1 instead."""

from __future__ import annotations

from pathlib import Path

from kubesim_nb.kubectl.commands.run import ATTACH_HINT, ATTACH_WARNING, REATTACH, TERMINATED


def test_the_attached_session_messages_are_the_real_kubectls(kubectl_binary: Path) -> None:
    compiled = kubectl_binary.read_bytes()
    go_verbs = {
        REATTACH: REATTACH.format(command="%s", pod="%s", container="%s", namespace="%s"),
        TERMINATED: TERMINATED.format(namespace="%s", name="%s", reason="%s", message="%s"),
    }
    for message in (ATTACH_WARNING, ATTACH_HINT, *go_verbs.values()):
        assert message.encode() in compiled, message
