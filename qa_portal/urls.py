from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.functional import lazy
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.i18n import set_language

from machinery.metrics import SCRAPE_VIEW
from machinery.site import site_name
from questions.admin import backlog
from questions.views.sitemaps import SITEMAPS

from . import metrics, views

handler500 = "qa_portal.reliability.server_error"

admin.site.site_header = lazy(site_name, str)()
admin.site.site_title = lazy(site_name, str)()
admin.site.index_template = "admin/qa_portal_index.html"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # For Prometheus, from the allowed addresses or with the token; a 404 to anyone else.
    path("metrics", metrics.scrape, name=SCRAPE_VIEW),
    path("privacy/", views.privacy, name="privacy"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("og-image.png", views.og_image, name="og-image"),
    path(
        "sitemap.xml",
        require_safe(cache_page(3600)(sitemap_views.index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(cache_page(3600)(sitemap_views.sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/verify/resend/", views.resend_verification, name="verify-email-resend"),
    path("accounts/verify/<str:token>/", views.verify_email, name="verify-email"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("my/account/", views.account, name="account"),
    # The second factor, and the browsers on the account page.
    path("", include("qa_portal.accounts.urls")),
    path("my/account/export.json", views.export_account, name="account-export"),
    path("my/account/delete/", views.delete_account, name="account-delete"),
    # Choosing a language sets a cookie and nothing else: no CSRF token, so that cached
    # pages carry no per-visitor token.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/backlog/", backlog.backlog, name="staff-backlog"),
    path("admin/", admin.site.urls),
    path("", include("specialists.urls")),
    path("", include("questions.urls")),
]
