from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CrisisTerm, FAQTopic, Question, Referral, Reply


class ReplyInline(admin.StackedInline):
    model = Reply
    extra = 0
    autocomplete_fields = ["doctor"]
    fields = ["doctor", "body", "published_at", "edited_at"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = [
        "__str__", "department", "status", "is_priority", "nickname", "asked_at", "answered_at",
    ]  # fmt: skip
    list_filter = ["status", "is_priority", "department", "asked_at"]
    list_select_related = ["department"]
    search_fields = ["title", "headline", "nickname"]
    autocomplete_fields = ["author", "department"]
    date_hierarchy = "asked_at"
    readonly_fields = ["slug"]
    inlines = [ReplyInline]
    fieldsets = [
        (None, {"fields": ["status", "is_priority", "department", "topics", "decline_reason"]}),
        (_("Patient"), {"fields": ["author", "nickname", "age_range", "gender"]}),
        (_("Question"), {"fields": ["title", "body", "asked_at", "answered_at"]}),
        (_("Curated by staff"), {"fields": ["headline", "slug", "more_info"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")


@admin.register(FAQTopic)
class FAQTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "position", "is_featured"]
    list_editable = ["position", "is_featured"]
    list_filter = ["department", "is_featured"]
    list_select_related = ["department"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["department"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "doctor", "published_at", "edited_at"]
    list_filter = ["doctor__department", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["doctor", "question"]
    search_fields = ["question__title", "doctor__name"]
    autocomplete_fields = ["question", "doctor"]
    date_hierarchy = "published_at"


@admin.register(CrisisTerm)
class CrisisTermAdmin(admin.ModelAdmin):
    """Words and phrases that mark a question as a possible emergency; staff extend it."""

    list_display = ["term", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["term"]


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
