"""Writes of the class journal (services: keyword-only arguments, transaction.atomic, full_clean)."""
