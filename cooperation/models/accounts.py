"""Editors' accounts: API tokens stored as hashes only, and passwords that must be changed."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS


def default_token_expiry():
    return timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox): the key is shown once, when it is made; what is kept is
    its SHA-512 digest and its first characters, to find it by. It ends on its expiry, when the
    owner's password changes, or when the account is deactivated."""

    id = models.BigAutoField(primary_key=True)
    # Knox keys the table by the digest; here the id does, so no admin address holds a digest.
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True, editable=False)
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("What the token is for.")
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        label = self.name or _("token")
        return f"{label} ({self.user}, {self.created:%Y-%m-%d})" if self.created else str(label)

    @property
    def is_expired(self):
        return self.expiry is not None and self.expiry <= timezone.now()


class PasswordChangeRequired(models.Model):
    """An account whose password was generated (`manage.py createeditor`): until its owner sets
    their own, the admin shows nothing but the password form."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_change_required"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("password to change")
        verbose_name_plural = _("passwords to change")

    def __str__(self):
        return str(self.user)
