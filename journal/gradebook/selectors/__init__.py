"""Reads of the class journal (selectors)."""
