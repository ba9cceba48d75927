"""The website's groups and its review workflow (R-S11, R-S12, R-S15). Idempotent.

- Editor: writes pages and announcements, uploads images and documents, but cannot publish:
  everything an editor writes goes to review.
- Director: reviews (approves or rejects) and may publish.
- Site administrator: everything on the website, the site settings and furniture, and the
  site's user accounts (R-S12); also reviews.

The workflow “review before publication” (one task, approval by the Director or the Site
administrator) is assigned to the whole page tree and to announcements.

Made by the data migration cms.0004 and again by the demo (ensure_site_roles is idempotent).
Not a post_migrate handler: rows made there are re-made after every flush of a test database
and clash with tests that restore a serialized database.
"""

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


def _permission(apps, dotted):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _ensure_permissions_exist(apps):
    """Model permissions are made after `migrate` (post_migrate): make them now, plus the
    publish/lock/unlock permissions Wagtail adds for announcements (a draftable snippet)."""
    from django.contrib.auth.management import create_permissions

    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # historical app configs have none
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    announcement = _content_type(apps, "site_settings", "announcement")
    for action in ("publish", "lock", "unlock"):
        Permission.objects.get_or_create(
            content_type=announcement, codename=f"{action}_announcement", defaults={"name": f"Can {action} announcement"}
        )


def ensure_site_roles(apps=None):
    """Create or update the three groups, their permissions and the review workflow.

    `apps` is the app registry: the historical one in the data migration, the live one from
    the demo and the tests (the default)."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    _ensure_permissions_exist(apps)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (SITE_ADMIN, EDITOR, DIRECTOR)}

    for name, dotted_names in MODEL_PERMISSIONS.items():
        perms = [p for p in (_permission(apps, d) for d in dotted_names) if p is not None]
        groups[name].permissions.add(*perms)

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        page_ct = _content_type(apps, "wagtailcore", "page")
        for name, actions in PAGE_PERMISSIONS.items():
            for action in actions:
                perm = Permission.objects.filter(content_type=page_ct, codename=f"{action}_page").first()
                if perm is not None:
                    GroupPagePermission.objects.get_or_create(group=groups[name], page=root, permission=perm)

    collection = Collection.objects.filter(depth=1).order_by("path").first()
    if collection is not None:
        for name, dotted_names in COLLECTION_PERMISSIONS.items():
            for dotted in dotted_names:
                perm = _permission(apps, dotted)
                if perm is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=groups[name], collection=collection, permission=perm
                    )

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, active=True, content_type=_content_type(apps, "wagtailcore", "groupapprovaltask")
        )
    task.groups.set([groups[DIRECTOR], groups[SITE_ADMIN]])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    WorkflowContentType.objects.update_or_create(
        content_type=_content_type(apps, "site_settings", "announcement"), defaults={"workflow": workflow}
    )

    # Wagtail's own starter groups would only confuse with ours: drop them while unused.
    for name in ("Editors", "Moderators"):
        Group.objects.filter(name=name, user__isnull=True).delete()
    return groups, workflow
