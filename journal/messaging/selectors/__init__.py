"""Reads of the communication area, always through the access policy (portal.access)."""
