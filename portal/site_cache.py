"""What a request needs to know about its site, kept in the cache (Redis in production, the local
memory in development) instead of being read from the database on every request:

- the Wagtail Site and the School of a host name and port (`site_and_school`);
- the site settings of a site (`site_setting`, e.g. site_settings.SchoolIdentity in every page's
  header, through the `settings` context processor below).

These rows change a few times a year. Every save or delete of a Site, a School or a site setting
drops the entries (`connect_signals`, from PortalConfig.ready), in every process that shares the
cache; `TIMEOUT` bounds what a process with a cache of its own (several development processes
with the local memory cache) may keep after another one changed them.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port

HOSTS_KEY = "mektep:sites-by-host"
SETTINGS_KEY = "mektep:site-setting:{label}:{site}"
TIMEOUT = 5 * 60
_MISSING = object()


def _host(request):
    # as wagtail.models.Site.find_for_request reads it (the raw host: no ALLOWED_HOSTS check here)
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def site_and_school(request):
    """(site, school) of the request's host: the Wagtail Site (None without one) and its School
    (None when the site has none). Also tells Wagtail the site (`request._wagtail_site`), so
    that nothing else in the request looks it up again."""
    from wagtail.models import Site

    from .models import School

    key = "{}:{}".format(*_host(request))
    hosts = cache.get(HOSTS_KEY) or {}
    if key in hosts:
        site, school = hosts[key]
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site
        return site, school
    site = Site.find_for_request(request)
    school = School.objects.filter(site=site).first() if site is not None else None
    hosts = dict(cache.get(HOSTS_KEY) or {})
    hosts[key] = (site, school)
    cache.set(HOSTS_KEY, hosts, TIMEOUT)
    return site, school


def site_setting(model, request):
    """model.for_request(request) for a Wagtail BaseSiteSetting, from the cache."""
    attr = model.get_cache_attr_name()
    if hasattr(request, attr):
        return getattr(request, attr)
    site = site_and_school(request)[0]
    if site is None:
        return model.for_request(request)  # raises as Wagtail does
    key = SETTINGS_KEY.format(label=model._meta.label_lower, site=site.pk)
    instance = cache.get(key, _MISSING)
    if instance is _MISSING:
        instance = model.for_site(site)
        cache.set(key, instance, TIMEOUT)
    instance._request = request  # as for_request does (page URLs of the request's site)
    setattr(request, attr, instance)
    return instance


def _forget_hosts(**kwargs):
    cache.delete(HOSTS_KEY)


def _forget_setting(sender, instance, **kwargs):
    cache.delete(SETTINGS_KEY.format(label=sender._meta.label_lower, site=instance.site_id))


def connect_signals():
    from django.apps import apps
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.models import Site

    from .models import School

    for model in (Site, School):
        post_save.connect(_forget_hosts, sender=model, dispatch_uid=f"site_cache.hosts.save.{model._meta.label}")
        post_delete.connect(_forget_hosts, sender=model, dispatch_uid=f"site_cache.hosts.delete.{model._meta.label}")
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting):
            post_save.connect(_forget_setting, sender=model, dispatch_uid=f"site_cache.setting.save.{model._meta.label}")
            post_delete.connect(_forget_setting, sender=model,
                                dispatch_uid=f"site_cache.setting.delete.{model._meta.label}")


# --- the `settings` template context, as wagtail.contrib.settings.context_processors.settings ---

def _settings_proxy():
    from wagtail.contrib.settings import context_processors as wagtail_settings
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry

    class SettingModuleProxy(wagtail_settings.SettingModuleProxy):
        def get_setting(self, model_name):
            model = registry.get_by_natural_key(self.app_label, model_name)
            request = self.request_or_site
            if model is not None and issubclass(model, BaseSiteSetting) and hasattr(request, "META"):
                return site_setting(model, request)
            return super().get_setting(model_name)

    class SettingProxy(wagtail_settings.SettingProxy):
        def __missing__(self, app_label):
            self[app_label] = value = SettingModuleProxy(self.request_or_site, app_label)
            return value

    return SettingProxy


_proxy_class = None


def settings_context(request):
    global _proxy_class
    if _proxy_class is None:
        _proxy_class = _settings_proxy()
    return {"settings": _proxy_class(request_or_site=request)}
