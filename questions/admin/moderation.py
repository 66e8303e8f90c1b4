"""Moderation: readers' reports and the crisis terms that mark a question priority."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from questions import services
from questions.models import BannedPhrase, CrisisExample, CrisisTerm, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "question", "reason", "status", "created_at"]
    list_filter = ["status", "reason"]
    list_select_related = ["question"]
    readonly_fields = ["question", "reason", "text", "reporter", "status", "created_at"]
    actions = ["hide_question", "dismiss"]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("status", "-created_at")

    def has_add_permission(self, request):
        return False

    @admin.action(permissions=["change"], description=_("Hide the reported Q&A"))
    def hide_question(self, request, queryset):
        for question in {report.question for report in queryset.select_related("question")}:
            services.hide_question(question=question, actor=request.user)
        self.message_user(request, _("The Q&A is hidden and its reports are closed."))

    @admin.action(permissions=["change"], description=_("Dismiss: nothing wrong"))
    def dismiss(self, request, queryset):
        count = services.dismiss_reports(reports=queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d report dismissed.", "%(count)d reports dismissed.", count)
            % {"count": count},
        )


@admin.register(CrisisTerm)
class CrisisTermAdmin(admin.ModelAdmin):
    """Words and phrases that mark a question as a possible emergency; staff extend it."""

    list_display = ["term", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["term"]


@admin.register(BannedPhrase)
class BannedPhraseAdmin(admin.ModelAdmin):
    """Words and phrases of spam or abuse: a question holding one waits in triage for staff
    instead of reaching the doctors."""

    list_display = ["term", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["term"]


@admin.register(CrisisExample)
class CrisisExampleAdmin(admin.ModelAdmin):
    """Emergencies described in patients' words: a question close in meaning to one is
    marked priority and shows the emergency help, whatever words it uses."""

    list_display = ["text", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["text"]
