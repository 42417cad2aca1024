"""Sewaka: an offline-first service counter for Indonesian village offices."""

__version__ = "0.1.0"
