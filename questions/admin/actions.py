"""What the admin's actions share: the page that asks for an action's one extra value,
and the small forms those pages show."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from questions.models import FAQTopic, Question
from specialists.models import Department


def intermediate_page(modeladmin, request, queryset, form, title, action):
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


class TopicMergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Keep this topic"), queryset=FAQTopic.objects.none())

    def __init__(self, *args, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = topics
