"""How kubectl prints an error: the text of ``cmdutil.CheckErr`` for the domain's errors.

Mirrors ``k8s.io/kubectl/pkg/cmd/util/helpers.go``: ``checkErr`` (an Invalid
status lists its field causes; another status is ``StandardErrorMessage``'s
``Error from server (<Reason>): <message>``; any other error is
``error: <message>``), ``MultipleErrors`` (an aggregate prints one line per
error, without the ``error: `` prefix) and ``AddSourceToErr`` (a server error
names the file it came from). The errors themselves are :mod:`kubesim_nb.errors`;
every front door (kubectl, ``kubesim``, the data plane's shells) prints them
through here.
"""

from __future__ import annotations

from typing import Sequence

from ..errors import ApiError, KubeSimError, StateFileError, UsageError
from .result import Output

__all__ = ["add_source_to_err", "check_err", "error_message", "print_errors", "status_message"]


def status_message(err: ApiError) -> str:
    """``StandardErrorMessage`` of an API status: ``Error from server (<Reason>): <message>``."""
    return f"Error from server ({err.reason}): {err.message}"


def _invalid_message(err: ApiError) -> str:
    """An Invalid status: ``The <Kind> "<name>" is invalid: `` and its causes (``MultilineError``)."""
    heading = f'The {err.kind.split(".")[0]} "{err.name}" is invalid: '
    if len(err.causes) == 1:
        return heading + err.causes[0].render()
    return "\n".join([heading] + [f"* {cause.render()}" for cause in err.causes])


def error_message(err: KubeSimError) -> str:
    """What ``checkErr`` prints for one error (without the final newline)."""
    if isinstance(err, ApiError):
        return _invalid_message(err) if err.reason == "Invalid" and err.causes else status_message(err)
    if isinstance(err, (UsageError, StateFileError)):
        hint = getattr(err, "hint", None)
        return f"error: {err.message}" + (f"\n{hint}" if hint else "")
    return err.message  # errors whose message is already kubectl's complete text (exec, port-forward)


def check_err(errors: Sequence[KubeSimError]) -> list[str]:
    """The lines ``checkErr`` prints for the errors a command collected: one error alone as
    :func:`error_message`; several as ``MultipleErrors`` does, an API error as its status line
    (Invalid included) and any other error as its bare message."""
    if len(errors) == 1:
        return [error_message(errors[0])]
    # MultipleErrors prints each message and a newline: one that ends in a newline leaves a blank line
    lines = [status_message(err) if isinstance(err, ApiError) else err.message for err in errors]
    return [line + "\n" if line.endswith("\n") else line for line in lines]


def print_errors(out: Output, errors: Sequence[KubeSimError]) -> None:
    """Print what a command collected while it went on (``ContinueOnError``), as :func:`check_err` says."""
    for line in check_err(errors):
        out.err(line)


def add_source_to_err(verb: str, source: str, err: KubeSimError) -> KubeSimError:
    """``AddSourceToErr``: a server error about an object read from ``source`` says so
    (``error when creating "web.yaml": ...``). Client errors already name their source."""
    if not isinstance(err, ApiError) or not source:
        return err
    return ApiError(
        err.reason,
        f'error when {verb} "{source}": {err.message}',
        code=err.code,
        kind=err.kind,
        name=err.name,
        causes=err.causes,
    )
