"""kubectl's commands, one module each, as kubectl's own ``pkg/cmd/<command>``.

Every module declares one ``COMMAND`` (:class:`kubesim_nb.kubectl.base.Command`):
its name, summary, help, flags and run function. :mod:`kubesim_nb.kubectl`
collects them and dispatches a command line to one.
"""
