from .achievement import STAGES, AchievementSummary, SummaryRow, achievement_summary, report_periods

__all__ = ["STAGES", "AchievementSummary", "SummaryRow", "achievement_summary", "report_periods"]
from .attendance import AttendanceReport, AttendanceRow, attendance_report, attendance_rule  # noqa: E402

__all__ += ["AttendanceReport", "AttendanceRow", "attendance_report", "attendance_rule"]
from .subjects import FigureRow, SubjectSummary, subject_summary  # noqa: E402

__all__ += ["FigureRow", "SubjectSummary", "subject_summary"]
from .usage import WINDOWS, UsageReport, usage_report, usage_rule, usage_table  # noqa: E402

__all__ += ["WINDOWS", "UsageReport", "usage_report", "usage_rule", "usage_table"]
