"""Row-level security on legal holds and archive handoffs (PostgreSQL only; see core/rls.py).
Both may outlive their client, or name only a register: then the row's own register decides."""

from django.db import migrations

from core import rls

CHILDREN = [
    ("retention_legalhold", "clients_client", "client_id", ("retention", "legalhold")),
    ("retention_archivehandoff", "clients_client", "client_id", ("retention", "archivehandoff")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("clients", "0002_row_level_security"),
    ]

    operations = [rls.postgresql_only(
        "".join(rls.child_table_sql(t, parent_table=p, parent_column=c, model=m, fallback_column="register_id")
                for t, p, c, m in CHILDREN),
        "".join(rls.drop_table_sql(t) for t, *_rest in reversed(CHILDREN)),
    )]
