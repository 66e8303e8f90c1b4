from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Questions and answers")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from specialists.models import Department, Doctor

        from . import pagecache

        # Department and doctor names show on cached question pages.
        for model in (Department, Doctor):
            for signal in (post_save, post_delete):
                signal.connect(pagecache.specialist_changed, sender=model)
