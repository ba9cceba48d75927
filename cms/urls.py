# Public non-page URLs of the school website (search, …). Page URLs are Wagtail's.
urlpatterns = []
