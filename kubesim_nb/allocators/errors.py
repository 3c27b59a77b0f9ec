"""Typed allocation failures (messages are the allocators' own wording)."""


class AllocationError(Exception):
    pass


class RangeFull(AllocationError):
    def __init__(self) -> None:
        super().__init__("range is full")


class AlreadyAllocated(AllocationError):
    def __init__(self) -> None:
        super().__init__("provided port is already allocated")


class NotInRange(AllocationError):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
