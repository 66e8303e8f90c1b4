from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Questions and answers")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from specialists.models import Department, Doctor

        from . import pagecache
        from .models import FAQTopic

        # Names and lists of these show on cached pages and fragments.
        for model in (Department, Doctor, FAQTopic):
            for signal in (post_save, post_delete):
                signal.connect(pagecache.listed_changed, sender=model)
        post_save.connect(pagecache.account_changed, sender=settings.AUTH_USER_MODEL)
