"""The shell inside Pods and on the laptop, split as mvdan.cc/sh splits it (one concern per module).

- :mod:`.syntax` — lexer, AST and parser of the command line.
- :mod:`.expand` — word expansion: quotes, ``$VAR``, ``$(...)``, field splitting.
- :mod:`.arith` — ``$(( ... ))``: parse and evaluate shell arithmetic.
- :mod:`.interp` — the interpreter: lists, pipelines, loops, redirections, running programs.
- :mod:`.builtins` — cd, export, exit, kill, type...
- :mod:`.dialect` — what differs between ash, dash, bash and zsh (messages, prompts, arithmetic).
- :mod:`.control` — streams and the ways a command ends early, shared by the modules above.

The sessions a learner talks to (``PodShell``, ``HostShell``, ``exec_command``) are in
:mod:`kubesim_nb.network.shell`.
"""
