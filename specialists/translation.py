"""The fields of the directory kept in each of the site's languages (django-modeltranslation
adds name_en, name_zh_hant, … beside each; `name` reads the reader's language, falling back
to the other)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Department, Doctor


@register(Department)
class DepartmentTranslation(TranslationOptions):
    fields = ("name", "description")
    # A name left empty is stored as NULL, so that two departments without, say, a Chinese
    # name do not collide on the unique name.
    empty_values = {"name": None}


@register(Doctor)
class DoctorTranslation(TranslationOptions):
    """A doctor's name as patients read it (葉柏壽 / Yeh Po-Shou), title, hospital and
    biography."""

    fields = ("name", "title", "hospital", "bio")
