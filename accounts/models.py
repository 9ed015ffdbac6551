"""Users, the organisations they belong to, and the municipalities those serve."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A gemeente, identified by its CBS code (``GM0928``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("Use a CBS code such as GM0928."))],
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LIBRARY = "library", _("Library")
        PARTNER = "partner", _("Partner organisation")
        REGIONAL = "regional", _("Regional support organisation")
        MUNICIPALITY = "municipality", _("Municipality")

    class PartnerType(models.TextChoices):
        JGZ = "jgz", _("JGZ / consultatiebureau")
        GGD = "ggd", _("GGD")
        KINDEROPVANG = "kinderopvang", _("Kinderopvang")
        SCHOOL = "school", _("School")
        WIJKTEAM = "wijkteam", _("Wijkteam")
        TAALHUIS = "taalhuis", _("Taalhuis")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    partner_type = models.CharField(
        _("partner type"), max_length=20, choices=PartnerType.choices, blank=True
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="organisations", verbose_name=_("municipalities")
    )
    # A regional support organisation coordinates VoorleesExpress for these libraries.
    member_libraries = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="regions",
        limit_choices_to={"kind": "library"},
        verbose_name=_("member libraries"),
    )
    intake_email = models.EmailField(
        _("intake e-mail address"),
        blank=True,
        help_text=_(
            "A library's new referrals are announced here. "
            "Empty: the library's active coordinators get the e-mail."
        ),
    )
    # The processing register (AVG art. 30) names these; the organisation fills them in.
    controller_name = models.CharField(
        _("controller"),
        max_length=200,
        blank=True,
        help_text=_("The legal name of the organisation responsible for the data."),
    )
    controller_contact = models.CharField(
        _("controller's contact details"),
        max_length=500,
        blank=True,
        help_text=_("Address, phone or e-mail address where people can reach the controller."),
    )
    dpo_name = models.CharField(_("data protection officer"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("data protection officer's e-mail address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="partner") & ~Q(partner_type=""))
                | (~Q(kind="partner") & Q(partner_type="")),
                name="organisation_partner_type_only_for_partners",
                violation_error_message=_(
                    "A partner organisation needs a partner type; other kinds have none."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.kind != self.Kind.REGIONAL and self.pk and self.member_libraries.exists():
            raise ValidationError({"kind": _("Only a regional organisation has member libraries.")})


# A login of these roles belongs to an organisation of exactly this kind, and only they do.
ROLE_ORGANISATION_KIND = {
    "partner": "partner",
    "municipality": "municipality",
    "regional": "regional",
}


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    SPECIALIST = "specialist", _("Specialist")
    COACH = "coach", _("BoekStart coach")
    VOLUNTEER = "volunteer", _("Volunteer (voorlezer)")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    PARTNER = "partner", _("Partner")
    MUNICIPALITY = "municipality", _("Municipality (policy officer)")
    REGIONAL = "regional", _("Regional coordinator")
    ADMIN = "admin", _("Administrator")


def role_label(code: str) -> str:
    """A role's name in the user's language; the stored code when it is unknown."""
    return str(Role(code).label) if code in Role.values else code


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMIN)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: one organisation, one role."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("May log in to the admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(organisation__isnull=False),
                name="user_belongs_to_an_organisation",
                violation_error_message=_("Every user belongs to an organisation."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="user_has_a_known_role",
                violation_error_message=_("Choose one of the roles."),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        if self.organisation_id is None:
            return
        organisation = Organisation.objects.get(pk=self.organisation_id)
        is_partner_org = organisation.kind == Organisation.Kind.PARTNER
        if (self.role == Role.PARTNER) != is_partner_org:
            raise ValidationError(
                {"role": _("Partner users belong to a partner organisation, and only they do.")}
            )
        kind = ROLE_ORGANISATION_KIND.get(self.role, Organisation.Kind.LIBRARY)
        fits = organisation.kind == kind or (
            kind == Organisation.Kind.LIBRARY
            and organisation.kind not in ROLE_ORGANISATION_KIND.values()
        )
        if not fits:
            raise ValidationError({"role": _("This role does not fit the kind of organisation.")})

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name or self.email).split(" ")[0]

    @property
    def needs_two_factor(self) -> bool:
        from django.conf import settings

        return bool(settings.TWO_FACTOR_REQUIRED) and self.role in settings.TWO_FACTOR_ROLES


def current_user(request: HttpRequest) -> User:
    """The logged-in user of a request that a login check already let through."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


class PartnerClientQuerySet(models.QuerySet["PartnerClient"]):
    def active(self) -> PartnerClientQuerySet:
        return self.filter(revoked_at__isnull=True)


class PartnerClient(models.Model):
    """A partner organisation's software, calling the partner API with OAuth2 client credentials.

    The OAuth2 ``Application`` (django-oauth-toolkit) holds the client id and the hashed
    secret; this row says whose it is and which library it exchanges referrals with. A token
    works only while its client is here and not revoked: partners have no other way in.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.OneToOneField(
        "oauth2_provider.Application",
        on_delete=models.CASCADE,
        related_name="partner_client",
        verbose_name=_("OAuth2 application"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_clients",
        limit_choices_to={"kind": Organisation.Kind.PARTNER},
        verbose_name=_("partner organisation"),
    )
    library = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partner_api_clients",
        limit_choices_to={"kind": Organisation.Kind.LIBRARY},
        verbose_name=_("library"),
        help_text=_("The library this client sends referrals to and receives them from."),
    )
    contact_email = models.EmailField(
        _("contact e-mail address"),
        blank=True,
        help_text=_(
            "Gets an e-mail when the library accepts or declines a referral of this client, "
            "or gives feedback on it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects: ClassVar[PartnerClientQuerySet] = PartnerClientQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["organisation__name", "created_at"]
        verbose_name = _("partner API client")
        verbose_name_plural = _("partner API clients")

    def __str__(self) -> str:
        return f"{self.client_id} ({self.organisation})"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.organisation_id and self.organisation.kind != Organisation.Kind.PARTNER:
            errors["organisation"] = _("Choose a partner organisation.")
        if self.library_id and self.library.kind != Organisation.Kind.LIBRARY:
            errors["library"] = _("Choose a library.")
        if errors:
            raise ValidationError(errors)

    @property
    def client_id(self) -> str:
        return str(self.application.client_id)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    # DRF treats the authenticated principal like a user: a client is authenticated.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    @property
    def log_label(self) -> str:
        """How the access log names this client (never a person)."""
        return f"api:{self.client_id}"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Not used and not replaced: pending, or expired without being used."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True)

    def usable(self) -> InvitationQuerySet:
        return self.open().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A link that lets an invited colleague or volunteer set a password, once.

    Only a hash of the token is stored (sha256 of 32 random bytes): the link in the e-mail
    is the only copy. Using it, resending (a new token) or deactivating the user ends it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("user")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced or withdrawn at"), null=True, blank=True)

    objects: ClassVar[InvitationQuerySet] = InvitationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{_('Invitation')} {str(self.id)[:8]}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and not self.is_expired
