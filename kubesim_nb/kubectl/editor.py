"""The learner's own editor on a temporary file, as ``k8s.io/kubectl/pkg/cmd/util/editor/editor.go`` runs it.

``KUBE_EDITOR``, else ``EDITOR``, else ``vi``: a command without spaces runs as it is, one with spaces is
split on them, and one with quotes or backslashes runs through ``$SHELL -c`` (``/bin/bash`` by default).
The editor inherits the terminal. Only a front end on a terminal uses it (``kubesim kubectl edit``).
"""

from __future__ import annotations

import os
import subprocess
import tempfile

from ..errors import UsageError

__all__ = ["edit_in_editor", "editor_command"]

DEFAULT_EDITOR = "vi"
DEFAULT_SHELL = "/bin/bash"


def editor_command(environ: dict[str, str]) -> tuple[list[str], bool]:
    """``defaultEnvEditor``: the command line to run, and whether it runs through the shell."""
    editor = environ.get("KUBE_EDITOR") or environ.get("EDITOR") or DEFAULT_EDITOR
    if " " not in editor:
        return [editor], False
    if not any(char in editor for char in "\"'\\"):
        return editor.split(" "), False
    return [environ.get("SHELL") or DEFAULT_SHELL, "-c", editor], True


def edit_in_editor(text: str, suffix: str) -> tuple[str, str]:
    """``LaunchTempFile``: ``text`` in a new ``kubectl-edit-*`` file, opened in the editor; returns the
    file's text once the editor exits, and the file's path (kubectl keeps the file when an edit fails)."""
    handle, path = tempfile.mkstemp(prefix="kubectl-edit-", suffix=suffix)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    command, shell = editor_command(dict(os.environ))
    # Editor.args: through the shell the quoted file name ends the command string, else it is one more argument
    argv = command[:-1] + [f'{command[-1]} "{path}"'] if shell else command + [path]
    try:
        done = subprocess.run(argv, check=False)
    except OSError:
        raise UsageError(f'unable to launch the editor "{" ".join(command)}"') from None
    if done.returncode != 0:
        raise UsageError(f'there was a problem with the editor "{" ".join(command)}"')
    with open(path, encoding="utf-8") as file:
        return file.read(), path
