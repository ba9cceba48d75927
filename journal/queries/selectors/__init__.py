"""Reads of the query constructor: the declared datasets and running a checked query."""

from .datasets import AGGREGATES, DATASETS, dataset
from .run import EXPORT_LIMIT, PER_PAGE, Column, Result, cell_text, run_query, year_grades_by_class_subject

__all__ = [
    "AGGREGATES", "DATASETS", "EXPORT_LIMIT", "PER_PAGE", "Column", "Result", "cell_text", "dataset", "run_query",
    "year_grades_by_class_subject",
]
