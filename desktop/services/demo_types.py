"""Why demo data was refused, as plain data.

No SQLAlchemy here; ``desktop.services.demo`` re-exports both names.
"""

from __future__ import annotations

import enum


class RealData(enum.StrEnum):
    REQUESTS = "requests"  # the folder holds requests of a real office
    OFFICE = "office"  # the folder's office was set up for real use (no requests yet)


class RealDataPresent(Exception):
    """The data folder belongs to a real office: demo data must not go into it."""

    def __init__(self, reason: RealData, requests: int = 0) -> None:
        super().__init__(f"real data in this folder: {reason} ({requests} requests)")
        self.reason = reason
        self.requests = requests
