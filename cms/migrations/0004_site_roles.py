"""The website's groups (Site administrator, Editor, Director), their permissions and the
review workflow (R-S11, R-S12, R-S15). The demo runs the same idempotent function again."""

from django.db import migrations


def create_site_roles(apps, schema_editor):
    from cms.setup import ensure_site_roles

    ensure_site_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0003_initial_homepage"),
        ("site_settings", "0001_initial"),
        ("portal", "0003_membership_history"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_site_roles, migrations.RunPython.noop)]
