"""Models of the reports area: only what a report must keep (the last forecast backtest)."""

from .forecast import ForecastBacktest

__all__ = ["ForecastBacktest"]
