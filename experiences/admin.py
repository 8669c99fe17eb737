from django.contrib import admin

from experiences.models import Experience, ExperienceRating


class ExperienceRatingInline(admin.TabularInline):
    model = ExperienceRating
    extra = 0


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "workshop", "author", "hidden", "created_at"]
    search_fields = ["title", "company", "description"]
    list_filter = ["hidden"]
    inlines = [ExperienceRatingInline]
