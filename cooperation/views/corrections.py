"""The "report a correction" form on every detail page. Reports are stored for editors; the form
is rate-limited per visitor and guarded against bots without a third-party service: a hidden
field people leave empty, and a signed, single-use token that must be a few seconds old and at
most two hours old."""

import hashlib
import logging
import secrets
import time

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..kinds import BY_SINGULAR
from ..limits import client_ip
from ..models import CorrectionReport

logger = logging.getLogger(__name__)

MODELS = BY_SINGULAR
MINIMUM_SECONDS = 3
MAXIMUM_AGE = 60 * 60 * 2
REPORTS_PER_HOUR = 5
SIGNER_SALT = "correction-form"


def form_token(issued=None):
    """A signed issue time and a random nonce: each form gets its own token, good for one report."""
    issued = int(time.time() if issued is None else issued)
    return signing.dumps(f"{issued}:{secrets.token_urlsafe(12)}", salt=SIGNER_SALT)


def token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


EXPIRED = gettext_lazy("The form has expired. Please reload the page and try again.")


class CorrectionForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What is wrong, and what is right? A source helps."),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        max_length=5000,
    )
    email = forms.EmailField(
        label=gettext_lazy("Your email, if you would like an answer (optional)"), required=False
    )
    website = forms.CharField(required=False, label=gettext_lazy("Leave this empty"))
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].initial = form_token()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(_("The report could not be accepted."), code="bot")
        token = cleaned_data.get("token", "")
        try:
            issued, _nonce = signing.loads(token, salt=SIGNER_SALT).split(":", 1)
            age = time.time() - int(issued)
        except (signing.BadSignature, AttributeError, TypeError, ValueError):
            raise forms.ValidationError(EXPIRED, code="token") from None
        if age < MINIMUM_SECONDS:
            raise forms.ValidationError(
                _("That was sent faster than a person can type: wait a few seconds and send it "
                  "again."), code="too_fast"
            )  # fmt: skip
        if age > MAXIMUM_AGE:
            raise forms.ValidationError(EXPIRED, code="token")
        if CorrectionReport.objects.filter(form_token_digest=token_digest(token)).exists():
            raise forms.ValidationError(
                _("This form has already been sent. Reload the page to send another report."),
                code="used",
            )
        return cleaned_data


def over_rate_limit(request):
    key = f"corrections:{client_ip(request) or 'unknown'}"
    try:
        cache.add(key, 0, timeout=60 * 60)
        count = cache.incr(key)
    except ValueError:
        count = 1
    except Exception:
        logger.warning("rate-limit cache unavailable", exc_info=True)
        return False
    return count > REPORTS_PER_HOUR


def report_correction(request, kind, slug):
    """GET: the form. POST: store the report for the editors, or show the form again with
    what was typed and what is wrong."""
    model = MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model.objects.published(), slug=slug)
    page = record.get_absolute_url()
    if request.method != "POST":
        return render(
            request,
            "cooperation/correction_form.html",
            {"record": record, "form": CorrectionForm()},
        )
    if over_rate_limit(request):
        response = render(
            request, "cooperation/correction_rate_limited.html", {"record": record}, status=429
        )
        response["Retry-After"] = "3600"
        return response
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        form.data = form.data.copy()
        form.data["token"] = form_token()  # a fresh token, so correcting and resending works
        return render(
            request,
            "cooperation/correction_form.html",
            {"record": record, "form": form},
            status=400,
        )
    try:
        with transaction.atomic():
            CorrectionReport.objects.create(
                content_type=ContentType.objects.get_for_model(model),
                object_id=record.pk,
                record_label=str(record)[:300],
                page_url=page if url_has_allowed_host_and_scheme(page, None) else "",
                message=form.cleaned_data["message"],
                email=form.cleaned_data["email"],
                form_token_digest=token_digest(form.cleaned_data["token"]),
            )
    except IntegrityError:
        # The same token sent twice at once: the database keeps one report.
        return redirect(page)
    messages.success(request, _("Thank you. The editors will review your report."))
    return redirect(page)
