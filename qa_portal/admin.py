from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from .accounts import resets
from .models import Passkey, SecurityEvent, User


class UserChangeAdminForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


class ResetSecondFactorForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Kept in the account's security log, e.g. how you checked it was them. "
            "Nothing about their health."
        ),
    )
    new_password = forms.BooleanField(
        label=gettext_lazy("Also replace their password"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "They then choose a new one through a link sent to their e-mail address, which "
            "shows they hold it. Untick only if you are sure nobody else knows their password."
        ),
    )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ["email", "full_name", "is_staff", "is_active", "second_factor", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined", "email_verified_at"]
    fieldsets = [
        (None, {"fields": ["email", "email_verified_at", "password"]}),
        (gettext_lazy("Personal info"), {"fields": ["full_name", "email_on_reply"]}),
        (
            gettext_lazy("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (gettext_lazy("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    def get_queryset(self, request):
        # Whether each account has a second factor, in the list's one query.
        has_factor = Exists(
            TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        ) | Exists(Passkey.objects.filter(user=OuterRef("pk")))
        return (
            super()
            .get_queryset(request)
            .annotate(has_second_factor=ExpressionWrapper(Q(has_factor), BooleanField()))
        )

    @admin.display(
        description=gettext_lazy("second factor"), boolean=True, ordering="has_second_factor"
    )
    def second_factor(self, obj) -> bool:
        return obj.has_second_factor

    def save_model(self, request, obj, form, change):
        if change and "email" in form.changed_data:
            obj.email_verified_at = None  # a new address is confirmed again by its owner
        super().save_model(request, obj, form, change)

    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "usable_password", "password1", "password2"],
            },
        ),
    ]

    # --- Resetting the second factor -----------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<object_id>/reset-second-factor/",
                self.admin_site.admin_view(self.reset_second_factor_view),
                name="qa_portal_user_reset_second_factor",
            ),
            *super().get_urls(),
        ]

    def may_reset_second_factor(self, request, user) -> bool:
        """Staff who may change accounts reset doctors' and patients' second factor; only a
        superuser resets another staff member's; nobody their own here (their account page
        is where they change it, and a reset would sign them out)."""
        if user.pk == request.user.pk or not self.has_change_permission(request, user):
            return False
        return request.user.is_superuser or not (user.is_staff or user.is_superuser)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_reset_second_factor"] = bool(
            change and obj and self.may_reset_second_factor(request, obj)
        )
        context["security_log_url"] = (
            reverse("admin:qa_portal_securityevent_changelist") + f"?user__id__exact={obj.pk}"
            if change and obj and request.user.has_perm("qa_portal.view_securityevent")
            else ""
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def reset_second_factor_view(self, request, object_id):
        """GET says what a reset takes away; POST (with its CSRF token) does it."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not self.may_reset_second_factor(request, user):
            raise PermissionDenied
        form = ResetSecondFactorForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            resets.reset_second_factor(
                user=user,
                actor=request.user,
                note=form.cleaned_data["reason"],
                new_password=form.cleaned_data["new_password"],
            )
            self.message_user(
                request,
                _(
                    "The second factor of %(email)s is reset and every browser of theirs is "
                    "signed out. They have been e-mailed, and will set up a new factor at "
                    "their next sign-in."
                )
                % {"email": user.email},
                messages.SUCCESS,
            )
            return redirect("admin:qa_portal_user_change", user.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reset the second factor"),
            "opts": self.opts,
            "original": user,
            "factors": resets.factors_of(user),
            "form": form,
        }
        return TemplateResponse(request, "admin/qa_portal/user/reset_second_factor.html", context)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The accounts' security logs, read only: what the log says happened stays so."""

    list_display = ["at", "user", "action", "actor", "by_operator", "note"]
    list_filter = ["action", "by_operator", "at"]
    search_fields = ["user__email"]
    list_select_related = ["user", "actor"]
    fields = ["at", "user", "action", "actor", "by_operator", "note"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-otp's own admin shows each authenticator app's key and QR code to staff: a
# doctor's second factor would be only as secret as the admin. Factors are set up by their
# owners and reset as a whole (README, "Two-factor sign-in").
admin.site.unregister(TOTPDevice)
