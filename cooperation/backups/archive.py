"""The archive: writing one (database dump, media files, manifest), and reading one back only
once every file in it matches the manifest."""

import datetime
import gzip
import hashlib
import hmac
import io
import json
import os
import shutil
import tarfile
import uuid
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.utils.crypto import salted_hmac

from .databases import DUMP_NAMES, BackupError, describe, dump_postgresql, dump_sqlite, engine

FORMAT = 1
MANIFEST = "manifest.json"
# An HMAC-SHA256 of manifest.json (which holds the SHA-256 of every other file) with the site's
# backup key: anyone can write a manifest that matches their own files, only the site can sign it.
SIGNATURE = "manifest.sig"
MANIFEST_KEYS = ("format", "created_at", "engine", "migrations", "tables", "files")


def signing_keys():
    """DJANGO_BACKUP_KEY when set; otherwise a key derived from the secret key (and, to verify,
    from each of its fallbacks, so archives outlive a key rotation)."""
    if settings.BACKUP_KEY:
        return [settings.BACKUP_KEY.encode()]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        salted_hmac("cooperation.backups", "backup-key", secret=s, algorithm="sha256").digest()
        for s in secrets
    ]


def signature(data, key):
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def signed_by_this_site(data, claimed):
    return any(hmac.compare_digest(signature(data, key), claimed) for key in signing_keys())


class _HashingReader:
    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(tar, path, arcname):
    with open(path, "rb") as handle:
        info = tar.gettarinfo(arcname=arcname, fileobj=handle)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def _add_tree(tar, root, arcroot, files, skip):
    root = Path(root)
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if Path(dirpath, d).resolve() not in skip)
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if path.is_file():  # not sockets or broken links
                arcname = f"{arcroot}/{path.relative_to(root).as_posix()}"
                files[arcname] = _add_file(tar, path, arcname)


def default_archive_path(directory, now):
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    path, number = Path(directory) / f"tracker-{stamp}.tar.gz", 1
    while path.exists() or path.with_name(path.name + ".partial").exists():
        number += 1
        path = Path(directory) / f"tracker-{stamp}-{number}.tar.gz"
    return path


