from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from . import services
from .models import Department, Doctor


@admin.register(Department)
class DepartmentAdmin(TranslationAdmin):
    """The name and description in each language, one under the other (English required;
    a missing translation shows the English)."""

    list_display = ["name", "name_zh_hant", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_zh_hant", "description_en", "description_zh_hant"]
    # The address comes from the English name and never changes with the language.
    prepopulated_fields = {"slug": ["name_en"]}


class DoctorCreationForm(forms.ModelForm):
    """Adding a doctor makes their account from an e-mail address and invites them."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The doctor logs in with it, and gets an invitation there to choose a "
                    "password."),
    )  # fmt: skip

    class Meta:
        model = Doctor
        fields = [
            "email", "name_en", "name_zh_hant", "slug", "department", "title_en",
            "title_zh_hant", "hospital_en", "hospital_zh_hant", "bio_en", "bio_zh_hant",
            "license_number", "is_verified", "accepting_questions",
        ]  # fmt: skip

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account already uses this address. Doctors need an account of their "
                  "own, not a patient's."),
                code="email_taken",
            )  # fmt: skip
        return email


@admin.register(Doctor)
class DoctorAdmin(TranslationAdmin):
    """The name, title, hospital and biography in each language, one under the other."""

    list_display = ["name", "department", "title", "hospital", "is_verified", "accepting_questions"]
    list_filter = ["department", "is_verified", "accepting_questions"]
    list_select_related = ["department"]
    search_fields = [
        "name_en", "name_zh_hant", "hospital_en", "hospital_zh_hant", "user__email",
        "license_number",
    ]  # fmt: skip
    autocomplete_fields = ["user", "department"]
    prepopulated_fields = {"slug": ["name_en"]}
    actions = ["send_invitation"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = DoctorCreationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": DoctorCreationForm.Meta.fields})]
        return super().get_fieldsets(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.create_doctor(email=form.cleaned_data["email"], profile=obj)
            messages.info(
                request,
                _("An invitation to choose a password was sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )

    @admin.action(permissions=["change"], description=_("Send the invitation e-mail again"))
    def send_invitation(self, request, queryset):
        for doctor in queryset:
            services.resend_invitation(doctor=doctor)
        self.message_user(
            request,
            ngettext("Sent %(count)d invitation.", "Sent %(count)d invitations.", len(queryset))
            % {"count": len(queryset)},
        )
