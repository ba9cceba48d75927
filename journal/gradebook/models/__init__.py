from .grades import (
    AbsenceStatus,
    AssessmentRule,
    Attendance,
    Grade,
    GradeType,
    PeriodGrade,
    PeriodGradeKind,
    PeriodGradeSpecial,
    Scale,
)
from .lessons import Lesson, LessonStatus, PlanTopic
from .periods import PeriodLockAction, PeriodLockEvent
from .settings import JournalSettings
from .timetable import BellTime, SchoolEvent, TimetableEntry, Weekday

__all__ = [
    "AbsenceStatus",
    "AssessmentRule",
    "Attendance",
    "BellTime",
    "Grade",
    "GradeType",
    "JournalSettings",
    "Lesson",
    "LessonStatus",
    "PeriodGrade",
    "PeriodGradeKind",
    "PeriodGradeSpecial",
    "PeriodLockAction",
    "PeriodLockEvent",
    "PlanTopic",
    "Scale",
    "SchoolEvent",
    "TimetableEntry",
    "Weekday",
]
