"""Row-level security on data-subject requests and their Art 19 notifications (PostgreSQL only;
see core/rls.py)."""

from django.db import migrations

from core import rls

CHILDREN = [
    ("requests_datasubjectrequest", "clients_client", "client_id", ("requests", "datasubjectrequest")),
    ("requests_art19notification", "requests_datasubjectrequest", "request_id", ("requests", "art19notification")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0001_initial"),
        ("clients", "0002_row_level_security"),
    ]

    operations = [rls.postgresql_only(
        "".join(rls.child_table_sql(t, parent_table=p, parent_column=c, model=m) for t, p, c, m in CHILDREN),
        "".join(rls.drop_table_sql(t) for t, *_rest in reversed(CHILDREN)),
    )]
