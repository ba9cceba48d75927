from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import never_cache
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import seo
from cms.sitemaps import LocalizedSitemap

from . import views
from .lang import language_redirect

portal_patterns = (
    [path("", views.start, name="start")],
    "portal",
)

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("favicon.ico", seo.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", language_redirect, name="language_redirect"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("app/", include(portal_patterns)),
    path("app/", include("journal.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("cms.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    # Media of a small school: served by Django unless a web server in front does it.
    from django.views.static import serve

    urlpatterns.insert(0, path("media/<path:path>", never_cache(serve), {"document_root": settings.MEDIA_ROOT}))
