"""`manage.py backup` and `manage.py restore`, run as an operator runs them: the seeded database,
with an editor's change and an uploaded picture, goes into one archive and comes back in a
scratch database with every row, its change history and the picture. A damaged archive, or a
database that already holds content, is refused."""

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cooperation import backups
from cooperation.models import ContentVersion, Project, Sector

from .seeded_database import ScratchDatabases

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "khorgos-gateway-dry-port"
EDITED_TITLE = "霍尔果斯东门无水港（备份前修改）"
SNAPSHOT = "snapshots/2026-05-01/tracker-2026-05-01.zip"

# Run inside the site's database by `manage.py shell`: an editor's change through the same
# service the API uses (history with the editor's name, a new country link) and an uploaded image.
EDIT = f"""
import io
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from PIL import Image
from cooperation.models import Country, Project
from cooperation.services.records import record_save

editor = User.objects.create_user("backup-editor", password="a-long-test-password")
project = Project.objects.get(slug="{PROJECT}")
picture = io.BytesIO()
Image.new("RGB", (8, 8), "red").save(picture, "PNG")
project.lead_image.save("lead.png", ContentFile(picture.getvalue()), save=False)
project.title_zh_hans = "{EDITED_TITLE}"
project._change_reason = "Edited before the backup"
countries = [*project.countries.values_list("pk", flat=True), Country.objects.get(iso2="UZ").pk]
record_save(instance=project, user=editor, m2m={{"countries": countries}})
"""


BACKUP_KEY = "backup-signing-test-key-" + "b" * 40


@pytest.fixture(autouse=True)
def backup_key(settings):
    """The key the operator's shell has; the archives in these tests are signed with it."""
    settings.BACKUP_KEY = BACKUP_KEY


def environment(database_url, folder):
    """What an operator's shell would set: this database, media and var folders of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL") and not key.startswith("DJANGO_")
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_VAR_DIR=str(folder / "var"),
        DJANGO_SECRET_KEY="backup-test-" + "k" * 50,
        DJANGO_BACKUP_KEY=BACKUP_KEY,
    )
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600,
    )  # fmt: skip


VERSION_TABLE = "cooperation_contentversion"


def content(fingerprints_by_table):
    """Every table but the content version, which a restore moves on past any cached page."""
    return {t: f for t, f in fingerprints_by_table.items() if t != VERSION_TABLE}


def content_version(database_url):
    with backups.database(database_url) as alias:
        return ContentVersion.objects.using(alias).get().version


def fingerprints(database_url):
    with backups.database(database_url) as alias:
        return backups.table_fingerprints(alias)


def manifest_of(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


needs_pg_tools = pytest.mark.skipif(
    connection.vendor == "postgresql" and not shutil.which("pg_dump"),
    reason="pg_dump and pg_restore are not installed (postgresql-client)",
)
# Each test runs manage.py in subprocesses against databases of its own: seconds each.
pytestmark = [pytest.mark.slow, needs_pg_tools]


@pytest.fixture
def db_access(django_db_blocker):
    """These tests use databases of their own, outside the test database's transaction."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """A committed copy of the seeded test database with an editor's change, its media folder
    with the change's picture and a bulk-download snapshot, and a backup of both."""
    folder = tmp_path_factory.mktemp("backup-site")
    scratch = ScratchDatabases(connection, folder, prefix="tracker_backup")
    with django_db_blocker.unblock():
        url = scratch.create(copy_of_test_database=True)
    try:
        env = environment(url, folder)
        edited = manage("shell", "-c", EDIT, env=env)
        assert edited.returncode == 0, edited.stderr
        snapshot = folder / "media" / SNAPSHOT
        snapshot.parent.mkdir(parents=True)
        snapshot.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip
        made = manage("backup", env=env)
        assert made.returncode == 0, made.stderr
        archive = Path(made.stdout.strip().splitlines()[-1])
        yield SimpleNamespace(
            url=url, env=env, media=folder / "media", archive=archive, made=made, scratch=scratch
        )
    finally:
        with django_db_blocker.unblock():
            scratch.drop_all()


