"""Fault drills: a Service broken in a way the learner was not told about, and the checklist to find it.

- :mod:`.faults` — the drill's app (a backend, its Service, a neighbour, a frontend that calls it) and the faults
  that can be planted in it, each with the cause a learner names;
- :mod:`.diagnosis` — the behavioural check: does the frontend reach the backend, and where does its request die;
- :mod:`.ladder` — the *Debug Services* ladder, ticked from what the learner's commands did;
- :mod:`.drill` — one drill: a seeded cluster with one fault, the learner's named cause, the check, the ladder.

The widget over them is :class:`kubesim_nb.widgets.drill.FaultDrill`. Importing this package does not import
ipywidgets.
"""

from .drill import Drill, fault_for
from .faults import CAUSES, FAULTS
from .ladder import Ladder

__all__ = ["CAUSES", "FAULTS", "Drill", "Ladder", "fault_for"]
