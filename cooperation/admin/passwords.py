"""A password that `manage.py createeditor` generated and printed is good for one thing: signing
in to choose another. Until then the admin answers every page with the password form, and the
API refuses the session (ASVS 6.4.1: an initial password must not become the lasting one)."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import PasswordChangeRequired

SESSION_KEY = "password_change_required"
ALLOWED = ("admin:password_change", "admin:password_change_done", "admin:logout", "admin:jsi18n")


def remember_at_sign_in(sender, request, user, **kwargs):
    if PasswordChangeRequired.objects.filter(user=user).exists():
        request.session[SESSION_KEY] = True


user_logged_in.connect(remember_at_sign_in, dispatch_uid="cooperation-password-change-required")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(("/admin/", "/api/")) and request.session.get(SESSION_KEY):
            if not PasswordChangeRequired.objects.filter(user_id=request.user.pk).exists():
                del request.session[SESSION_KEY]  # changed: from now on, as anyone else
            elif request.path not in {reverse(name) for name in ALLOWED}:
                message = _("Choose your own password before you go on.")
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": message}, status=403)
                messages.warning(request, message)
                return HttpResponseRedirect(reverse("admin:password_change"))
        return self.get_response(request)