def test_a_backup_is_one_private_archive_in_var_backups(site):
    assert site.archive.parent == Path(site.env["DJANGO_VAR_DIR"]) / "backups"
    assert site.archive.name.startswith("tracker-") and site.archive.name.endswith(".tar.gz")
    assert site.archive.stat().st_mode & 0o777 == 0o600
    assert "Backed up the" in site.made.stdout and "2 media files" in site.made.stdout
    with tarfile.open(site.archive, "r:gz") as tar:
        names = set(tar.getnames())
    dump = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert {"manifest.json", dump, f"media/{SNAPSHOT}"} <= names
    assert any(name.startswith("media/projects/") for name in names)


def test_the_manifest_lists_migrations_tables_and_files(site, db_access):
    manifest = manifest_of(site.archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["created_at"].endswith("+00:00")
    assert "0001_initial" in manifest["migrations"]["cooperation"]
    assert manifest["tables"] == fingerprints(site.url)
    assert manifest["tables"]["cooperation_project"]["rows"] > 0
    assert len(manifest["files"][f"media/{SNAPSHOT}"]["sha256"]) == 64


def test_a_restore_brings_back_every_row_the_history_and_the_media(site, db_access, tmp_path):
    target = site.scratch.create()
    media = tmp_path / "restored-media"
    started = int(time.time())
    restored = manage(
        "restore", str(site.archive), "--database-url", target, "--media-root", str(media),
        env=site.env,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    assert "Every table's row count and checksum matches the manifest" in restored.stdout
    assert "DIFFERS" not in restored.stdout

    before, after = fingerprints(site.url), fingerprints(target)
    assert content(after) == content(before)  # every table: the same rows, the same checksum
    assert content_version(target) > max(content_version(site.url), started)
    assert "Content version moved" in restored.stdout
    history = [table for table in before if "historical" in table]
    assert len(history) >= 15
    assert sum(before[table]["rows"] for table in history) > 0

    with backups.database(target) as alias:
        version = Project.history.using(alias).filter(slug=PROJECT).latest()
        assert version.title_zh_hans == EDITED_TITLE
        assert version.history_user.username == "backup-editor"
        links = version.countries.model.objects.using(alias).filter(history=version)
        assert "UZ" in set(links.values_list("country__iso2", flat=True))
        image = Project.objects.using(alias).get(slug=PROJECT).lead_image.name
    assert image.startswith("projects/")
    assert (media / image).read_bytes() == (site.media / image).read_bytes()
    assert (media / SNAPSHOT).read_bytes() == (site.media / SNAPSHOT).read_bytes()


def test_a_database_that_holds_content_is_refused_without_force(site, db_access):
    before = fingerprints(site.url)
    refused = manage("restore", str(site.archive), env=site.env)
    assert refused.returncode != 0
    assert "is not empty" in refused.stderr
    assert "Nothing was changed; pass --force to go ahead." in refused.stderr
    assert fingerprints(site.url) == before


def test_force_replaces_a_database_that_holds_other_content(site, db_access, tmp_path):
    target = site.scratch.create(copy_of_test_database=True)  # the seed, without the edit
    assert fingerprints(target) != fingerprints(site.url)
    restored = manage(
        "restore", str(site.archive), "--database-url", target, "--media-root",
        str(tmp_path / "media"), "--force", env=site.env,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    assert content(fingerprints(target)) == content(fingerprints(site.url))


def damaged(archive, folder, how):
    data = bytearray(archive.read_bytes())
    if how == "truncated":
        data = data[: len(data) * 2 // 3]
    else:
        middle = len(data) // 2
        data[middle : middle + 64] = bytes(b ^ 0x5A for b in data[middle : middle + 64])
    path = folder / f"{how}.tar.gz"
    path.write_bytes(bytes(data))
    return path


def test_a_corrupted_archive_is_refused_with_a_clear_message(site, db_access, tmp_path):
    target = site.scratch.create()
    refused = manage(
        "restore", str(damaged(site.archive, tmp_path, "corrupted")), "--database-url", target,
        "--media-root", str(tmp_path / "media"), env=site.env,
    )  # fmt: skip
    assert refused.returncode != 0
    assert "is not a complete backup archive: it is corrupted or truncated" in refused.stderr
    assert "Nothing was restored." in refused.stderr
    assert fingerprints(target) == {}
    assert not (tmp_path / "media").exists()


def test_a_truncated_archive_is_refused(site, db_access, tmp_path):
    truncated = damaged(site.archive, tmp_path, "truncated")
    with pytest.raises(CommandError, match="corrupted or truncated"):
        call_command("restore", str(truncated), "--check")


def test_an_archive_whose_files_differ_from_its_manifest_is_refused(site, db_access, tmp_path):
    """Well-formed gzip and tar, but a file changed after the backup."""
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(site.archive, "r:gz") as source, tarfile.open(altered, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == f"media/{SNAPSHOT}":
                data += b"tampered"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(altered), "--check")
    assert f"media/{SNAPSHOT}: its content does not match the manifest" in str(refused.value)
    assert "Nothing was restored." in str(refused.value)


def rewritten(archive, path, change):
    """The archive with its members passed through change(name, data) -> data or None."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(path, "w:gz") as target:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return path


def test_an_archive_without_a_signature_is_refused(site, db_access, tmp_path):
    unsigned = rewritten(
        site.archive, tmp_path / "unsigned.tar.gz",
        lambda name, data: None if name == "manifest.sig" else data,
    )  # fmt: skip
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(unsigned), "--check")
    assert "is not signed with this site's backup key" in str(refused.value)
    assert "Nothing was restored." in str(refused.value)


def test_an_archive_with_a_forged_manifest_is_refused_before_anything_is_restored(
    site, db_access, tmp_path
):
    """S21: the SHA-256 manifest sat inside the archive, so whoever swapped the archive could
    write a manifest matching their own dump, and restore ran it."""
    import hashlib
    import hmac

    forged_dump = b"DROP TABLE everything;"
    manifest = manifest_of(site.archive)
    dump_name = next(name for name in manifest["files"] if name.startswith("database."))
    manifest["files"][dump_name] = {
        "size": len(forged_dump),
        "sha256": hashlib.sha256(forged_dump).hexdigest(),
    }
    forged_manifest = json.dumps(manifest).encode()
    other_key = hmac.new(b"another site's key", forged_manifest, hashlib.sha256).hexdigest()

    def forge(name, data):
        return {
            dump_name: forged_dump,
            "manifest.json": forged_manifest,
            "manifest.sig": other_key.encode(),
        }.get(name, data)

    forged = rewritten(site.archive, tmp_path / "forged.tar.gz", forge)
    target = site.scratch.create()
    refused = manage(
        "restore", str(forged), "--database-url", target, "--noinput", "--force",
        "--media-root", str(tmp_path / "media"), env=site.env,
    )  # fmt: skip
    assert refused.returncode != 0
    assert "is not signed with this site's backup key" in refused.stderr
    assert fingerprints(target) == {}


def test_a_file_that_is_not_an_archive_is_refused(tmp_path, db_access):
    path = tmp_path / "notes.tar.gz"
    path.write_bytes(gzip.compress(b"not a tar file"))
    with pytest.raises(CommandError, match="is not a complete backup archive"):
        call_command("restore", str(path), "--check")


@pytest.mark.django_db
def test_a_tables_checksum_changes_with_its_rows_and_only_then():
    before = backups.table_fingerprints("default")
    assert backups.table_fingerprints("default") == before
    sector = Sector.objects.first()
    sector.name_ru = sector.name_ru + "!"
    sector.save()
    after = backups.table_fingerprints("default")
    changed = {table for table in before if before[table] != after[table]}
    assert changed == {"cooperation_sector", "cooperation_historicalsector"}
    assert after["cooperation_sector"]["rows"] == before["cooperation_sector"]["rows"]
