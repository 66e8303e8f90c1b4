"""The fields of FAQ topics kept in each of the site's languages (see
specialists.translation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import FAQTopic


@register(FAQTopic)
class FAQTopicTranslation(TranslationOptions):
    fields = ("name", "description")
    empty_values = {"name": None}
