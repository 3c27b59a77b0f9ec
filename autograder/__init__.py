"""kubesim-nb's behavioural autograder and the nbgrader course for the *Try With AI* assignment.

This folder is both a Python package and an nbgrader course root
(``nbgrader_config.py``, ``source/try-with-ai/``). The package, by layer:

- ``exercises.py`` — the exercises as data: scenario, answer kind, checks and points;
- ``checks.py`` — the checks (behaviour on a cluster, and rubric), each giving found / expected / hint;
- ``scenario.py`` — the seeded clusters exercises are judged on, built once and copied per answer;
- ``probes.py`` — curl from a Pod or the laptop, name lookups, through the simulator's data plane;
- ``submission.py`` — reading untrusted answers (YAML, ``name = value`` cells) under limits, never running them;
- ``grading.py`` — ``grade(exercise, answer)``: one answer, bounded in time, never raising;
- ``results.py`` — check and part results, as JSON and as feedback text/HTML;
- ``assignment.py`` — the nbgrader notebook's parts and cell ids;
- ``judge.py`` — grading a notebook's answer cells in a separate bounded process;
- ``nbgrader_plugins.py`` — the preprocessors and export plugin ``nbgrader_config.py`` installs;
- ``notebook.py`` — what the learner's notebook calls (``start()``, public ``check(part)``);
- ``batch.py``, ``cli.py`` — ``kubesim-grade``: parallel grading of files and ``submitted/`` folders.

See ``README.md`` here for instructors, and why verdicts are computed outside the learner's kernel.
"""

from .exercises import EXERCISES
from .grading import grade
from .results import CheckResult, PartResult

__all__ = ["CheckResult", "EXERCISES", "PartResult", "grade"]
