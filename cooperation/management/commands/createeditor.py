import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cooperation.services.accounts import password_change_require


class Command(BaseCommand):
    help = (
        "Create an editor account (staff, in the Editors group) and print its generated password "
        "once; it must be changed at the first sign-in. Use --manager for a manager, who can "
        "also delete records and manage editors."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--email", default="")
        parser.add_argument("--manager", action="store_true", help="Add to Managers as well.")

    @transaction.atomic
    def handle(self, *args, username, email, manager, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"A user called {username!r} already exists. Choose another --username, or set "
                f"a new password with: manage.py changepassword {username}"
            )
        groups = ["Editors", "Managers"] if manager else ["Editors"]
        found = list(Group.objects.filter(name__in=groups))
        if len(found) != len(groups):
            raise CommandError("The editor groups are missing: run manage.py migrate first.")
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username, email=email, password=password, is_staff=True)
        user.groups.set(found)
        password_change_require(user=user)
        role = "manager" if manager else "editor"
        self.stdout.write(f"Created {role} {username!r} with password: {password}")
        self.stdout.write(
            "The password is shown only this once, and works once: sign in at /admin/ and "
            "choose your own."
        )
