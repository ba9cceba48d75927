"""URLs of the reports area, under /<lang>/app/journal/reports/ in the "journal" namespace."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.navigation import register
from portal.roles import Role

from .views import achievement, attendance, subjects, usage
from .views import forecast as forecast_views

urlpatterns = [
    path("", achievement.achievement, name="reports_achievement"),
    path("achievement.pdf", achievement.achievement_pdf, name="reports_achievement_pdf"),
    path("achievement.xlsx", achievement.achievement_xlsx_view, name="reports_achievement_xlsx"),
    path("subjects/", subjects.subjects, name="reports_subjects"),
    path("subjects.pdf", subjects.subjects_pdf, name="reports_subjects_pdf"),
    path("subjects.xlsx", subjects.subjects_xlsx_view, name="reports_subjects_xlsx"),
    path("students/<int:student_id>/", subjects.student_card, name="reports_student"),
    path("attendance/", attendance.attendance, name="reports_attendance"),
    path("attendance.pdf", attendance.attendance_pdf, name="reports_attendance_pdf"),
    path("attendance.xlsx", attendance.attendance_xlsx_view, name="reports_attendance_xlsx"),
    path("forecast/", forecast_views.forecast, name="reports_forecast"),
    path("at-risk/", forecast_views.at_risk, name="reports_at_risk"),
    path("usage/", usage.usage, name="reports_usage"),
    path("usage.pdf", usage.usage_pdf, name="reports_usage_pdf"),
    path("usage.xlsx", usage.usage_xlsx, name="reports_usage_xlsx"),
]

register("journal:reports_achievement", _("Reports"),
         roles={Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.TEACHER}, order=55)
