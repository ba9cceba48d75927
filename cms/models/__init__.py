from .pages import HomePage

__all__ = ["HomePage"]
