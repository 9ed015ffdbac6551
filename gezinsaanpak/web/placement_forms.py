"""Forms of VoorleesExpress: sign-up, matching, lifecycle, visits, concerns, volunteers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import User
from gezinsaanpak import limits
from gezinsaanpak.choices import CHOOSE
from gezinsaanpak.models import Placement, QuestionnaireTemplate, Visit
from gezinsaanpak.models.placement import ReferralSource
from gezinsaanpak.models.questionnaire import Question

from .forms import LanguagesField


def _date(**kwargs: Any) -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(widget=widget, **kwargs)


class SignUpForm(forms.Form):
    referral_source = forms.ChoiceField(
        label=_("Who referred the family?"),
        choices=ReferralSource.choices,
        initial=ReferralSource.OTHER,
        help_text=_("This is counted in the figures for the municipality."),
    )
    referred_by = forms.CharField(
        label=_("Referred by"),
        max_length=200,
        required=False,
        help_text=_("For example: school, kinderopvang, consultatiebureau, Taalhuis."),
    )
    sign_up_date = _date(label=_("Signed up on"), initial=timezone.localdate)


class VolunteerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


class MatchForm(forms.Form):
    volunteer = VolunteerChoiceField(
        label=_("Volunteer"), queryset=User.objects.none(), widget=forms.RadioSelect
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=Placement.Weekday.choices, coerce=int
    )
    visit_time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    start_date = _date(label=_("First visit"))

    def __init__(self, *args: Any, volunteers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["volunteer"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - form wiring
        field.queryset = User.objects.filter(pk__in=[v.pk for v in volunteers])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, weekday = data.get("start_date"), data.get("weekday")
        if start and weekday is not None and start.weekday() != weekday:
            self.add_error("start_date", _("The first visit is not on the chosen weekday."))
        return data


class StatusForm(forms.Form):
    ACTIONS = (
        ("intake", _("Intake done")),
        ("start", _("Start the placement")),
        ("complete", _("Complete the placement")),
        ("stop", _("Stop the placement")),
    )
    action = forms.ChoiceField(label=_("What happens"), choices=ACTIONS)
    stop_reason = forms.ChoiceField(
        label=_("Reason for stopping"),
        choices=[("", CHOOSE), *Placement.StopReason.choices],
        required=False,
    )
    # Which actions make sense from which status (the service checks again).
    FROM: dict[str, tuple[str, ...]] = {
        Placement.Status.WAITING: ("intake", "stop"),
        Placement.Status.INTAKE: ("stop",),
        Placement.Status.MATCHED: ("start", "stop"),
        Placement.Status.ACTIVE: ("complete", "stop"),
    }

    def __init__(self, *args: Any, status: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if status is not None:
            allowed = self.FROM.get(status, ())
            field = self.fields["action"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - form wiring
            field.choices = [(k, v) for k, v in self.ACTIONS if k in allowed]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "stop" and not data.get("stop_reason"):
            self.add_error("stop_reason", _("Choose why the placement stopped."))
        return data


class MilestonesForm(forms.Form):
    library_visit_on = _date(label=_("Library visit together on"), required=False)
    library_cards_on = _date(label=_("Library cards arranged on"), required=False)


class MeetingForm(forms.Form):
    held_on = _date(label=_("Held on"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=limits.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NazorgForm(forms.Form):
    interval_weeks = forms.TypedChoiceField(
        label=_("Visit every"),
        choices=[(2, _("2 weeks")), (3, _("3 weeks"))],
        coerce=int,
        initial=2,
    )


class VisitForm(forms.Form):
    """Made for a thumb: everything but 'what happened' has a sensible default."""

    status = forms.ChoiceField(
        label=_("What happened?"),
        choices=Visit.Status.choices,
        initial=Visit.Status.HELD,
        widget=forms.RadioSelect(attrs={"class": "big-choice"}),
    )
    date = _date(label=_("Date"), initial=timezone.localdate)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=480, initial=60)
    parent_present = forms.BooleanField(label=_("A parent took part"), required=False, initial=True)
    books = forms.IntegerField(label=_("Books read"), min_value=0, max_value=50, initial=2)
    note = forms.CharField(
        label=_("Note (only for you and the coordinator)"),
        required=False,
        max_length=limits.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("You can only log a visit on or after its day."))
        return day


class ConcernForm(forms.Form):
    text = forms.CharField(
        label=_("What worries you?"),
        max_length=limits.LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Write what you saw or heard. The coordinator reads it today."),
    )


class ConcernHandledForm(forms.Form):
    note = forms.CharField(
        label=_("What did you do?"),
        max_length=limits.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A short note, for example: spoke with the school, reported to Veilig Thuis."),
        error_messages={"required": _("Write down briefly what you did.")},
    )


class VolunteerProfileForm(forms.Form):
    vog_issued_on = _date(label=_("VOG issued on"), required=False)
    training_on = _date(label=_("Training Interactief Voorlezen completed on"), required=False)
    languages = LanguagesField(label=_("Languages"))
    area = forms.RegexField(
        label=_("Area (postcode digits)"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("Enter the 4 digits of a postcode.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    capacity = forms.IntegerField(
        label=_("Number of families at the same time"), min_value=0, max_value=6, initial=1
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def clean_vog_issued_on(self) -> Any:
        day = self.cleaned_data.get("vog_issued_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return day


class QuestionnaireForm(forms.Form):
    """One field per question of the template."""

    def __init__(self, *args: Any, template: QuestionnaireTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in template.questions.all():
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        if question.kind == Question.Kind.SCALE:
            choices: list[tuple[str, StrOrPromise]] = [(str(n), str(n)) for n in range(1, 6)]
            return forms.ChoiceField(
                label=question.text, choices=choices, widget=forms.RadioSelect, required=False
            )
        if question.kind == Question.Kind.YES_NO:
            choices = [("yes", _("Yes")), ("no", _("No"))]
            return forms.ChoiceField(
                label=question.text, choices=choices, widget=forms.RadioSelect, required=False
            )
        return forms.CharField(
            label=question.text, required=False, widget=forms.Textarea(attrs={"rows": 2})
        )

    def answers(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
