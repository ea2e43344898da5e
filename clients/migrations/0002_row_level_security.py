"""Row-level security on the client register's tables (PostgreSQL only; see core/rls.py): the
scope functions, the change history's attribution, clients_client by its register, and every
table hanging off a client by the client's register."""

from django.db import migrations

from core import rls

# (table, parent table, column naming the parent, content type)
CHILDREN = [
    ("clients_client_assigned_workers", "clients_client", "client_id", None),
    ("clients_healthinformation", "clients_client", "client_id", ("clients", "healthinformation")),
    ("clients_representative", "clients_client", "client_id", ("clients", "representative")),
    ("clients_accessentry", "clients_client", "client_id", ("clients", "accessentry")),
    ("clients_case", "clients_client", "client_id", ("clients", "case")),
    ("clients_grantedservice", "clients_case", "case_id", ("clients", "grantedservice")),
    ("clients_serviceentry", "clients_client", "client_id", ("clients", "serviceentry")),
    ("clients_serviceagreement", "clients_client", "client_id", ("clients", "serviceagreement")),
    ("clients_serviceplan", "clients_client", "client_id", ("clients", "serviceplan")),
    ("clients_correction", "clients_client", "client_id", ("clients", "correction")),
    ("clients_document", "clients_client", "client_id", ("clients", "document")),
    ("clients_disclosure", "clients_client", "client_id", ("clients", "disclosure")),
    ("clients_emergencyaccess", "clients_client", "client_id", ("clients", "emergencyaccess")),
    ("clients_breach_affected_clients", "clients_client", "client_id", None),
    ("clients_breachnotice", "clients_client", "client_id", ("clients", "breachnotice")),
]

FORWARD = rls.FOUNDATION_SQL + rls.AUDITLOG_SQL + rls.client_table_sql() + "".join(
    rls.child_table_sql(table, parent_table=parent, parent_column=column, model=model)
    for table, parent, column, model in CHILDREN
)
REVERSE = "".join(rls.drop_table_sql(table) for table, *_rest in reversed(CHILDREN)) + (
    rls.AUDITLOG_REVERSE_SQL + rls.FOUNDATION_REVERSE_SQL
)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [rls.postgresql_only(FORWARD, REVERSE)]
