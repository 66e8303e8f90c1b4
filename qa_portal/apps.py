from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QaPortalConfig(AppConfig):
    name = "qa_portal"
    verbose_name = _("Accounts")

    def ready(self):
        from machinery import replicas

        replicas.log_configuration()  # a replica URL refused by the settings
