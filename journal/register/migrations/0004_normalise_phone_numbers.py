"""Phone numbers already saved are brought to the one stored form (+996555123456); a value that
cannot be read as a phone number is left as it is (a person checks it in the register)."""

from django.db import migrations


def normalise(apps, schema_editor):
    from portal.phones import phone_normalize_or_keep

    for model_name, fields in (("Guardian", ("phone", "phone2")), ("StaffMember", ("phone",))):
        model = apps.get_model("journal", model_name)
        changed = []
        for obj in model.objects.only("pk", *fields).iterator():
            dirty = False
            for name in fields:
                value = getattr(obj, name)
                new = phone_normalize_or_keep(value) if value else value
                if new != value:
                    setattr(obj, name, new)
                    dirty = True
            if dirty:
                changed.append(obj)
        model.objects.bulk_update(changed, fields, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("journal", "0003_person_name_keys")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
