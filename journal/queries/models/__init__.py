from .saved import SavedQuery

__all__ = ["SavedQuery"]