def create_backup(*, alias="default", output=None, media_root=None, snapshot_root=None):
    """Write one archive of the database and the media; return (path, manifest)."""
    vendor = engine(alias)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    output = Path(output or Path(settings.VAR_DIR) / "backups")
    if output.name.endswith(".tar.gz"):
        path = output
        if path.exists():
            raise BackupError(f"{path} exists already; give another name.")
    else:
        output.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = default_archive_path(output, now)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    snapshot_root = Path(snapshot_root or settings.SNAPSHOT_ROOT)

    partial = path.with_name(path.name + ".partial")
    if partial.exists():
        raise BackupError(
            f"{partial} exists: another backup is writing it, or a killed one left it (delete it)."
        )
    with _temporary_directory(path.parent) as work:
        dump = work / DUMP_NAMES[vendor]
        dumper = dump_postgresql if vendor == "postgresql" else dump_sqlite
        tables, migrations = dumper(alias, dump)
        files = {}
        try:
            # Private from the first byte: it holds password hashes and API tokens.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with open(descriptor, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as tar:
                files[dump.name] = _add_file(tar, dump, dump.name)
                dump.unlink()
                skip = {path.parent.resolve(), work.resolve()}
                _add_tree(tar, media_root, "media", files, skip)
                if not snapshot_root.resolve().is_relative_to(media_root.resolve()):
                    _add_tree(tar, snapshot_root, "snapshots", files, skip)
                manifest = {
                    "format": FORMAT,
                    "created_at": now.isoformat(),
                    "engine": vendor,
                    "database": describe(alias),
                    "django": django.get_version(),
                    "migrations": migrations,
                    "tables": tables,
                    "files": files,
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
                signed = signature(data, signing_keys()[0]).encode()
                info = tarfile.TarInfo(SIGNATURE)
                info.size, info.mtime, info.mode = len(signed), int(now.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(signed))
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
    return path, manifest


@contextmanager
def _temporary_directory(parent):
    parent = Path(parent)
    parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = parent / f".backup-work-{uuid.uuid4().hex[:12]}"
    path.mkdir(mode=0o700)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# Reading an archive


class Archive:
    """A verified archive, unpacked into a working directory."""

    def __init__(self, path, directory, manifest):
        self.path, self.directory, self.manifest = Path(path), Path(directory), manifest

    @property
    def engine(self):
        return self.manifest["engine"]

    @property
    def dump(self):
        return self.directory / DUMP_NAMES[self.engine]

    def media_files(self):
        """(name in the archive, unpacked path) of every media and snapshot file."""
        return [
            (name, self.directory / name)
            for name in sorted(self.manifest["files"])
            if name.startswith(("media/", "snapshots/"))
        ]


def _safe_member_name(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    if len(path.parts) == 1:
        return name if name in (MANIFEST, SIGNATURE, *DUMP_NAMES.values()) else None
    return path.as_posix() if path.parts[0] in ("media", "snapshots") else None


def _unreadable(path, error):
    return BackupError(
        f"{path} is not a complete backup archive: it is corrupted or truncated ({error}). "
        "Nothing was restored."
    )


@contextmanager
def open_archive(path, work_parent=None):
    """Unpack and verify `path`: every file present with the size and SHA-256 the manifest
    gives, nothing else in it. Yields an Archive; the unpacked files go away afterwards."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    with _temporary_directory(work_parent or Path(settings.VAR_DIR) / "backups") as work:
        found = {}
        try:
            with tarfile.open(path, "r:gz") as tar:
                for member in tar:
                    if member.isdir():
                        continue
                    name = _safe_member_name(member.name)
                    if not member.isfile() or name is None or name in found:
                        raise BackupError(
                            f"{path} holds an unexpected entry {member.name!r}; it was not made "
                            "by `manage.py backup`. Nothing was restored."
                        )
                    target = work / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    digest = hashlib.sha256()
                    with tar.extractfile(member) as source, open(target, "wb") as handle:
                        while chunk := source.read(1 << 20):
                            digest.update(chunk)
                            handle.write(chunk)
                    found[name] = {"size": member.size, "sha256": digest.hexdigest()}
                # Read to the end, so gzip checks its length and CRC.
                while tar.fileobj.read(1 << 20):
                    pass
        except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
            raise _unreadable(path, error) from None

        if MANIFEST not in found:
            raise _unreadable(path, "it has no manifest.json")
        claimed = (work / SIGNATURE).read_text("ascii", "replace") if SIGNATURE in found else ""
        if not signed_by_this_site((work / MANIFEST).read_bytes(), claimed.strip()):
            raise BackupError(
                f"{path} is not signed with this site's backup key (DJANGO_BACKUP_KEY, or the "
                "secret key when that is not set): it was made elsewhere, or altered. Nothing "
                "was restored."
            )
        del found[SIGNATURE]
        try:
            manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
            listed = manifest["files"]
            missing = [key for key in MANIFEST_KEYS if key not in manifest]
        except (ValueError, KeyError, TypeError) as error:
            raise _unreadable(path, f"its manifest cannot be read: {error!r}") from None
        if missing:
            raise _unreadable(path, f"its manifest lacks {', '.join(missing)}")
        if manifest.get("format") != FORMAT:
            raise BackupError(
                f"{path} is in backup format {manifest.get('format')!r}; this version reads "
                f"format {FORMAT}."
            )
        if manifest["engine"] not in DUMP_NAMES or DUMP_NAMES[manifest["engine"]] not in listed:
            raise _unreadable(path, "its manifest names no database dump")
        del found[MANIFEST]
        problems = [f"{name}: missing" for name in sorted(set(listed) - set(found))] + [
            f"{name}: not in the manifest" for name in sorted(set(found) - set(listed))
        ]
        problems += [
            f"{name}: its content does not match the manifest"
            for name in sorted(set(found) & set(listed))
            if found[name] != listed[name]
        ]
        if problems:
            raise BackupError(
                f"{path} does not match its manifest, so it is corrupted or was altered: "
                + "; ".join(problems[:10])
                + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else "")
                + ". Nothing was restored."
            )
        yield Archive(path, work, manifest)


def restore_media(archive, media_root, snapshot_root):
    """Put the archive's files in place; files it does not hold stay. Returns (files, bytes)."""
    media_root, snapshot_root = Path(media_root), Path(snapshot_root)
    count = size = 0
    for name, unpacked in archive.media_files():
        top, rest = name.split("/", 1)
        target = (media_root if top == "media" else snapshot_root) / rest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(unpacked, target)
        with open(target, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        if digest != archive.manifest["files"][name]["sha256"]:
            raise BackupError(f"{target} differs from the archive after restoring it.")
        count += 1
        size += target.stat().st_size
    return count, size
