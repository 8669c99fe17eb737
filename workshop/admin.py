from django.contrib import admin

from workshop.models import Activity, DotVote, Participant, PhaseSession, Workshop


class PhaseSessionInline(admin.TabularInline):
    model = PhaseSession
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "code", "facilitator", "created_at"]
    search_fields = ["title", "organisation", "code"]
    inlines = [PhaseSessionInline]
    raw_id_fields = ["current_activity"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


@admin.register(PhaseSession)
class PhaseSessionAdmin(admin.ModelAdmin):
    list_display = ["workshop", "phase", "date", "status"]
    list_filter = ["phase", "status"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "session", "minutes", "locked", "hide_new_cards"]
    list_filter = ["kind", "locked"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "workshop", "joined_at", "removed_at"]
    list_filter = ["role"]
    search_fields = ["name"]


@admin.register(DotVote)
class DotVoteAdmin(admin.ModelAdmin):
    list_display = ["activity", "budget", "one_per_item", "opened_at", "closed_at", "revealed_at"]
    raw_id_fields = ["activity"]
