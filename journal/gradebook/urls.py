# URLs of the class journal, included from journal/urls.py under /app/journal/ in the
# "journal" namespace. Daily work (lessons, grid, period grades, teacher's start page) and
# planning/reading (timetable, plans, fill control, print, diary) are kept in two modules.
from .urls_daily import urlpatterns as daily_patterns
from .urls_planning import urlpatterns as planning_patterns

urlpatterns = [*daily_patterns, *planning_patterns]
