"""A bill names the regulations it amends or repeals as links to the law book (one bill may amend several: 打包修改),
and says whether it amends by a decision (修正) or by a revised full text (修订)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lawbook', '0001_initial'),
        ('legislation', '0002_e1_bill_procedures'),
    ]

    operations = [
        migrations.AddField(
            model_name='bill',
            name='amendment_form',
            field=models.CharField(choices=[('decision', '修正（提出修改决定）'), ('revision', '修订（提出修订后的全文）')],
                                   default='revision', max_length=10, verbose_name='修改方式'),
        ),
        migrations.AddField(
            model_name='bill',
            name='regulations',
            field=models.ManyToManyField(blank=True, related_name='bills', to='lawbook.regulation',
                                         verbose_name='所修改或者废止的法规'),
        ),
    ]
