"""Row-level security on consents and prohibitions (PostgreSQL only; see core/rls.py)."""

from django.db import migrations

from core import rls

CHILDREN = [
    ("consents_consent", "clients_client", "client_id", ("consents", "consent")),
    ("consents_prohibition", "clients_client", "client_id", ("consents", "prohibition")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("consents", "0001_initial"),
        ("clients", "0002_row_level_security"),
    ]

    operations = [rls.postgresql_only(
        "".join(rls.child_table_sql(t, parent_table=p, parent_column=c, model=m) for t, p, c, m in CHILDREN),
        "".join(rls.drop_table_sql(t) for t, *_rest in reversed(CHILDREN)),
    )]
