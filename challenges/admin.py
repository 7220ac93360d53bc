from django.contrib import admin

from challenges.models import Challenge, Entry, Round


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin[Challenge]):
    list_display = ["title", "owner", "status", "audience", "closes_at"]
    list_filter = ["status", "audience"]
    search_fields = ["title"]
    raw_id_fields = ["owner", "created_by"]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin[Entry]):
    list_display = ["title", "challenge", "supplier", "status", "eligibility"]
    list_filter = ["status", "eligibility"]
    raw_id_fields = ["challenge", "supplier", "latest_submission", "screened_by", "created_by"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin[Round]):
    list_display = ["challenge", "number", "name", "kind", "status", "blind"]
    raw_id_fields = ["challenge"]
