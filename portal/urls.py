from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import seo
from cms.sitemaps import LocalizedSitemap

from . import admin_login, views
from .lang import language_redirect
from .navigation import register
from .ops import views as ops_views
from .roles import STAFF_ROLES

# allauth.mfa's pages (under accounts/2fa/) in the staff's menu (issue 12 §2)
register("mfa_index", _("Two-factor authentication"), roles=STAFF_ROLES, order=900)

handler500 = "portal.errors.server_error"

portal_patterns = (
    [
        path("", views.start, name="start"),
        path("ping/", views.ping, name="ping"),
        path("system/backups/", ops_views.backup_list, name="backups"),
    ],
    "portal",
)

urlpatterns = [
    # one way in: both admins' login pages are allauth's (shared rate limits and lockout)
    path("admin/login/", admin_login.wagtail_admin_login, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("favicon.ico", seo.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", language_redirect, name="language_redirect"),
]

if settings.DJANGO_ADMIN_ENABLED:  # off by default; superusers only (portal.admin_login)
    admin.site.has_permission = lambda request: admin_login.may_use_django_admin(request.user)
    admin.site.login = admin_login.django_admin_login
    urlpatterns.insert(0, path("django-admin/login/", admin_login.django_admin_login, name="django_admin_login"))
    urlpatterns.insert(1, path("django-admin/", admin.site.urls))

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
