"""kubesim-nb's behavioural grader for the *Try With AI* assignment (``kubesim-grade``, nbgrader's judge).

The nbgrader course that uses it lives at the repository root in ``autograder/``
(``nbgrader_config.py``, ``source/try-with-ai/``, and ``README.md`` for
instructors). The modules, by layer (each imports only those above it):

- ``results.py`` — check and part results, as JSON and as feedback text/HTML; a student's status (graded;
  missing, refused or unreadable; grading error);
- ``submission.py`` — reading untrusted notebooks and answers (YAML, ``name = value`` cells) under limits, never
  running them;
- ``probes.py`` — curl from a Pod or the laptop, name lookups, through the simulator's data plane;
- ``scenario.py`` — the seeded clusters exercises are judged on, built once and copied per answer;
- ``checks.py`` — the checks (behaviour on a cluster, and rubric), each giving found / expected / hint;
- ``exercises.py`` — the exercises as data: scenario, answer kind, checks and points;
- ``grading.py`` — ``grade(exercise, answer)``: one answer, bounded in time, never raising;
- ``assignment.py`` — the nbgrader notebook's parts and cell ids;
- ``collection.py`` — finding the students of a ``submitted/`` folder and reading their notebooks as files from
  strangers (no links, pipes or devices; bounded size), the one reader both grading paths use;
- ``spreadsheet.py`` — CSV files safe to open in a spreadsheet (no cell runs as a formula);
- ``judge.py`` — grading a notebook's answer cells in a separate bounded process;
- ``nbgrader_plugins.py`` — the preprocessors and export plugin ``autograder/nbgrader_config.py`` installs;
- ``notebook.py`` — what the learner's notebook calls (``start()``, public ``check(part)``);
- ``batch.py`` — parallel grading of files and ``submitted/`` folders;
- ``report.py`` — the instructor's class report: pass rates, misconceptions, score charts;
- ``cli.py`` — ``kubesim-grade``, the command line over ``batch.py`` and ``report.py``.

Importing ``kubesim_nb`` does not import this package; the grader starts its
own clusters through :class:`kubesim_nb.cluster.Cluster`.
"""
