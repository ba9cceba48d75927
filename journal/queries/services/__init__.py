from .saved import saved_query_delete, saved_query_save

__all__ = ["saved_query_delete", "saved_query_save"]
