"""Why a document could not be built. Raised, never logged-and-ignored."""

from __future__ import annotations

__all__ = ["BuildError", "UnknownGenreError"]


class BuildError(Exception):
    """A document was rejected; the message is one line naming the file and the reason."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class UnknownGenreError(BuildError):
    """A genre was asked for that no builder handles."""
