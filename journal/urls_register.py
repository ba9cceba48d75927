# URLs of the register: people, classes, staff, roles, logins, consent, history, visits.
urlpatterns = []
