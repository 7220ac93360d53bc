from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from loti.accounts.models import Organisation
from loti.api.users import signed_in_user
from procurement import suppliers
from procurement.models import SupplierProfile


class CaseStudy(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    client = serializers.CharField(max_length=200, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    url = serializers.URLField(required=False, allow_blank=True)


class SupplierProfileOutput(serializers.Serializer[Any]):
    organisation = serializers.SlugField(source="organisation.slug")
    name = serializers.CharField(source="organisation.name")
    size = serializers.CharField(source="organisation.size")
    capabilities = serializers.CharField()
    cpv_interests = serializers.SerializerMethodField()
    boroughs_served = serializers.SerializerMethodField()
    certifications = serializers.ListField(child=serializers.CharField())
    case_studies = CaseStudy(many=True)

    def get_cpv_interests(self, profile: SupplierProfile) -> list[str]:
        return [code.code for code in profile.cpv_interests.all()] if profile.pk else []

    def get_boroughs_served(self, profile: SupplierProfile) -> list[str]:
        return [o.slug for o in profile.boroughs_served.all()] if profile.pk else []


class SupplierProfileInput(serializers.Serializer[Any]):
    capabilities = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    cpv_interests = serializers.ListField(child=serializers.CharField(), required=False)
    boroughs_served = serializers.ListField(child=serializers.SlugField(), required=False)
    certifications = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False
    )
    case_studies = CaseStudy(many=True, required=False)


class SupplierProfileApi(APIView):
    """A supplier's profile: read by anyone signed in, changed by its members."""

    @extend_schema(responses=SupplierProfileOutput)
    def get(self, request: Request, slug: str) -> Response:
        supplier: Organisation = suppliers.supplier_get_for(user=request.user, slug=slug)
        profile = suppliers.supplier_profile_of(supplier=supplier)
        return Response(SupplierProfileOutput(profile).data)

    @extend_schema(request=SupplierProfileInput, responses=SupplierProfileOutput)
    def patch(self, request: Request, slug: str) -> Response:
        supplier = suppliers.supplier_get_for(user=request.user, slug=slug)
        data = SupplierProfileInput(data=request.data)
        data.is_valid(raise_exception=True)
        suppliers.supplier_profile_update(
            acting_user=signed_in_user(request), supplier=supplier, changes=data.validated_data
        )
        profile = suppliers.supplier_profile_of(supplier=supplier)
        return Response(SupplierProfileOutput(profile).data)
