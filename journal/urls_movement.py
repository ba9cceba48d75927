# URLs of import/export, the movement book and the new school year.
urlpatterns = []
