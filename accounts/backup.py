"""Backups of the database (pg_dump custom format) and of the uploaded files (tar.gz).

A backup is a folder `backups/<timestamp>/` holding `db.dump`, `media.tar.gz` and
`manifest.json` (what was saved, with SHA-256 sums). Restore reverses it: pg_restore --clean
into the target database, then the files back into MEDIA_ROOT.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone


def _pg_env(database: dict) -> dict:
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return env


def _pg_args(database: dict) -> list[str]:
    args = [
        "--host",
        database.get("HOST") or "127.0.0.1",
        "--port",
        str(database.get("PORT") or 5432),
    ]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    return args


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(target_root: Path, database: dict | None = None, media_root: Path | None = None) -> Path:
    database = database or connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("Backups need PostgreSQL (the SQLite demo is a file: copy it).")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    folder = Path(target_root) / timezone.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    dump = folder / "db.dump"
    subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--file",
            str(dump),
            *_pg_args(database),
            database["NAME"],
        ],
        check=True,
        env=_pg_env(database),
        capture_output=True,
    )
    archive = folder / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        if media_root.exists():
            tar.add(media_root, arcname="media")
    manifest = {
        "created": timezone.now().isoformat(),
        "database": database["NAME"],
        "files": {name: _sha256(folder / name) for name in ("db.dump", "media.tar.gz")},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def restore(folder: Path, database: dict | None = None, media_root: Path | None = None) -> None:
    database = database or connection.settings_dict
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, expected in manifest["files"].items():
        if _sha256(folder / name) != expected:
            raise RuntimeError(f"{name} is damaged: its SHA-256 does not match the manifest")
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *_pg_args(database),
            "--dbname",
            database["NAME"],
            str(folder / "db.dump"),
        ],
        check=True,
        env=_pg_env(database),
        capture_output=True,
    )
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as tar:
        for member in tar.getmembers():
            # Only regular files and folders under media/: no links, no path tricks.
            if not (member.isfile() or member.isdir()) or not member.name.startswith("media"):
                continue
            relative = Path(member.name).relative_to("media")
            if ".." in relative.parts:
                continue
            target = media_root / relative
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
