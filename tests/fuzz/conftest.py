"""Hypothesis profiles: a fixed budget in CI, a long run on demand.

    KUBESIM_FUZZ=long python -m pytest tests/fuzz       # the documented long run
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("KUBESIM_FUZZ", "ci"))
