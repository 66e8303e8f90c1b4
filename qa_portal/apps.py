from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QaPortalConfig(AppConfig):
    name = "qa_portal"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from machinery import replicas

        from .accounts import browsers

        replicas.log_configuration()  # a replica URL refused by the settings
        # Every way of signing out (the site's, the admin's) takes the session off the
        # account's list of signed-in browsers.
        user_logged_out.connect(browsers.signed_out, dispatch_uid="qa_portal.signed_out")
