"""DRF's tokens were stored as plain keys. Each becomes an ApiToken holding only the key's
digest (django-rest-knox's SHA-512) and its first characters, so the clients that hold the key
keep working; it expires API_TOKEN_DAYS after this migration. The plain keys are then deleted."""

import datetime

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from knox.crypto import hash_token
from knox.settings import CONSTANTS


def hash_tokens(apps, schema_editor):
    db = schema_editor.connection.alias
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("cooperation", "ApiToken")
    expiry = timezone.now() + datetime.timedelta(days=getattr(settings, "API_TOKEN_DAYS", 90))
    for token in Token.objects.using(db).select_related("user"):
        made = ApiToken.objects.using(db).create(
            user_id=token.user_id,
            token_key=token.key[: CONSTANTS.TOKEN_KEY_LENGTH],
            digest=hash_token(token.key),
            expiry=expiry if token.user.is_active else timezone.now(),
            name="Made before keys were hashed",
        )
        # `created` is set on insert; keep the day the key was really made.
        ApiToken.objects.using(db).filter(pk=made.pk).update(created=token.created)
    Token.objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0014_api_tokens_hashed"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop)]
