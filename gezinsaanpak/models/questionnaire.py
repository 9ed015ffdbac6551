"""Questionnaires at the start and the end of a placement: templates are set in the admin."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gezinsaanpak.privacy.fields import EncryptedTextField


class Moment(models.TextChoices):
    START = "start", _("Start of the placement")
    END = "end", _("End of the placement")


class QuestionnaireTemplate(models.Model):
    """A list of questions; no national standard exists, so each library writes its own."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale 1 to 5")
        YES_NO = "yes_no", _("Yes or no")
        TEXT = "text", _("Open answer")

    template = models.ForeignKey(
        QuestionnaireTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class QuestionnaireResponse(models.Model):
    """The answers for one placement at one moment (start or end)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    placement = models.ForeignKey(
        "gezinsaanpak.Placement", on_delete=models.CASCADE, related_name="questionnaires"
    )
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.PROTECT)
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    filled_in_at = models.DateTimeField(auto_now=True)
    filled_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "template", "moment"], name="questionnaire_once_per_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} ({self.moment})"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        QuestionnaireResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT)
    value = EncryptedTextField(_("answer"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self) -> str:
        return str(self.question)
