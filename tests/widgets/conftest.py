"""Fixtures for the headless widget tests: small demo clusters built through kubectl."""

from __future__ import annotations

import pytest

from kubesim_nb.widgets.demo import label_selector_cluster, web_cluster


@pytest.fixture
def lesson_cluster():
    """The lesson's web-pod-1, api-pod-1, web-pod-2 and web-service {app: web, version: v1}."""
    return label_selector_cluster()


@pytest.fixture
def web():
    """web-deployment (3 x kubesim/whoami), web-service (ClusterIP) and an Alpine client Pod."""
    return web_cluster()
