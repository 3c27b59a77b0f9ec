"""Hypothesis profiles: a fixed budget in CI, a long run on demand.

KUBESIM_FUZZ=long python -m pytest tests/fuzz       # the documented long run
"""

import os

from hypothesis import settings

settings.register_profile("ci", parent=settings.get_profile("kubesim"), max_examples=60, derandomize=True)
settings.register_profile("long", parent=settings.get_profile("kubesim"), max_examples=2000)
settings.load_profile(os.environ.get("KUBESIM_FUZZ", "ci"))
