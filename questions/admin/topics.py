"""Curating FAQ topics: editing, ordering, featuring and merging them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from taggit.models import Tag

from questions import services
from questions.models import FAQTopic, TopicRedirect

from .actions import TopicMergeForm, intermediate_page

# Topics are FAQTopic, not taggit's own Tag model: hide the latter from staff.
admin.site.unregister(Tag)


@admin.register(FAQTopic)
class FAQTopicAdmin(TranslationAdmin):
    """The name and description in each language, one under the other (see
    specialists.admin.DepartmentAdmin)."""

    list_display = ["name", "name_zh_hant", "department", "position", "is_featured"]
    list_editable = ["position", "is_featured"]
    list_filter = ["department", "is_featured"]
    list_select_related = ["department"]
    search_fields = ["name_en", "name_zh_hant", "description_en", "description_zh_hant"]
    autocomplete_fields = ["department"]
    prepopulated_fields = {"slug": ["name_en"]}
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
        return intermediate_page(self, request, queryset, form, _("Merge FAQ topics"), "merge")


@admin.register(TopicRedirect)
class TopicRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "topic"]
    search_fields = ["old_slug", "topic__name_en", "topic__name_zh_hant"]
    autocomplete_fields = ["topic"]
