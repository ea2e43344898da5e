"""Row-level security reads the scope once per statement (core/rls.py, scope_allows).

The policies called app_scope_allows(register) on every row, which read the transaction's
setting and parsed it into an array each time: a search reading tens of thousands of index rows
spent most of its time in the policy (issue 17's bench: 1.26x with the policies on). The same
test written with sub-selects, `(SELECT app_scope_all()) OR register = ANY ((SELECT
app_scope_registers()))`, is evaluated once per statement; the rows allowed are the same."""

from django.db import migrations

from core import rls


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0014_name_word_order"),
        ("consents", "0004_recipient_kinds"),
        ("requests", "0007_notes"),
        ("retention", "0008_purge_record_case"),
        ("portal", "0001_portal2_withholding"),
    ]

    operations = [rls.postgresql_only(rls.POLICIES_ONCE_PER_STATEMENT_SQL, "")]
