"""Load the CPV 2008 codes from ../shared/cpv-2008.csv (settings.SHARED_DATA_DIR).

Idempotent: codes are inserted or updated, never duplicated. Reversing leaves the rows,
which the table's own removal takes away."""

from django.db import migrations


def load(apps, schema_editor):
    from procurement.cpv import cpv_codes_load

    cpv_codes_load(apps.get_model("procurement", "CpvCode"))


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
