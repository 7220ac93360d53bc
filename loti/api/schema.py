"""The OpenAPI description of what every operation may answer besides success.

Every 4xx the API returns has one body, `{"message", "fields"}` (loti.api.errors), so
each operation documents it for the statuses any view can give: 400 (bad input),
401 (no or bad credentials: an invalid token is refused even where signing in is
optional), 403 (visible but not allowed), 404 (missing or invisible, and a bad
cursor), 409 (the wrong state for this). Writes may also answer 415 (a body the
parsers cannot read); throttled views 429. A view's own declaration of a status wins.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework.views import APIView

ERROR_COMPONENT = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every 4xx: a sentence for a person, and what is wrong with each field.",
    "properties": {
        "message": {"type": "string"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["message", "fields"],
}
ERRORS = {
    "400": "The request is not valid: `fields` names what is wrong.",
    "401": "Not signed in, or the credentials are not valid.",
    "403": "Visible, but not yours to do this with.",
    "404": "Not found, or not visible to you.",
    "409": "Not possible in the object's current state.",
}
WRITE_ERRORS = {"415": "The body's media type is not accepted."}
THROTTLED = {"429": "Too many requests: try again later."}


def error_response(description: str) -> OpenApiResponse:
    """A status a view documents itself, answered in the one error shape."""
    return OpenApiResponse(
        response={"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}, description=description
    )


def _is_throttled(view: APIView) -> bool:
    return bool(getattr(view, "throttle_classes", None)) or (
        type(view).get_throttles is not APIView.get_throttles
    )


class ErrorResponsesSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method in {"POST", "PUT", "PATCH"}:
            errors.update(WRITE_ERRORS)
        if _is_throttled(self.view):
            errors.update(THROTTLED)
        component = ResolvedComponent(
            name=ERROR_COMPONENT,
            type=ResolvedComponent.SCHEMA,
            schema=ERROR_SCHEMA,
            object=ERROR_COMPONENT,
        )
        self.registry.register_on_missing(component)
        error = component.ref
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(response=error, description=description),
                    code,
                    direction=direction,
                )
        return responses
