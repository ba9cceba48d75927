from .archives import ArchiveState, YearArchive

__all__ = ["ArchiveState", "YearArchive"]
