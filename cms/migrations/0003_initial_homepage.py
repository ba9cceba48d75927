"""Replace Wagtail's “Welcome to your new Wagtail site!” page with the school's home page."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")

    if HomePage.objects.exists():
        return
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    welcome = Page.objects.filter(depth=2, url_path="/home/", content_type__model="page").first()
    if welcome is not None:
        Site.objects.filter(root_page=welcome).delete()
        welcome.delete()
        root.numchild = Page.objects.filter(depth=2).count()
        root.save(update_fields=["numchild"])
    locale = Locale.objects.order_by("pk").first()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    last = Page.objects.filter(depth=2).order_by("-path").first()
    if last is None:
        path = root.path + "0001"
    else:
        n = int(last.path[-4:], 36) + 1
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        s = ""
        while n:
            n, r = divmod(n, 36)
            s = digits[r] + s
        path = root.path + s.rjust(4, "0")
    home = HomePage.objects.create(
        title="Мектеп",
        draft_title="Мектеп",
        slug="home",
        content_type=content_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Mektep")
    else:
        Site.objects.filter(is_default_site=True).update(root_page=home)


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0002_pages"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
