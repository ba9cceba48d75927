from .achievement import STAGES, AchievementSummary, SummaryRow, achievement_summary, report_periods

__all__ = ["STAGES", "AchievementSummary", "SummaryRow", "achievement_summary", "report_periods"]
