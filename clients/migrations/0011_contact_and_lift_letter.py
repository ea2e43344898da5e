"""Contact preferences on the client (channel, no letters home, interpreter) and the time the
Art 18(3) letter before lifting a restriction was produced. Columns on clients_client, whose
row-level security (0002) already covers them."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("clients", "0010_case_retention"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="restriction_lift_letter_at",
            field=models.DateTimeField(blank=True, editable=False, null=True,
                                       verbose_name="letter before lifting the restriction produced"),
        ),
        migrations.AddField(
            model_name="client",
            name="contact_channel",
            field=models.CharField(blank=True, choices=[("letter", "Letter"), ("phone", "Phone"),
                                                        ("email", "Email"), ("in_person", "In person")],
                                   max_length=20, verbose_name="preferred contact channel"),
        ),
        migrations.AddField(
            model_name="client",
            name="no_letters_home",
            field=models.BooleanField(default=False, help_text="Letters are not sent to the home address; agree another way with the client.", verbose_name="no letters to the home address"),
        ),
        migrations.AddField(
            model_name="client",
            name="interpreter_language",
            field=models.CharField(blank=True, help_text="Leave empty when no interpreter is needed.", max_length=100, verbose_name="interpreter needed (language)"),
        ),
    ]
