"""Staff's work on questions and replies: editing and curating them, triage, the audit
trail. Every change goes through questions.services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from questions import services
from questions.forms import DeclineForm
from questions.meaning.hybrid import likely_departments, staff_hints
from questions.models import (
    FAQTopic,
    Question,
    QuestionEvent,
    Referral,
    Reply,
    TriageQuestion,
    public_question,
)
from questions.templatetags.questions_tags import markdown

from .actions import DepartmentChoiceForm, TopicChoiceForm, intermediate_page


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

    @admin.display(description=_("Found by meaning"))
    def meaning_hints(self, obj):
        """Answered Q&A that may already answer it, and the departments that answered the
        nearest ones (in English and Chinese)."""
        if obj is None or obj.pk is None:
            return "—"
        hints = staff_hints(obj)
        return render_to_string("admin/questions/meaning_hints.html", {"hints": hints})

    search_fields = ["title", "headline", "nickname"]
    date_hierarchy = "asked_at"

    def get_search_results(self, request, queryset, search_term):
        """Also by its number: "1234" or "#1234" finds question 1234."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        number = search_term.strip().lstrip("#")
        if number.isdigit() and len(number) < 12:
            found |= queryset.filter(pk=int(number))
        return found, may_have_duplicates

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

    def delete_model(self, request, obj):
        services.delete_questions(questions=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_questions(questions=queryset)

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
        return intermediate_page(
            self, request, queryset, form, _("Assign a department"), "assign_department"
        )

    @admin.action(permissions=["change"], description=_("Decline with a reason…"))
    def decline(self, request, queryset):
        form = DeclineForm(
            request.POST if "apply" in request.POST else None,
            default_reason=Question.DeclineReason.OTHER,
        )
        if "apply" in request.POST and form.is_valid():
            code, reason = form.cleaned_data["reason"], form.cleaned_data["note"]
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
        return intermediate_page(
            self, request, queryset, form, _("Decline with a reason"), "decline"
        )


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
        "claimed_until", "more_info_preview", "meaning_hints", "added_information_preview",
    ]  # fmt: skip
    inlines = [ReplyInline, QuestionEventInline]
    actions = ["add_topic", "hide", "restore", "assign_department", "decline"]
    fieldsets = [
        (None, {"fields": ["status", "is_hidden", "is_priority", "department", "topics"]}),
        (_("Patient"), {"fields": ["author", "nickname", "age_range", "gender"]}),
        (
            _("Question"),
            {"fields": ["title", "body", "added_information_preview", "asked_at", "answered_at"]},
        ),
        (
            _("Curated by staff"),
            {
                "fields": [
                    "headline",
                    "slug",
                    "more_info",
                    "more_info_preview",
                    "duplicate_of",
                    "meaning_hints",
                ]
            },  # fmt: skip
        ),
        (
            _("Workflow"),
            {"fields": ["decline_reason_code", "decline_reason", "claimed_by", "claimed_until"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description=_("More info as published"))
    @admin.display(description=_("More information from the patient"))
    def added_information_preview(self, obj):
        """What the patient added on a doctor's request (published with the question)."""
        if obj is None or not obj.added_information:
            return "—"
        return render_to_string(
            "questions/_added_information.html",
            {"question": obj, "entries": obj.information_thread},
        )

    def more_info_preview(self, obj):
        return markdown(obj.more_info) if obj and obj.more_info else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Once the question, its topics and its replies (inline) are all saved. Field names
        # only: the admin's own history and the audit trail never hold the text.
        services.record_staff_edit(
            question=form.instance,
            actor=request.user,
            fields=form.changed_data if change else [],
        )

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
        return intermediate_page(self, request, queryset, form, _("Add an FAQ topic"), "add_topic")

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


class TriageChangeList(ChangeList):
    """The triage list, each row with the department most like questions went to: found
    for the whole page at once."""

    def get_results(self, request):
        super().get_results(request)
        likely = likely_departments(self.result_list)  # reads the page's rows, once
        for question in self.result_list:
            question.likely_department = likely.get(question.pk)


@admin.register(TriageQuestion)
class TriageAdmin(BaseQuestionAdmin):
    """Questions whose patient was not sure of the department, oldest first."""

    list_display = ["__str__", "held_reason", "likely_department", "is_priority", "age_range",
                    "gender", "asked_at"]  # fmt: skip
    list_filter = ["is_priority"]
    fields = [
        "title", "body", "held_reason", "department", "nickname", "age_range", "gender",
        "asked_at", "is_priority", "meaning_hints",
    ]  # fmt: skip
    readonly_fields = fields
    actions = ["assign_department", "decline"]

    def get_changelist(self, request, **kwargs):
        return TriageChangeList

    @admin.display(description=_("Likely department"))
    def likely_department(self, obj):
        """The department that answered most of the Q&A nearest in meaning."""
        found = getattr(obj, "likely_department", None)
        return found.name if found else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).in_triage().order_by("-is_priority", "asked_at")

    def has_add_permission(self, request):
        return False


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "doctor", "published_at", "edited_at"]
    list_filter = ["doctor__department", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["doctor", "question"]
    search_fields = ["question__title", "doctor__name_en", "doctor__name_zh_hant"]
    autocomplete_fields = ["question", "doctor"]
    readonly_fields = ["published_at", "edited_at", "helped_count"]
    date_hierarchy = "published_at"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.staff_saved_reply(reply=obj)

    def delete_model(self, request, obj):
        services.delete_replies(replies=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_replies(replies=queryset)


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
