"""Who may do what: one table of role × URL × method → status, covering every URL pattern
the resolver knows (the admin's included), and a test that fails when a URL is added
without its rows.

Roles, in the order of each row's statuses: anonymous, patient A (asked the questions),
patient B, a doctor of the department, a doctor of another department, an inactive
doctor, staff (moderators: may view and change questions and reports) and a superuser.
Each request runs against the same world and is rolled back, so the roles do not see each
other's changes. A refused request (403, 404, 405, or a redirect to a login page) changes
nothing, and no GET changes anything for anyone. Another person's private question or a
draft is a 404 — never a 403, which would tell that it exists.
"""

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client

from tests.security_world import ROLES, build_world, login, route_url, snapshot
from tests.url_patterns import all_routes

pytestmark = pytest.mark.django_db

# (route, method, target, statuses by role in ROLES order). The target names another
# object of the world for the route's arguments ("" = the route's usual one: the public
# Q&A, patient A's open question, the doctor's own published reply, ...).
# fmt: off
TABLE = [
    # statuses: (anonymous, patient A, patient B, doctor, other doctor, inactive, staff, super)
    ("home", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("home", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("healthz", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("healthz", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    # Opened by the client's address (the test client's 127.0.0.1 is allowed by default) or
    # a token, never by a role: tests/qa_portal/test_metrics.py pins the 404 to others.
    ("metrics", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("metrics", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("robots", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("robots", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("og-image", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("og-image", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("privacy", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("privacy", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("sitemap", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("sitemap", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("sitemap-section", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("sitemap-section", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("signup", "get", "", (200, 302, 302, 302, 302, 200, 302, 302)),
    ("signup", "post", "", (200, 302, 302, 302, 302, 200, 302, 302)),
    # Patient A's own link, already used: "already confirmed" for whoever opens it.
    ("verify-email", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("verify-email", "post", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("verify-email-resend", "get", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("verify-email-resend", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("login", "get", "", (200, 302, 302, 302, 302, 200, 302, 302)),
    ("login", "post", "", (200, 302, 302, 302, 302, 200, 302, 302)),
    ("logout", "get", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("logout", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("password_reset", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("password_reset", "post", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("password_reset_done", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("password_reset_done", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("password_reset_confirm", "get", "", (302, 200, 302, 302, 302, 302, 302, 302)),
    ("password_reset_confirm", "post", "", (302, 200, 302, 302, 302, 302, 302, 302)),
    ("password_reset_complete", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("password_reset_complete", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("password_change", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("password_change", "post", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("password_change_done", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("password_change_done", "post", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("account", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("account", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    # The second factor. Every signed-in role here has given it (tests/conftest.py); what
    # a session that has not may reach is pinned in tests/qa_portal/accounts/.
    ("two-factor-verify", "get", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("two-factor-verify", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("two-factor-setup", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("two-factor-setup", "post", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    # The password again before a factor changes: an empty POST is the form with its error.
    ("two-factor-confirm", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("two-factor-confirm", "post", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("two-factor-authenticator", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("two-factor-authenticator", "post", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("two-factor-authenticator-remove", "get", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("two-factor-authenticator-remove", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    # No factor to make codes for: a 404 (patient A's passkey is not shown to patient B).
    ("two-factor-recovery-codes", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("two-factor-recovery-codes", "post", "", (302, 302, 404, 404, 404, 302, 404, 404)),
    ("passkey-register-options", "get", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("passkey-register-options", "post", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("passkey-register", "get", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("passkey-register", "post", "", (302, 400, 400, 400, 400, 302, 400, 400)),
    ("passkey-sign-in-options", "get", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("passkey-sign-in-options", "post", "", (302, 403, 403, 403, 403, 302, 403, 403)),
    ("passkey-sign-in", "get", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("passkey-sign-in", "post", "", (302, 403, 403, 403, 403, 302, 403, 403)),
    # Patient A's passkey and browsers: another person's POST finds nothing of theirs and
    # goes back to their own page, changing nothing.
    ("passkey-remove", "get", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("passkey-remove", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("account-browser-forget", "get", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("account-browser-forget", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("account-session-end", "get", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("account-session-end", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("account-sessions-end-others", "get", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("account-sessions-end-others", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("account-export", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("account-export", "post", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("account-delete", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("account-delete", "post", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("set_language", "get", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("set_language", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("staff-backlog", "get", "", (302, 302, 302, 302, 302, 302, 200, 200)),
    ("staff-backlog", "post", "", (302, 302, 302, 302, 302, 302, 200, 200)),
    ("admin:index", "get", "", (302, 302, 302, 302, 302, 302, 200, 200)),
    ("admin:index", "post", "", (302, 302, 302, 302, 302, 302, 200, 200)),
    # Resetting patient A's second factor: the moderator has no change_user permission;
    # the superuser's POST resets it.
    ("admin:qa_portal_user_reset_second_factor", "get", "",
     (302, 302, 302, 302, 302, 302, 403, 200)),
    ("admin:qa_portal_user_reset_second_factor", "post", "",
     (302, 302, 302, 302, 302, 302, 403, 302)),
    ("admin:login", "get", "", (200, 200, 200, 200, 200, 200, 302, 302)),
    ("admin:login", "post", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("admin:logout", "get", "", (302, 302, 302, 302, 302, 302, 405, 405)),
    ("admin:logout", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("admin:password_change", "get", "", (302, 302, 302, 302, 302, 302, 200, 200)),
    ("admin:password_change", "post", "", (302, 302, 302, 302, 302, 302, 200, 200)),
    ("admin:password_change_done", "get", "", (302, 302, 302, 302, 302, 302, 200, 200)),
    ("admin:password_change_done", "post", "", (302, 302, 302, 302, 302, 302, 405, 405)),
    ("admin:autocomplete", "get", "", (302, 302, 302, 302, 302, 302, 403, 403)),
    ("admin:autocomplete", "post", "", (302, 302, 302, 302, 302, 302, 405, 405)),
    ("admin:jsi18n", "get", "", (302, 302, 302, 302, 302, 302, 200, 200)),
    ("admin:jsi18n", "post", "", (302, 302, 302, 302, 302, 302, 405, 405)),
    ("admin:view_on_site", "get", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("admin:view_on_site", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("admin:auth_user_password_change", "get", "", (302, 302, 302, 302, 302, 302, 403, 200)),
    ("admin:auth_user_password_change", "post", "", (302, 302, 302, 302, 302, 302, 403, 200)),
    ("admin:app_list", "get", "", (302, 302, 302, 302, 302, 302, 200, 200)),
    ("admin:app_list", "post", "", (302, 302, 302, 302, 302, 302, 200, 200)),
    ("route:admin/(?P<url>.*)$", "get", "", (302, 302, 302, 302, 302, 302, 404, 404)),
    ("route:admin/(?P<url>.*)$", "post", "", (302, 302, 302, 302, 302, 302, 404, 404)),
    ("specialists:invitation", "get", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("specialists:invitation", "post", "", (302, 302, 302, 302, 302, 302, 302, 302)),
    ("questions:detail-short", "get", "", (301, 301, 301, 301, 301, 301, 301, 301)),
    ("questions:detail-short", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:detail", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:detail", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:report", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:report", "post", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:search", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:search", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:api-list", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:api-list", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:api-detail", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:api-detail", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:feed-latest", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:feed-latest", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:feed-latest-atom", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:feed-latest-atom", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:feed-department", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:feed-department", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:feed-department-atom", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:feed-department-atom", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:feed-topic", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:feed-topic", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:feed-topic-atom", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:feed-topic-atom", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:department-list", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:department-list", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:department-detail", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:department-detail", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:topic-list", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:topic-list", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:topic-detail", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:topic-detail", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:doctor-detail", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:doctor-detail", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:ask", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("questions:ask", "post", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("questions:ask-suggestions", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:ask-suggestions", "post", "", (405, 405, 405, 405, 405, 405, 405, 405)),
    ("questions:asked", "get", "", (302, 200, 404, 404, 404, 302, 404, 404)),
    ("questions:asked", "post", "", (302, 200, 404, 404, 404, 302, 404, 404)),
    ("questions:my-questions", "get", "", (302, 200, 200, 200, 200, 302, 200, 200)),
    ("questions:my-questions", "post", "", (302, 405, 405, 405, 405, 302, 405, 405)),
    ("questions:edit", "get", "", (302, 200, 404, 404, 404, 302, 404, 404)),
    ("questions:edit", "post", "", (302, 200, 404, 404, 404, 302, 404, 404)),
    ("questions:withdraw", "get", "", (302, 200, 404, 404, 404, 302, 404, 404)),
    ("questions:withdraw", "post", "", (302, 302, 404, 404, 404, 302, 404, 404)),
    ("questions:add-information", "get", "", (302, 200, 404, 404, 404, 302, 404, 404)),
    ("questions:add-information", "post", "", (302, 200, 404, 404, 404, 302, 404, 404)),
    ("questions:reply-helped", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:reply-helped", "post", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:follow-up", "get", "", (302, 200, 404, 404, 404, 302, 404, 404)),
    ("questions:follow-up", "post", "", (302, 200, 404, 404, 404, 302, 404, 404)),
    ("questions:dashboard-follow-up", "get", "", (302, 403, 403, 200, 404, 302, 403, 403)),
    ("questions:dashboard-follow-up", "post", "", (302, 403, 403, 200, 404, 302, 403, 403)),
    ("questions:thank", "get", "", (302, 200, 404, 404, 404, 302, 404, 404)),
    ("questions:thank", "post", "", (302, 302, 404, 404, 404, 302, 404, 404)),
    ("questions:unsubscribe", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:unsubscribe", "post", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:dashboard", "get", "", (302, 403, 403, 200, 200, 302, 403, 403)),
    ("questions:dashboard", "post", "", (302, 403, 403, 200, 200, 302, 403, 403)),
    ("questions:dashboard-me", "get", "", (302, 403, 403, 200, 200, 302, 403, 403)),
    ("questions:dashboard-me", "post", "", (302, 403, 403, 200, 200, 302, 403, 403)),
    ("questions:dashboard-settings", "get", "", (302, 403, 403, 200, 200, 302, 403, 403)),
    ("questions:dashboard-settings", "post", "", (302, 403, 403, 200, 200, 302, 403, 403)),
    ("questions:doctor-unsubscribe", "get", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:doctor-unsubscribe", "post", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("questions:dashboard-question", "get", "", (302, 403, 403, 200, 404, 302, 403, 403)),
    ("questions:dashboard-question", "post", "", (302, 403, 403, 200, 404, 302, 403, 403)),
    ("questions:dashboard-claim", "get", "", (302, 403, 403, 405, 405, 302, 403, 403)),
    ("questions:dashboard-claim", "post", "", (302, 403, 403, 302, 404, 302, 403, 403)),
    ("questions:dashboard-release", "get", "", (302, 403, 403, 405, 405, 302, 403, 403)),
    ("questions:dashboard-release", "post", "", (302, 403, 403, 302, 404, 302, 403, 403)),
    ("questions:dashboard-refer", "get", "", (302, 403, 403, 405, 405, 302, 403, 403)),
    ("questions:dashboard-refer", "post", "", (302, 403, 403, 200, 404, 302, 403, 403)),
    ("questions:dashboard-decline", "get", "", (302, 403, 403, 405, 405, 302, 403, 403)),
    ("questions:dashboard-decline", "post", "", (302, 403, 403, 200, 404, 302, 403, 403)),
    ("questions:dashboard-ask-information", "get", "", (302, 403, 403, 405, 405, 302, 403, 403)),
    ("questions:dashboard-ask-information", "post", "", (302, 403, 403, 200, 404, 302, 403, 403)),
    ("questions:dashboard-reply-edit", "get", "", (302, 403, 403, 200, 404, 302, 403, 403)),
    ("questions:dashboard-reply-edit", "post", "", (302, 403, 403, 200, 404, 302, 403, 403)),
    ("questions:dashboard-agree", "get", "", (302, 403, 403, 405, 405, 302, 403, 403)),
    ("questions:dashboard-agree", "post", "", (302, 403, 403, 302, 302, 302, 403, 403)),
    # Private questions and drafts: a 404 to whoever may not see them, never a 403.
    ("questions:detail", "get", "open_question", (404, 200, 404, 200, 404, 404, 200, 200)),
    ("questions:detail", "get", "drafted", (404, 404, 200, 200, 404, 404, 200, 200)),
    ("questions:detail-short", "get", "open_question", (404, 301, 404, 301, 404, 404, 301, 301)),
    ("questions:report", "get", "open_question", (404, 404, 404, 404, 404, 404, 404, 404)),
    ("questions:report", "post", "open_question", (404, 404, 404, 404, 404, 404, 404, 404)),
    ("questions:api-detail", "get", "open_question", (404, 404, 404, 404, 404, 404, 404, 404)),
    ("questions:asked", "get", "drafted", (302, 404, 200, 404, 404, 302, 404, 404)),
    ("questions:edit", "get", "drafted", (302, 404, 200, 404, 404, 302, 404, 404)),
    ("questions:edit", "post", "drafted", (302, 404, 200, 404, 404, 302, 404, 404)),
    ("questions:withdraw", "post", "drafted", (302, 404, 302, 404, 404, 302, 404, 404)),
    ("questions:dashboard-question", "get", "drafted", (302, 403, 403, 200, 404, 302, 403, 403)),
    ("questions:dashboard-reply-edit", "get", "draft", (302, 403, 403, 404, 404, 302, 403, 403)),
    ("questions:dashboard-reply-edit", "post", "draft", (302, 403, 403, 404, 404, 302, 403, 403)),
    ("questions:dashboard-reply-edit", "get", "colleague_reply",
     (302, 403, 403, 404, 404, 302, 403, 403)),
    ("questions:dashboard-agree", "post", "draft", (302, 403, 403, 404, 404, 302, 403, 403)),
    # A link not used yet: the GET only shows the button, the POST confirms the address.
    ("verify-email", "get", "unconfirmed_verify_token", (200, 200, 200, 200, 200, 200, 200, 200)),
    ("verify-email", "post", "unconfirmed_verify_token", (302, 302, 302, 302, 302, 302, 302, 302)),
]
# fmt: on

# The admin's pages for each registered model: changelist, add, history, delete, change
# (statuses for staff and the superuser; everyone else is sent to the admin's login),
# and the bare object URL, which redirects to the change page. A new ModelAdmin adds
# URLs that are in no row until it is listed here.
FULL = {"changelist": (403, 200), "add": (403, 200), "history": (403, 200),
        "delete": (403, 200), "change": (403, 200)}  # fmt: skip
# No object of these models in the world: the object pages redirect to the list.
NO_OBJECT = {"changelist": (403, 200), "add": (403, 403), "history": (302, 302),
             "delete": (403, 302), "change": (403, 302)}  # fmt: skip
ADMIN_MODELS = {
    "auth_group": FULL,
    "axes_accessattempt": {**FULL, "add": (403, 403)},
    "axes_accesslog": NO_OBJECT,
    "axes_accessfailurelog": NO_OBJECT,
    "django_tasks_database_dbtaskresult": {**NO_OBJECT, "delete": (403, 403)},
    "qa_portal_user": FULL,
    # The security log: read-only, nothing added, changed or deleted (none in the world).
    "qa_portal_securityevent": {**NO_OBJECT, "delete": (403, 403)},
    "questions_question": {
        **FULL,
        "changelist": (200, 200),
        "history": (200, 200),
        "change": (200, 200),
    },  # fmt: skip
    "questions_triagequestion": {**FULL, "add": (403, 403)},
    "questions_report": {
        **FULL,
        "changelist": (200, 200),
        "add": (403, 403),
        "history": (200, 200),
        "change": (200, 200),
    },  # fmt: skip
    "questions_faqtopic": FULL,
    "questions_topicredirect": FULL,
    "questions_reply": FULL,
    "questions_referral": {**FULL, "add": (403, 403)},
    "questions_crisisterm": FULL,
    "questions_crisisexample": FULL,
    "questions_bannedphrase": FULL,
    "specialists_department": FULL,
    "specialists_doctor": FULL,
}
# Change forms whose fields are all read-only or optional: the superuser's (or, for
# reports, staff's) empty POST "saves" and redirects. Everywhere else a POST answers
# like a GET.
ADMIN_POST = {
    ("questions_report", "change"): (302, 302),
    ("axes_accessattempt", "change"): (403, 302),
    ("questions_triagequestion", "change"): (403, 302),
    ("questions_referral", "change"): (403, 302),
}
TO_ADMIN_LOGIN = (302,) * 6


def _admin_rows():
    for model, views in ADMIN_MODELS.items():
        app_label = next(
            label
            for label in ("django_tasks_database", "qa_portal", "questions", "specialists",
                          "auth", "axes")
            if model.startswith(label + "_")
        )  # fmt: skip
        model_name = model[len(app_label) + 1 :]
        for view, statuses in views.items():
            for method in ("get", "post"):
                chosen = ADMIN_POST.get((model, view), statuses) if method == "post" else statuses
                yield (f"admin:{model}_{view}", method, "", TO_ADMIN_LOGIN + chosen)
        route = f"route:admin/{app_label}/{model_name}/<path:object_id>/"
        for method in ("get", "post"):
            yield (route, method, "", TO_ADMIN_LOGIN + (302, 302))


ROWS = TABLE + list(_admin_rows())


LOGIN_REQUIRED = ("/my/questions/", "/my/account/", "/ask/submitted/", "/dashboard/",
                  "/admin/", "/accounts/password/")  # fmt: skip


def _refused(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.startswith(
        ("/accounts/login/", "/admin/login/")
    )


@pytest.fixture
def world():
    return build_world()


def test_every_url_pattern_has_rows():
    """Adding a URL pattern without saying who may open it fails here."""
    keys = {route.key for route in all_routes()}
    in_table = {row[0] for row in ROWS}
    assert sorted(keys - in_table) == [], "URL patterns without a row in the table"
    assert sorted(in_table - keys) == [], "rows for URL patterns that no longer exist"
    for key in keys:
        assert {row[1] for row in ROWS if row[0] == key} == {"get", "post"}, key


@pytest.mark.parametrize(
    ("key", "method", "target", "expected"),
    ROWS,
    ids=[f"{row[1]}-{row[0]}-{row[2]}" for row in ROWS],
)
def test_authorization_table(world, key, method, target, expected):
    """Each role gets the status in the table; refused requests and GETs change nothing."""
    route = next(route for route in all_routes() if route.key == key)
    url = route_url(route, world, target)
    got = {}
    for role in ROLES:
        caches["default"].clear()
        with transaction.atomic():
            client = Client()
            login(client, world, role)
            before = snapshot()
            response = getattr(client, method)(url, {})
            got[role] = response.status_code
            if method == "get" or _refused(response):
                assert snapshot() == before, (role, method, url)
            # (Logging out when not logged in goes back to the admin's index: no page.)
            private = (url.startswith(LOGIN_REQUIRED) or url == "/ask/") and "logout" not in url
            if role in ("anonymous", "inactive_doctor") and private:
                # Turned away to a login page, not redirected anywhere else.
                assert response.status_code != 302 or _refused(response), (role, url)
            transaction.set_rollback(True)
    assert got == dict(zip(ROLES, expected, strict=True)), url
