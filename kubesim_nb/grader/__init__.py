"""kubesim-nb's behavioural grader for the *Try With AI* assignment (``kubesim-grade``, nbgrader's judge).

An nbgrader course that uses it is a folder of the instructor's own, made by
``kubesim-course init`` (``kubesim_nb/course/``); ``autograder/README.md`` is
the instructor's guide. The modules, by layer (each imports only those above it):

- ``results.py`` — check and part results, as JSON and as feedback text/HTML; a student's status (graded;
  missing, refused or unreadable; grading error);
- ``submission.py`` — reading untrusted notebooks and answers (YAML, ``name = value`` cells) under limits, never
  running them;
- ``probes.py`` — curl from a Pod or the laptop, name lookups, through the simulator's data plane;
- ``scenario.py`` — the seeded clusters exercises are judged on, built once and copied per answer;
- ``checks.py`` — the checks (behaviour on a cluster, and rubric), each giving found / expected / hint;
- ``exercises.py`` — the exercises as data: scenario, answer kind, checks and points;
- ``grading.py`` — ``grade(exercise, answer)``: one answer, bounded in time, never raising;
- ``assignment.py`` — the nbgrader notebook's parts and cell ids (``Assignment``: names, parts);
- ``grading_file.py`` — a course's checks and points as data (``kubesim-grading.yaml``);
- ``collection.py`` — finding the students of a ``submitted/`` folder and reading their notebooks as files from
  strangers (no links, pipes or devices; bounded size), the one reader both grading paths use;
- ``spreadsheet.py`` — CSV files safe to open in a spreadsheet (no cell runs as a formula);
- ``course.py`` — an assignment as a course folder defines it: its names, whether the judge grades it, its checks,
  and what makes its source notebook ungradable;
- ``judge.py`` — grading a notebook's answer cells in a separate bounded process;
- ``nbgrader_plugins.py`` — ``configure()``, which a course's ``nbgrader_config.py`` calls, and the preprocessors and
  export plugin it installs;
- ``notebook.py`` — what the learner's notebook calls (``start()``, public ``check(part)``);
- ``batch.py`` — parallel grading of files and ``submitted/`` folders;
- ``report.py`` — the instructor's class report: pass rates, misconceptions, score charts;
- ``cli.py`` — ``kubesim-grade``, the command line over ``batch.py`` and ``report.py``.

Importing ``kubesim_nb`` does not import this package; the grader starts its
own clusters through :class:`kubesim_nb.cluster.Cluster`.
"""
