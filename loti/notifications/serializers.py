from __future__ import annotations

from typing import Any

from rest_framework import serializers

from loti.notifications.models import Category, Frequency, Notification


class NotificationOutput(serializers.ModelSerializer[Notification]):
    actor = serializers.CharField(source="actor.full_name", allow_null=True, default=None)
    link = serializers.CharField()
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "event",
            "category",
            "title",
            "link",
            "actor",
            "created_at",
            "read_at",
            "is_read",
        ]

    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class UnreadCountOutput(serializers.Serializer[dict[str, int]]):
    unread = serializers.IntegerField()


class ReadAllOutput(serializers.Serializer[dict[str, int]]):
    marked_read = serializers.IntegerField()


class PreferenceOutput(serializers.Serializer[dict[str, Any]]):
    category = serializers.ChoiceField(choices=Category.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    can_change = serializers.BooleanField()


class PreferencesOutput(serializers.Serializer[dict[str, Any]]):
    preferences = PreferenceOutput(many=True)


class PreferencesUpdateInput(serializers.Serializer[None]):
    """Any of the categories, each set to immediately, daily, weekly or off.
    account can only be immediately."""

    projects = serializers.ChoiceField(choices=Frequency.choices, required=False)
    tenders = serializers.ChoiceField(choices=Frequency.choices, required=False)
    challenges = serializers.ChoiceField(choices=Frequency.choices, required=False)
    account = serializers.ChoiceField(choices=Frequency.choices, required=False)
