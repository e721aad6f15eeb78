"""Password guessing at the admin login is stopped: after five failures for one user name from
one address, that pair waits out a cool-off (429 with Retry-After), whatever it sends."""

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failures_lock_the_user_name_out_from_that_address(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, admin_user.username, "wrong").status_code == 200
    locked = sign_in(client, admin_user.username, "wrong")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert "Too many failed sign-ins" in locked.text
    assert "Try again in 15 minutes" in locked.text
    # Even the right password waits for the cool-off.
    assert sign_in(client, admin_user.username, "password").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_touches_neither_other_addresses_nor_other_users(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, admin_user.username, "wrong")
    assert sign_in(client, admin_user.username, "password", "198.51.100.2").status_code == 302


def test_the_cool_off_ends(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, admin_user.username, "wrong")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timezone.timedelta(seconds=1)
    )
    assert sign_in(client, admin_user.username, "password").status_code == 302


def test_a_successful_sign_in_clears_the_count(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, admin_user.username, "wrong")
    assert sign_in(client, admin_user.username, "password").status_code == 302
    client.logout()
    assert sign_in(client, admin_user.username, "wrong").status_code == 200
    assert not AccessAttempt.objects.filter(failures_since_start__gt=1).exists()


def test_behind_the_proxy_the_forwarded_address_is_the_one_locked(client, admin_user, settings):
    settings.NUM_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": admin_user.username, "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    other_visitor = client.post(
        LOGIN,
        {"username": admin_user.username, "password": "password"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert other_visitor.status_code == 302


def test_managers_see_the_failed_attempts_in_the_admin(client, admin_client, admin_user):
    sign_in(client, "someone", "guess")
    page = admin_client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert "someone" in page.text


def test_a_manager_sees_the_attempts_and_lifts_a_lockout(client, admin_user, settings):
    """S15: the guide says managers see Axes in the admin; they got 403."""
    import io

    from django.contrib.auth.models import User
    from django.core.management import call_command

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, admin_user.username, "wrong")
    call_command("createeditor", "--username", "boss", "--manager", stdout=io.StringIO())
    manager = User.objects.get(username="boss")
    manager.set_password("a-long-test-password")
    manager.save()
    client.force_login(manager)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert admin_user.username in listing.text
    for page in ("/admin/axes/accesslog/", "/admin/axes/accessfailurelog/"):
        assert client.get(page).status_code == 200
    attempt = AccessAttempt.objects.get()
    lifted = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert lifted.status_code == 302
    client.logout()
    assert sign_in(client, admin_user.username, "password").status_code == 302
