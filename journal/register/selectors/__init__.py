"""Read-side queries of the register: people.py for the register's own pages (lists, person pages,
history, dashboard figures, logins, roles, visits), public.py for the public-site statistics that
cms reads. The package re-exports people.py so `from journal.register import selectors` works."""

from .people import (  # noqa: F401
    HIDDEN,
    REPORT_ROLES,
    _display,
    _record_changes,
    accounts_overview,
    class_detail,
    class_list,
    class_people_for_logins,
    consent_exists,
    current_year,
    dashboard_figures,
    guardian_list,
    person_consents,
    person_history,
    role_changes,
    role_grid,
    staff_list,
    student_detail,
    student_guardian_links,
    student_list,
    visits_report,
    with_consent,
    with_consent_links,
)
