"""The access log (NEN 7513 style): an append-only, hash-chained record of who touched what.

Lines name fields, never values. They hold no foreign keys, so erasing a family or deleting a
user never touches the log. Only ``gezinsaanpak.audit.log`` writes here, called by the typed
events of ``gezinsaanpak.audit.events``.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Create")
    READ = "read", _("Read")
    LIST = "list", _("List")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    SEARCH = "search", _("Search")
    EXPORT = "export", _("Export")
    PRINT = "print", _("Print")
    SHARE = "share", _("Share")
    UNSHARE = "unshare", _("Stop sharing")
    LOGIN = "login", _("Log in")
    LOGOUT = "logout", _("Log out")
    LOGIN_FAILED = "login_failed", _("Failed login")
    DENIED = "denied", _("Access denied")
    BREAK_GLASS = "break_glass", _("Break glass")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    DENIED = "denied", _("Denied")
    FAILURE = "failure", _("Failure")


class ActorKind(models.TextChoices):
    USER = "user", _("User")
    API_CLIENT = "api_client", _("API client")
    SYSTEM = "system", _("System")


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an access-log line."""


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    """Refuses bulk edits and deletes; only inserts and reads are allowed."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Access-log lines cannot be updated.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Access-log lines cannot be deleted.")


class AccessEvent(models.Model):
    """One line of the access log: one actor, one action, at most one family."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(_("time (UTC)"), default=timezone.now)
    actor_id = models.UUIDField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    actor_kind = models.CharField(_("actor kind"), max_length=20, choices=ActorKind.choices)
    role = models.CharField(_("role"), max_length=20, blank=True)
    organisation_id = models.UUIDField(_("organisation id"), null=True, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    family_id = models.UUIDField(_("family id"), null=True, blank=True)
    fields = models.JSONField(_("field names"), default=list, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # Ids and kinds that say more about the event (the grantee, the new status, the job);
    # never a value. Written by the typed functions in gezinsaanpak.audit.events.
    details = models.JSONField(_("details"), default=dict, blank=True)
    chain = models.CharField(_("chain"), max_length=64)
    sequence = models.PositiveBigIntegerField(_("sequence"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects: ClassVar[models.Manager[AccessEvent]] = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-sequence"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["family_id", "at"], name="access_event_family_at"),
            models.Index(fields=["actor_id", "at"], name="access_event_actor_at"),
            models.Index(fields=["organisation_id", "at"], name="access_event_org_at"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="access_event_chain_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label or '-'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Access-log lines cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Access-log lines cannot be deleted.")

    @property
    def role_display(self) -> str:
        """The role's name in the user's language; the stored code when it is unknown."""
        from accounts.models import role_label

        return role_label(self.role)


class AccessLogChain(models.Model):
    """The head of one hash chain: the last sequence number and hash written to it.

    One chain per organisation (key = organisation id, or ``system``), so writers of different
    organisations do not wait for each other's row lock.
    """

    key = models.CharField(_("chain"), max_length=64, primary_key=True)
    sequence = models.PositiveBigIntegerField(_("last sequence"), default=0)
    hash = models.CharField(_("last hash"), max_length=64)

    class Meta:
        verbose_name = _("access log chain")
        verbose_name_plural = _("access log chains")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.key} @ {self.sequence}"


class AccessLogCheckpoint(models.Model):
    """Where a chain continues after its oldest lines were removed (their 5 years are over).

    Pruning records one checkpoint per chain before it deletes the lines up to and including
    ``sequence``; ``verify`` then starts that chain here instead of at its first line. The
    table is append-only and a chain's checkpoints only move forward (database triggers,
    migration 0015), and the triggers on the log let a line be deleted only when a
    checkpoint of its chain covers it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    chain = models.CharField(_("chain"), max_length=64)
    sequence = models.PositiveBigIntegerField(_("last removed sequence"))
    hash = models.CharField(_("hash of the last removed line"), max_length=64)
    line_at = models.DateTimeField(_("time of the last removed line"))
    removed = models.PositiveBigIntegerField(_("lines removed"))
    at = models.DateTimeField(_("removed at"), default=timezone.now)
    # ``command`` (manage.py prune_access_log), ``schedule`` (the scheduled job) or a user id.
    by = models.CharField(_("removed by"), max_length=64)

    class Meta:
        ordering = ["chain", "sequence"]
        verbose_name = _("access log checkpoint")
        verbose_name_plural = _("access log checkpoints")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="access_checkpoint_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.chain} @ {self.sequence}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Access-log checkpoints cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Access-log checkpoints cannot be deleted.")


class AccessLogVerified(models.Model):
    """Where the last run of ``verify_access_log`` found a chain whole: its last line then.

    The next run checks the chain from here on (``--full`` checks every line again), and
    every run checks that this line is still there with this hash. Only ``audit.verify``
    writes here; a chain with a problem keeps its old point, so the problem is named again.
    """

    chain = models.CharField(_("chain"), max_length=64, primary_key=True)
    sequence = models.PositiveBigIntegerField(_("last verified sequence"))
    hash = models.CharField(_("hash of the last verified line"), max_length=64)
    at = models.DateTimeField(_("verified at"), default=timezone.now)
    # When every line of the chain was last hashed (a full run, or the chain's first run).
    full_at = models.DateTimeField(_("fully verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("verified point of the access log")
        verbose_name_plural = _("verified points of the access log")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.chain} @ {self.sequence}"
