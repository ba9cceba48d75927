from .movement import MovementKind, MovementReason, MovementRecord
from .people import (
    Consent,
    Guardian,
    Sex,
    StaffMember,
    Student,
    StudentGuardian,
    StudentStatus,
)
from .school_year import (
    AcademicYear,
    ClassGroup,
    CurriculumHours,
    Holiday,
    PeriodKind,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)

__all__ = [
    "AcademicYear",
    "ClassGroup",
    "Consent",
    "CurriculumHours",
    "Guardian",
    "Holiday",
    "MovementKind",
    "MovementReason",
    "MovementRecord",
    "PeriodKind",
    "Sex",
    "StaffMember",
    "Student",
    "StudentGuardian",
    "StudentStatus",
    "StudyPeriod",
    "Subject",
    "TeachingAssignment",
]
