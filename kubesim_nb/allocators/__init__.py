"""Allocators for Service cluster IPs, NodePorts and Pod IPs.

Verbs as in Kubernetes' ipallocator/portallocator: ``allocate`` (a requested
value), ``allocate_next`` (a free one), ``release``, ``has``. Failures are
typed (``RangeFull``, ``AlreadyAllocated``, ``NotInRange``); the API server
turns them into the real messages.
"""

from .banded import copy_of_stream
from .errors import AllocationError, AlreadyAllocated, NotInRange, RangeFull
from .ipalloc import ClusterIPAllocator
from .podip import PodIPAllocator
from .portalloc import NodePortAllocator

__all__ = [
    "AllocationError",
    "AlreadyAllocated",
    "ClusterIPAllocator",
    "NodePortAllocator",
    "NotInRange",
    "PodIPAllocator",
    "RangeFull",
    "copy_of_stream",
]
