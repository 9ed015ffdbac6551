"""Admin: questionnaire templates with their questions, and programme age ranges."""

from __future__ import annotations

from django.contrib import admin

from gezinsaanpak.models import ProgrammeAgeRange, Question, QuestionnaireTemplate


class QuestionInline(admin.TabularInline[Question, QuestionnaireTemplate]):
    model = Question
    extra = 3


@admin.register(QuestionnaireTemplate)
class QuestionnaireTemplateAdmin(admin.ModelAdmin[QuestionnaireTemplate]):
    list_display = ["name", "organisation", "active"]
    list_filter = ["organisation", "active"]
    inlines = [QuestionInline]


@admin.register(ProgrammeAgeRange)
class ProgrammeAgeRangeAdmin(admin.ModelAdmin[ProgrammeAgeRange]):
    """One age rule: whole years, both ends included (the fields' help text says how)."""

    list_display = ["organisation", "programme", "min_age", "max_age"]
    list_filter = ["programme"]
    fieldsets = [
        (
            None,
            {
                "fields": ["organisation", "programme", "min_age", "max_age"],
                "description": ProgrammeAgeRange._meta.get_field("max_age").help_text,
            },
        ),
    ]
