# The free count that went down on each published group becomes a number per year: what
# was stored (a count still free) is kept as the yearly number, the closest reading of it.
import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('formation', '0003_background_publish'),
    ]

    operations = [
        migrations.RenameField(
            model_name="facilitatorcapacity",
            old_name="new_groups_free",
            new_name="groups_per_year",
        ),
        migrations.AlterField(
            model_name="facilitatorcapacity",
            name="groups_per_year",
            field=models.PositiveSmallIntegerField(
                default=2, validators=[django.core.validators.MaxValueValidator(50)], verbose_name="groups per year"
            ),
        ),
    ]
