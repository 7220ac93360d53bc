from django.db import migrations, models

# Outcomes had no write path while their values were text, but a row added by hand keeps
# whatever is a number and loses only what is not (the measure is kept).
TO_NUMBER = """
ALTER TABLE projects_outcome
    ALTER COLUMN {column} DROP NOT NULL,
    ALTER COLUMN {column} TYPE numeric(14, 2) USING (
        CASE WHEN btrim({column}) ~ '^-?[0-9]{{1,12}}(\\.[0-9]{{1,2}})?$'
        THEN btrim({column})::numeric(14, 2) END
    );
"""
TO_TEXT = """
ALTER TABLE projects_outcome
    ALTER COLUMN {column} TYPE varchar(100) USING coalesce({column}::text, ''),
    ALTER COLUMN {column} SET NOT NULL;
"""
VALUES = ["baseline", "target", "actual"]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_attachment_removed_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(TO_NUMBER.format(column=c), TO_TEXT.format(column=c))
                for c in VALUES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="outcome",
                    name=c,
                    field=models.DecimalField(
                        blank=True, decimal_places=2, max_digits=14, null=True
                    ),
                )
                for c in VALUES
            ],
        ),
    ]
