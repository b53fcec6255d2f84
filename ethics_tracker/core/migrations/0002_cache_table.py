"""The database cache's table (issue H): throttle and lockout counters must be shared
by every worker, so without REDIS_URL they live in the database, and ``migrate``
creates the table wherever the schema is made (``make run``, tests, production)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
