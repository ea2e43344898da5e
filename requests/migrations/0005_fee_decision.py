from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("requests", "0004_art19_explanation")]

    operations = [
        migrations.AddField(
            model_name="datasubjectrequest", name="fee_ground",
            field=models.CharField(blank=True, choices=[
                ("further_copy", "A further copy (Art 15(3))"),
                ("manifestly_unfounded", "Manifestly unfounded request (Art 12(5))"),
                ("excessive", "Excessive, in particular repetitive, request (Art 12(5))")],
                max_length=30, verbose_name="ground for a fee"),
        ),
        migrations.AddField(
            model_name="datasubjectrequest", name="fee_amount",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True,
                                      verbose_name="fee (EUR)"),
        ),
        migrations.AddField(
            model_name="datasubjectrequest", name="fee_reasons",
            field=models.TextField(blank=True, verbose_name="reasons for the fee"),
        ),
    ]
