"""Notifications: in-app notices, e-mail through an outbox, preferences and digests.

Producers call ``loti.notifications.services.notify`` inside their own transaction.
"""
