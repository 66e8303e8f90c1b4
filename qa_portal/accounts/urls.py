from django.urls import path

from . import passkey_views, views

urlpatterns = [
    path("accounts/two-factor/", views.verify, name="two-factor-verify"),
    path("accounts/two-factor/setup/", views.setup, name="two-factor-setup"),
    path("accounts/two-factor/confirm/", views.confirm, name="two-factor-confirm"),
    path(
        "accounts/two-factor/authenticator/", views.authenticator, name="two-factor-authenticator"
    ),
    path(
        "accounts/two-factor/authenticator/remove/",
        views.remove_authenticator,
        name="two-factor-authenticator-remove",
    ),
    path(
        "accounts/two-factor/recovery-codes/",
        views.recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path(
        "my/account/browsers/<int:browser_id>/forget/",
        views.forget_browser,
        name="account-browser-forget",
    ),
    path(
        "my/account/sessions/<int:session_id>/sign-out/",
        views.end_session,
        name="account-session-end",
    ),
    path(
        "my/account/sessions/sign-out-others/",
        views.end_other_sessions,
        name="account-sessions-end-others",
    ),
]

urlpatterns += [
    path(
        "accounts/passkeys/register/options/",
        passkey_views.register_options,
        name="passkey-register-options",
    ),
    path("accounts/passkeys/register/", passkey_views.register, name="passkey-register"),
    path(
        "accounts/passkeys/sign-in/options/",
        passkey_views.sign_in_options,
        name="passkey-sign-in-options",
    ),
    path("accounts/passkeys/sign-in/", passkey_views.sign_in, name="passkey-sign-in"),
    path("accounts/passkeys/<int:passkey_id>/remove/", passkey_views.remove, name="passkey-remove"),
]
