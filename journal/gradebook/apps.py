from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradebookConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "journal.gradebook"
    label = "gradebook"
    verbose_name = _("Class journal")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from journal.register.models import StudyPeriod

        from .models import AssessmentRule
        from .selectors.grid import forget_assessment_rules

        def forget(sender, instance, **kwargs):
            # a rule, its periods, or a study period (a rule limited to periods reads their dates);
            # both have the year
            forget_assessment_rules(instance.year_id)

        for model in (AssessmentRule, StudyPeriod):
            post_save.connect(forget, sender=model, dispatch_uid=f"assessment-rules-save-{model._meta.label}")
            post_delete.connect(forget, sender=model, dispatch_uid=f"assessment-rules-delete-{model._meta.label}")
        m2m_changed.connect(forget, sender=AssessmentRule.periods.through, dispatch_uid="assessment-rules-periods")
