"""Public projects and playbooks as open data: a DCAT-AP style JSON-LD catalogue and a
CSV of the same records, under the Open Government Licence, for the London Datastore."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse

from loti.accounts.models import Organisation
from projects.models import Theme
from projects.selectors import public_catalogue

OGL = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
CSV_COLUMNS = [
    "type",
    "identifier",
    "title",
    "description",
    "keywords",
    "publisher",
    "issued",
    "modified",
    "landing_page",
    "licence",
]


def _publisher(organisation: Organisation) -> dict[str, str]:
    return {"@type": "foaf:Organization", "foaf:name": organisation.name}


def catalogue_records() -> Iterator[dict[str, Any]]:
    projects, playbooks = public_catalogue()
    themes = dict(Theme.choices)
    for project in projects:
        yield {
            "type": "project",
            "identifier": f"loti-project-{project.pk}",
            "title": project.title,
            "description": project.summary,
            "keywords": [themes.get(t, t) for t in project.themes] + project.tags,
            "publisher": project.lead_organisation,
            "issued": project.created_at,
            "modified": project.updated_at,
            "landing_page": settings.SITE_URL + reverse("api:project-detail", args=[project.pk]),
        }
    for playbook in playbooks:
        versions = list(playbook.versions.all())
        yield {
            "type": "playbook",
            "identifier": f"loti-playbook-{playbook.pk}",
            "title": versions[0].title if versions else playbook.title,
            "description": versions[0].summary if versions else playbook.summary,
            "keywords": [themes.get(t, t) for t in playbook.themes],
            "publisher": playbook.owner,
            "issued": versions[-1].published_at if versions else playbook.created_at,
            "modified": versions[0].published_at if versions else playbook.updated_at,
            "landing_page": settings.SITE_URL + reverse("api:playbook-detail", args=[playbook.pk]),
        }


def dcat_catalogue() -> dict[str, Any]:
    datasets = [
        {
            "@id": record["landing_page"],
            "@type": "dcat:Dataset",
            "dct:identifier": record["identifier"],
            "dct:title": record["title"],
            "dct:description": record["description"],
            "dcat:keyword": record["keywords"],
            "dct:issued": {"@value": record["issued"].date().isoformat(), "@type": "xsd:date"},
            "dct:modified": {"@value": record["modified"].date().isoformat(), "@type": "xsd:date"},
            "dct:publisher": _publisher(record["publisher"]),
            "dct:license": OGL,
            "dcat:landingPage": record["landing_page"],
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dcat:accessURL": record["landing_page"],
                    "dct:format": "application/json",
                    "dct:license": OGL,
                }
            ],
        }
        for record in catalogue_records()
    ]
    return {
        "@context": CONTEXT,
        "@id": settings.SITE_URL + reverse("api:open-data-dcat"),
        "@type": "dcat:Catalog",
        "dct:title": "London boroughs' shared projects and playbooks",
        "dct:description": "Public projects and playbooks of London's boroughs, from "
        f"{settings.SERVICE_NAME}.",
        "dct:publisher": {
            "@type": "foaf:Organization",
            "foaf:name": "London Office of Technology and Innovation",
        },
        "dct:license": OGL,
        "dcat:dataset": datasets,
    }


def catalogue_csv() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for record in catalogue_records():
        writer.writerow(
            {
                **record,
                "keywords": "; ".join(record["keywords"]),
                "publisher": record["publisher"].name,
                "issued": record["issued"].date().isoformat(),
                "modified": record["modified"].date().isoformat(),
                "licence": OGL,
                "title": _csv_safe(record["title"]),
                "description": _csv_safe(record["description"]),
            }
        )
    return buffer.getvalue()


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets.
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value
