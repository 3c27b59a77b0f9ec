"""``kubesim-course``: the instructor's front end that makes an nbgrader course folder for kubesim-nb's assignment.

- ``init.py`` — ``kubesim-course init DIR``: a new course folder at DIR, or this assignment added to an existing
  nbgrader course there (an ``nbgrader quickstart`` folder keeps its assignments working);
- ``template/`` — package data: the assignment's source notebook (solutions, public and hidden tests, points).

The course's files (``nbgrader_config.py``, ``source/``, and later nbgrader's ``gradebook.db``, ``release/``,
``submitted/``...) live in the course folder, apart from the grader's code (``kubesim_nb/grader/``), which the
course's configuration imports.
"""
