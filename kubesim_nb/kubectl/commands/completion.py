"""``kubectl completion bash|zsh|fish|powershell``: a shell completion script (``pkg/cmd/completion``).

Real kubectl prints cobra's generated scripts, which complete ``kubectl`` by running ``kubectl __complete WORDS...``
on every TAB. Here kubectl is ``kubesim kubectl``, so the scripts complete the ``kubesim`` command the same way,
asking ``kubesim __complete WORDS...`` (answered by :mod:`..completions` through the ``kubesim`` command); the
argument checks and their messages are kubectl's.
"""

from __future__ import annotations

from ...errors import UsageError
from ..base import Command, Invocation

__all__ = ["COMMAND", "SCRIPTS", "SHELLS"]

HINT = "See 'kubectl completion -h' for help and examples"

BASH = r"""# bash completion for kubesim                                        -*- shell-script -*-
#
# Load it into this shell:       source <(kubesim kubectl completion bash)
# or into every new bash:        kubesim kubectl completion bash > ~/.kubesim-completion.bash
#                                echo 'source ~/.kubesim-completion.bash' >> ~/.bashrc
# TAB asks kubesim for the candidates ("kubesim __complete WORDS..."), as kubectl's own script asks kubectl.

__kubesim_complete()
{
    local line=${COMP_LINE:0:COMP_POINT} out directive candidate
    local -a words
    read -r -a words <<< "$line"
    [[ $line == *[[:space:]] ]] && words+=("")
    out=$("${words[0]}" __complete "${words[@]:1}" 2>/dev/null) || return
    directive=${out##*:}
    COMPREPLY=()
    while IFS= read -r candidate; do
        [[ -n $candidate ]] && COMPREPLY+=("$candidate")
    done <<< "${out%:*}"
    if [[ ${#COMPREPLY[@]} -eq 0 && $(( directive & 4 )) -eq 0 ]]; then
        COMPREPLY=($(compgen -f -- "${words[${#words[@]}-1]}"))
    fi
}
complete -F __kubesim_complete kubesim
"""

ZSH = r"""#compdef kubesim
# zsh completion for kubesim. Load it into this shell:   source <(kubesim kubectl completion zsh)
# TAB asks kubesim for the candidates ("kubesim __complete WORDS..."), as kubectl's own script asks kubectl.

_kubesim()
{
    local -a lines candidates
    lines=("${(@f)$(${words[1]} __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    local directive=${lines[-1]#:}
    candidates=("${(@)lines[1,-2]}")
    if (( ${#candidates} )); then
        compadd -- "${(@)candidates}"
    elif (( (directive & 4) == 0 )); then
        _files
    fi
}
compdef _kubesim kubesim
"""

FISH = r"""# fish completion for kubesim. Load it into this shell:   kubesim kubectl completion fish | source
# TAB asks kubesim for the candidates ("kubesim __complete WORDS..."), as kubectl's own script asks kubectl.

function __kubesim_complete
    set -l words (commandline -opc) (commandline -ct)
    for line in (command $words[1] __complete $words[2..-1] 2>/dev/null)
        string match -q -r '^:[0-9]+$' -- $line; or echo $line
    end
end
complete -c kubesim -f -a '(__kubesim_complete)'
"""

POWERSHELL = r"""# PowerShell completion for kubesim. Load it into this shell:
#   kubesim kubectl completion powershell | Out-String | Invoke-Expression
# TAB asks kubesim for the candidates ("kubesim __complete WORDS..."), as kubectl's own script asks kubectl.

Register-ArgumentCompleter -Native -CommandName kubesim -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)
    $words = @($CommandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
    if ($WordToComplete -eq '') { $words += '' }
    & kubesim __complete @words 2>$null | Where-Object { $_ -notmatch '^:\d+$' } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH, "powershell": POWERSHELL}
SHELLS = tuple(SCRIPTS)

HELP = """Output shell completion code for the specified shell (bash, zsh, fish, or powershell). The shell code must be
evaluated to provide interactive completion of kubesim kubectl commands."""

EXAMPLES = """  # Load the completion code for bash into the current shell
  source <(kubesim kubectl completion bash)

  # Load the completion code for zsh into the current shell
  source <(kubesim kubectl completion zsh)

  # Load the completion code for fish into the current shell
  kubesim kubectl completion fish | source

  # Load the completion code for powershell into the current shell
  kubesim kubectl completion powershell | Out-String | Invoke-Expression"""

USAGE = "kubectl completion SHELL [options]"


def run(inv: Invocation) -> int:
    args = inv.args.positional
    if not args:
        raise UsageError("Shell not specified.", hint=HINT)
    if len(args) > 1:
        raise UsageError("Too many arguments. Expected only the shell type.", hint=HINT)
    if args[0] not in SCRIPTS:
        raise UsageError(f'Unsupported shell type "{args[0]}".', hint=HINT)
    inv.out.raw(SCRIPTS[args[0]])
    return 0


COMMAND = Command(
    "completion",
    "Output shell completion code for the specified shell (bash, zsh, fish, or powershell)",
    HELP,
    [],
    run,
    examples=EXAMPLES,
    usage=USAGE,
    kubeconfig_use="none",
)
