"""The website's groups and its review workflow (R-S11, R-S12, R-S15). Idempotent.

- Editor: writes pages and announcements, uploads images and documents, but cannot publish:
  everything an editor writes goes to review.
- Director: reviews (approves or rejects) and may publish.
- Site administrator: everything on the website, the site settings and furniture, and the
  site's user accounts (R-S12); also reviews.

The workflow “review before publication” (one task, approval by the Director or the Site
administrator) is assigned to the whole page tree and to announcements.

Runs after every `migrate` (post_migrate) and from the demo.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

SITE_ADMIN = "Site administrator"
EDITOR = "Editor"
DIRECTOR = "Director"
WORKFLOW_NAME = "Жарыялоо алдында текшерүү / Проверка перед публикацией"
TASK_NAME = "Директор же сайттын администратору бекитет / Утверждает директор или администратор сайта"

PAGE_PERMISSIONS = {
    EDITOR: ["add", "change"],
    DIRECTOR: ["add", "change", "publish", "lock", "unlock"],
    SITE_ADMIN: ["add", "change", "publish", "bulk_delete", "lock", "unlock"],
}
COLLECTION_PERMISSIONS = {
    EDITOR: ["wagtailimages.add_image", "wagtailimages.choose_image", "wagtaildocs.add_document", "wagtaildocs.choose_document"],
    DIRECTOR: ["wagtailimages.add_image", "wagtailimages.choose_image", "wagtaildocs.add_document", "wagtaildocs.choose_document"],
    SITE_ADMIN: [
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.delete_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.delete_document", "wagtaildocs.choose_document",
    ],
}
MODEL_PERMISSIONS = {
    EDITOR: [
        "wagtailadmin.access_admin",
        "site_settings.add_announcement", "site_settings.change_announcement", "site_settings.view_announcement",
        "wagtail_localize.submit_translation",
    ],
    DIRECTOR: [
        "wagtailadmin.access_admin",
        "site_settings.add_announcement", "site_settings.change_announcement", "site_settings.publish_announcement",
        "site_settings.view_announcement", "site_settings.lock_announcement", "site_settings.unlock_announcement",
    ],
    SITE_ADMIN: [
        "wagtailadmin.access_admin",
        *(f"site_settings.{action}_{model}" for model in ("announcement", "schoolprofile", "mainmenu")
          for action in ("add", "change", "delete", "view")),
        "site_settings.publish_announcement", "site_settings.lock_announcement", "site_settings.unlock_announcement",
        "site_settings.change_schoolidentity", "site_settings.change_schoolcontacts", "site_settings.change_printsignatories",
        "cms.add_usefullink", "cms.change_usefullink", "cms.delete_usefullink", "cms.view_usefullink",
        "wagtailredirects.add_redirect", "wagtailredirects.change_redirect", "wagtailredirects.delete_redirect",
        "wagtail_localize.submit_translation",
        # R-S12: the site administrator manages the site's accounts
        "portal.add_user", "portal.change_user", "portal.delete_user", "portal.view_user",
    ],
}


def _permission(dotted):
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _ensure_permissions_exist(using="default"):
    """post_migrate of our app may run before other apps' permissions were created."""
    from wagtail.snippets.models import create_extra_permissions

    for app_config in global_apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    # publish/lock/unlock of snippets with draft state (announcements)
    create_extra_permissions(global_apps.get_app_config("wagtailsnippets"), using=using)


@transaction.atomic
def ensure_site_roles(using="default"):
    """Create or update the three groups, their permissions and the review workflow."""
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowContentType,
        WorkflowPage,
        WorkflowTask,
    )

    _ensure_permissions_exist(using)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (SITE_ADMIN, EDITOR, DIRECTOR)}

    for name, dotted_names in MODEL_PERMISSIONS.items():
        perms = [p for p in (_permission(d) for d in dotted_names) if p is not None]
        groups[name].permissions.add(*perms)

    root = Page.get_first_root_node()
    if root is not None:
        page_ct = ContentType.objects.get_for_model(Page)
        for name, actions in PAGE_PERMISSIONS.items():
            for action in actions:
                perm = Permission.objects.filter(content_type=page_ct, codename=f"{action}_page").first()
                if perm is not None:
                    GroupPagePermission.objects.get_or_create(group=groups[name], page=root, permission=perm)

    collection = Collection.get_first_root_node()
    if collection is not None:
        for name, dotted_names in COLLECTION_PERMISSIONS.items():
            for dotted in dotted_names:
                perm = _permission(dotted)
                if perm is not None:
                    GroupCollectionPermission.objects.get_or_create(group=groups[name], collection=collection, permission=perm)

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([groups[DIRECTOR], groups[SITE_ADMIN]])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    Announcement = global_apps.get_model("site_settings", "Announcement")
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Announcement), defaults={"workflow": workflow}
    )

    # Wagtail's own starter groups would only confuse with ours: drop them while unused.
    for name in ("Editors", "Moderators"):
        Group.objects.filter(name=name, user__isnull=True).delete()
    return groups, workflow


def post_migrate_handler(sender, using="default", **kwargs):
    from wagtail.models import Page

    # The tree root exists only once wagtailcore has migrated.
    try:
        Page.get_first_root_node()
    except Exception:  # noqa: BLE001 - tables not there yet (partial migrate)
        return
    ensure_site_roles(using=using)
