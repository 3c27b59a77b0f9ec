"""Client programs that run inside a Pod or on the laptop (curl, wget, nslookup, dig, ping, apk, coreutils).

Importing this package registers every program in :data:`.base.PROGRAMS`.
"""

from . import apk, coreutils, curl, dnstools, kubectl, netinfo, ping, wget  # noqa: F401  (registration)
from .base import PROGRAMS, Output, ToolContext

__all__ = ["Output", "PROGRAMS", "ToolContext"]
