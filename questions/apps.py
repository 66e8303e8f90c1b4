from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Questions and answers")

    def ready(self):
        from . import changes

        changes.connect_receivers()
