"""Staff work here: curating FAQ topics and the archive, triage, moderation and the audit
trail. State changes go through the same service functions as the site's pages."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from specialists.models import Department

from . import pagecache, search, services
from .models import (
    CrisisTerm,
    FAQTopic,
    Question,
    QuestionEvent,
    Referral,
    Reply,
    Report,
    TopicRedirect,
    TriageQuestion,
    public_question,
)
from .templatetags.questions_tags import markdown

# Topics are FAQTopic, not taggit's own Tag model: hide the latter from staff.
admin.site.unregister(Tag)


def _intermediate(modeladmin, request, queryset, form, title, action):
    """Render the page that asks for the action's one extra value (a topic, a reason…)."""
    return TemplateResponse(
        request,
        "admin/questions/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "queryset": queryset,
            "action": action,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": modeladmin.media + form.media,
        },
    )


class TopicChoiceForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("FAQ topic"), queryset=FAQTopic.objects.all())

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].widget = AutocompleteSelect(
            Question._meta.get_field("topics"), admin_site
        )


class DepartmentChoiceForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())


class DeclineReasonForm(forms.Form):
    code = forms.ChoiceField(
        label=_("Reason"),
        choices=Question.DeclineReason.choices,
        initial=Question.DeclineReason.OTHER,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("A preset reason reaches the patient in their own language."),
    )
    reason = forms.CharField(
        label=_("Message to the patient"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Added to the reason; required for “Other”."),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["code"] = cleaned.get("code") or Question.DeclineReason.OTHER
        if (
            cleaned["code"] == Question.DeclineReason.OTHER
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Explain the reason to the patient."))
        return cleaned


class ReplyInline(admin.StackedInline):
    model = Reply
    extra = 0
    autocomplete_fields = ["doctor"]
    fields = ["doctor", "body", "published_at", "edited_at"]
    readonly_fields = ["published_at", "edited_at"]


class QuestionEventInline(admin.TabularInline):
    """The audit trail, read-only, newest first."""

    model = QuestionEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "actor", "detail"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    verbose_name_plural = _("Audit trail")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BaseQuestionAdmin(admin.ModelAdmin):
    list_select_related = ["department"]
    search_fields = ["title", "headline", "nickname"]
    date_hierarchy = "asked_at"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "topics" in form.base_fields:
            field = form.base_fields["topics"]
            form.base_fields["topics"] = forms.ModelMultipleChoiceField(
                label=field.label,
                queryset=FAQTopic.objects.all(),
                required=False,
                widget=AutocompleteSelectMultiple(
                    Question._meta.get_field("topics"), self.admin_site
                ),
                help_text=_("Type to find a topic."),
            )
        return form

    def _apply_to_each(self, request, queryset, change) -> int:
        """Run a service on each selected question; report those it refused."""
        done = 0
        for question in queryset:
            try:
                change(question)
                done += 1
            except services.QuestionError as error:
                self.message_user(request, f"{question}: {error}", messages.WARNING)
        return done

    @admin.action(permissions=["change"], description=_("Assign a department…"))
    def assign_department(self, request, queryset):
        form = DepartmentChoiceForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            department = form.cleaned_data["department"]
            done = self._apply_to_each(
                request,
                queryset,
                lambda question: services.assign_department(
                    question=question, department=department, actor=request.user
                ),
            )
            self.message_user(
                request,
                ngettext("%(count)d question assigned.", "%(count)d questions assigned.", done)
                % {"count": done},
            )
            return None
        return _intermediate(
            self, request, queryset, form, _("Assign a department"), "assign_department"
        )

    @admin.action(permissions=["change"], description=_("Decline with a reason…"))
    def decline(self, request, queryset):
        form = DeclineReasonForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            code, reason = form.cleaned_data["code"], form.cleaned_data["reason"]
            done = self._apply_to_each(
                request,
                queryset,
                lambda question: services.decline_question(
                    question=question, code=code, reason=reason, actor=request.user
                ),
            )
            self.message_user(
                request,
                ngettext("%(count)d question declined.", "%(count)d questions declined.", done)
                % {"count": done},
            )
            return None
        return _intermediate(self, request, queryset, form, _("Decline with a reason"), "decline")


@admin.register(Question)
class QuestionAdmin(BaseQuestionAdmin):
    list_display = [
        "__str__", "department", "status", "is_priority", "is_hidden", "nickname", "asked_at",
        "answered_at",
    ]  # fmt: skip
    list_filter = ["status", "is_hidden", "is_priority", "department", "asked_at"]
    autocomplete_fields = ["department", "duplicate_of"]
    readonly_fields = [
        "slug", "status", "author", "asked_at", "answered_at", "is_hidden", "claimed_by",
        "claimed_until", "more_info_preview",
    ]  # fmt: skip
    inlines = [ReplyInline, QuestionEventInline]
    actions = ["add_topic", "hide", "restore", "assign_department", "decline"]
    fieldsets = [
        (None, {"fields": ["status", "is_hidden", "is_priority", "department", "topics"]}),
        (_("Patient"), {"fields": ["author", "nickname", "age_range", "gender"]}),
        (_("Question"), {"fields": ["title", "body", "asked_at", "answered_at"]}),
        (
            _("Curated by staff"),
            {"fields": ["headline", "slug", "more_info", "more_info_preview", "duplicate_of"]},
        ),
        (
            _("Workflow"),
            {"fields": ["decline_reason_code", "decline_reason", "claimed_by", "claimed_until"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description=_("More info as published"))
    def more_info_preview(self, obj):
        return markdown(obj.more_info) if obj and obj.more_info else "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            # Field names only: the admin's own history and this trail never hold the text.
            services.record_staff_edit(question=obj, actor=request.user, fields=form.changed_data)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Replies edited in the inline change what search finds and what the page shows.
        search.refresh_search_vectors(ids=[form.instance.pk])
        # After the admin's transaction commits: before it, a reader could still render
        # and store the old page.
        pk = form.instance.pk
        transaction.on_commit(lambda: pagecache.forget_question(pk))

    def get_search_results(self, request, queryset, search_term):
        # "Duplicate of" autocomplete offers only public Q&A.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "duplicate_of":
            queryset = queryset.filter(public_question())
        return queryset, may_have_duplicates

    @admin.action(permissions=["change"], description=_("Add an FAQ topic…"))
    def add_topic(self, request, queryset):
        form = TopicChoiceForm(
            request.POST if "apply" in request.POST else None, admin_site=self.admin_site
        )
        if "apply" in request.POST and form.is_valid():
            topic = form.cleaned_data["topic"]
            added = services.tag_questions(questions=queryset, topic=topic, actor=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d question tagged “%(topic)s”.",
                    "%(count)d questions tagged “%(topic)s”.",
                    added,
                )
                % {"count": added, "topic": topic.name},
            )
            return None
        return _intermediate(self, request, queryset, form, _("Add an FAQ topic"), "add_topic")

    @admin.action(
        permissions=["change"], description=_("Hide (a 404 everywhere, kept in the database)")
    )
    def hide(self, request, queryset):
        for question in queryset:
            services.hide_question(question=question, actor=request.user)
        self.message_user(request, _("Hidden."))

    @admin.action(permissions=["change"], description=_("Restore hidden Q&A"))
    def restore(self, request, queryset):
        for question in queryset.filter(is_hidden=True):
            services.restore_question(question=question, actor=request.user)
        self.message_user(request, _("Restored."))


@admin.register(TriageQuestion)
class TriageAdmin(BaseQuestionAdmin):
    """Questions whose patient was not sure of the department, oldest first."""

    list_display = ["__str__", "is_priority", "age_range", "gender", "asked_at"]
    list_filter = ["is_priority"]
    fields = ["title", "body", "nickname", "age_range", "gender", "asked_at", "is_priority"]
    readonly_fields = fields
    actions = ["assign_department", "decline"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=Question.Status.TRIAGE)
            .order_by("-is_priority", "asked_at")
        )

    def has_add_permission(self, request):
        return False


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


class TopicMergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Keep this topic"), queryset=FAQTopic.objects.none())

    def __init__(self, *args, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = topics


@admin.register(FAQTopic)
class FAQTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "position", "is_featured"]
    list_editable = ["position", "is_featured"]
    list_filter = ["department", "is_featured"]
    list_select_related = ["department"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["department"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    @admin.action(
        permissions=["change", "delete"], description=_("Merge the selected topics into one…")
    )
    def merge(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, _("Select at least two topics to merge."), messages.ERROR)
            return None
        form = TopicMergeForm(
            request.POST if "apply" in request.POST else None, topics=queryset.all()
        )
        if "apply" in request.POST and form.is_valid():
            target = form.cleaned_data["target"]
            for source in queryset.exclude(pk=target.pk):
                services.merge_topics(source=source, target=target, actor=request.user)
            self.message_user(
                request,
                _("Merged into “%(topic)s”; the old addresses redirect to it.")
                % {"topic": target.name},
            )
            return None
        return _intermediate(self, request, queryset, form, _("Merge FAQ topics"), "merge")


@admin.register(TopicRedirect)
class TopicRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "topic"]
    search_fields = ["old_slug", "topic__name"]
    autocomplete_fields = ["topic"]


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "doctor", "published_at", "edited_at"]
    list_filter = ["doctor__department", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["doctor", "question"]
    search_fields = ["question__title", "doctor__name"]
    autocomplete_fields = ["question", "doctor"]
    readonly_fields = ["published_at", "edited_at"]
    date_hierarchy = "published_at"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        search.refresh_search_vectors(ids=[obj.question_id])
        transaction.on_commit(lambda: pagecache.forget_question(obj.question_id))


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["__str__", "from_department", "to_department", "doctor", "created_at"]
    list_filter = ["to_department", "from_department"]
    list_select_related = ["from_department", "to_department", "doctor"]
    readonly_fields = [
        "question",
        "doctor",
        "from_department",
        "to_department",
        "note",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(CrisisTerm)
class CrisisTermAdmin(admin.ModelAdmin):
    """Words and phrases that mark a question as a possible emergency; staff extend it."""

    list_display = ["term", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["term"]
