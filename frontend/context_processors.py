from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from loti.notifications.selectors import notifications_unread_count


def service(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    items: list[dict[str, Any]] = [
        {"label": "Home", "href": reverse("frontend:home")},
        {"label": "Projects", "href": reverse("frontend:project-list")},
        {"label": "Playbooks", "href": reverse("frontend:playbook-list")},
        {"label": "Tenders", "href": reverse("frontend:tender-list")},
    ]
    if request.user.is_authenticated:
        # The contracts register is for people signed in: officers and suppliers.
        items.append({"label": "Contracts", "href": reverse("frontend:contract-list")})
    items.append({"label": "Challenges", "href": reverse("frontend:challenge-list")})
    if request.user.is_authenticated:
        items.append(
            {
                "label": "Notifications",
                "href": reverse("frontend:notifications"),
                "count": notifications_unread_count(user=request.user),  # one COUNT query
            }
        )
        items.append({"label": "Your account", "href": reverse("frontend:account")})
    else:
        items.append({"label": "Register a company", "href": reverse("frontend:supplier-register")})
        items.append({"label": "Sign in", "href": reverse("frontend:sign-in")})
    for item in items:
        item["active"] = path == item["href"] or (
            item["href"] != "/" and path.startswith(str(item["href"]))
        )
    return {"service_name": settings.SERVICE_NAME, "navigation": items}
