"""The organisations every installation starts with: London's 33 local authorities,
the Greater London Authority, London Councils and LOTI."""

from django.db import migrations

BOROUGHS = [
    ("barking-and-dagenham", "London Borough of Barking and Dagenham", "lbbd.gov.uk"),
    ("barnet", "London Borough of Barnet", "barnet.gov.uk"),
    ("bexley", "London Borough of Bexley", "bexley.gov.uk"),
    ("brent", "London Borough of Brent", "brent.gov.uk"),
    ("bromley", "London Borough of Bromley", "bromley.gov.uk"),
    ("camden", "London Borough of Camden", "camden.gov.uk"),
    ("city-of-london", "City of London Corporation", "cityoflondon.gov.uk"),
    ("croydon", "London Borough of Croydon", "croydon.gov.uk"),
    ("ealing", "London Borough of Ealing", "ealing.gov.uk"),
    ("enfield", "London Borough of Enfield", "enfield.gov.uk"),
    ("greenwich", "Royal Borough of Greenwich", "royalgreenwich.gov.uk"),
    ("hackney", "London Borough of Hackney", "hackney.gov.uk"),
    ("hammersmith-and-fulham", "London Borough of Hammersmith and Fulham", "lbhf.gov.uk"),
    ("haringey", "London Borough of Haringey", "haringey.gov.uk"),
    ("harrow", "London Borough of Harrow", "harrow.gov.uk"),
    ("havering", "London Borough of Havering", "havering.gov.uk"),
    ("hillingdon", "London Borough of Hillingdon", "hillingdon.gov.uk"),
    ("hounslow", "London Borough of Hounslow", "hounslow.gov.uk"),
    ("islington", "London Borough of Islington", "islington.gov.uk"),
    ("kensington-and-chelsea", "Royal Borough of Kensington and Chelsea", "rbkc.gov.uk"),
    ("kingston-upon-thames", "Royal Borough of Kingston upon Thames", "kingston.gov.uk"),
    ("lambeth", "London Borough of Lambeth", "lambeth.gov.uk"),
    ("lewisham", "London Borough of Lewisham", "lewisham.gov.uk"),
    ("merton", "London Borough of Merton", "merton.gov.uk"),
    ("newham", "London Borough of Newham", "newham.gov.uk"),
    ("redbridge", "London Borough of Redbridge", "redbridge.gov.uk"),
    ("richmond-upon-thames", "London Borough of Richmond upon Thames", "richmond.gov.uk"),
    ("southwark", "London Borough of Southwark", "southwark.gov.uk"),
    ("sutton", "London Borough of Sutton", "sutton.gov.uk"),
    ("tower-hamlets", "London Borough of Tower Hamlets", "towerhamlets.gov.uk"),
    ("waltham-forest", "London Borough of Waltham Forest", "walthamforest.gov.uk"),
    ("wandsworth", "London Borough of Wandsworth", "wandsworth.gov.uk"),
    ("westminster", "City of Westminster", "westminster.gov.uk"),
]
OTHERS = [
    ("gla", "Greater London Authority", "agency", "london.gov.uk"),
    ("london-councils", "London Councils", "network", "londoncouncils.gov.uk"),
    ("loti", "London Office of Technology and Innovation", "network", "loti.london"),
]


def create(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Group = apps.get_model("auth", "Group")
    rows = [(slug, name, "borough", domain) for slug, name, domain in BOROUGHS] + OTHERS
    for slug, name, kind, domain in rows:
        if Organisation.objects.filter(slug=slug).exists():
            continue
        group, _ = Group.objects.get_or_create(name=f"organisation:{slug}")
        Organisation.objects.create(
            slug=slug,
            name=name,
            kind=kind,
            email_domains=[domain],
            is_loti_member=True,
            group=group,
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
