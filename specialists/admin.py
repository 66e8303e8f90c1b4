from django.contrib import admin

from .models import Department, Doctor


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Doctor)
class DoctorAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "title", "hospital", "accepting_questions"]
    list_filter = ["department", "accepting_questions", "hospital"]
    list_select_related = ["department"]
    search_fields = ["name", "hospital", "user__email"]
    autocomplete_fields = ["user", "department"]
    prepopulated_fields = {"slug": ["name"]}
