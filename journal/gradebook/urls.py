# URL patterns of the class journal (issue 4); included from journal/urls.py under the
# "journal" namespace.
urlpatterns = []
