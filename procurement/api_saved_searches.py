"""The API shape both kinds of saved search share: your own, listed (GET) and saved
(POST), and one of them read or deleted; anyone else's is a 404. The tender board's
saved searches (procurement/api.py) and the market pipeline's (api_contracts.py)
differ only in what their SavedSearchApi names: a subclass sets `searches`, and gets
its schema from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loti.accounts.models import User
from loti.api.users import signed_in_user


@dataclass(frozen=True)
class SavedSearchApi:
    """One kind of saved search as the API serves it."""

    model: type[Model]
    output: type[serializers.ModelSerializer[Any]]
    new: type[serializers.Serializer[Any]]
    owned_by: Callable[..., QuerySet[Any]]  # the selector: owned_by(user=…)
    create: Callable[..., Model]  # the service: create(acting_user=…, **fields)
    get_for: Callable[..., Any]  # the access check: get_for(user=…, <the URL's id>=…)
    delete: Callable[[User, Any], None]  # the service, given the person and the search


class SavedSearchListView(generics.ListAPIView[Any]):
    searches: ClassVar[SavedSearchApi]
    pagination_class = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # extend_schema_view copies the inherited methods onto the subclass before
        # annotating them, so each kind documents its own serializers, not the base's.
        super().__init_subclass__(**kwargs)
        api = cls.searches
        extend_schema_view(post=extend_schema(request=api.new, responses={201: api.output}))(cls)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return self.searches.output

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return QuerySet(self.searches.model).none()
        return self.searches.owned_by(user=signed_in_user(self.request))

    def post(self, request: Request) -> Response:
        data = self.searches.new(data=request.data)
        data.is_valid(raise_exception=True)
        saved = self.searches.create(acting_user=signed_in_user(request), **data.validated_data)
        return Response(self.searches.output(saved).data, status=status.HTTP_201_CREATED)


class SavedSearchDetailView(APIView):
    searches: ClassVar[SavedSearchApi]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        extend_schema_view(
            get=extend_schema(responses=cls.searches.output),
            delete=extend_schema(responses={204: None}),
        )(cls)

    def get(self, request: Request, **ids: int) -> Response:
        saved = self.searches.get_for(user=request.user, **ids)
        return Response(self.searches.output(saved).data)

    def delete(self, request: Request, **ids: int) -> Response:
        saved = self.searches.get_for(user=request.user, **ids)
        self.searches.delete(signed_in_user(request), saved)
        return Response(status=status.HTTP_204_NO_CONTENT)
