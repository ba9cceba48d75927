"""Writes of the notifications area. The one public entry point for other areas is
`notify(...)` (services/notify.py)."""

from .notify import notify

__all__ = ["notify"]
