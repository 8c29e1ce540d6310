from django.db import models


class Todo(models.Model):
    title = models.CharField(max_length=80)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title
