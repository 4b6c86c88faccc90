"""Back up, wipe, restore: every row and every file comes back."""

import hashlib

import psycopg
import pytest
from django.db import connection

from accounts.backup import backup, restore
from inspections.models import Visit

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = [
    "accounts_organization",
    "accounts_user",
    "inspections_visit",
    "findings_finding",
    "findings_evidence",
    "findings_recommendation",
]


def counts(dbname: str) -> dict[str, int]:
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=dbname,
        autocommit=True,
    ) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES
        }


def test_backup_then_restore_into_an_empty_database_finds_everything(
    world, planning, settings, tmp_path
):
    from .factories import FindingFactory

    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    photo = media / "evidence" / "anh.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"ANH-MINH-CHUNG" * 100)
    settings.MEDIA_ROOT = media
    for _ in range(5):
        FindingFactory(visit=planning.scheduled, recorded_by=world.inspector)
    source = connection.settings_dict["NAME"]
    before = counts(source)
    folder = backup(tmp_path / "backups")

    # A wiped target: a brand-new empty database and an empty media folder.
    target = f"{source}_restored"
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        photo_hash = hashlib.sha256(photo.read_bytes()).hexdigest()
        for path in media.rglob("*"):
            if path.is_file():
                path.unlink()
        restore(folder, database={**db, "NAME": target}, media_root=media)
        assert counts(target) == before
        assert before["inspections_visit"] == Visit.objects.count() > 0
        assert hashlib.sha256((media / "evidence" / "anh.jpg").read_bytes()).hexdigest() == (
            photo_hash
        )
    finally:
        with psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}"')


def test_a_damaged_backup_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = backup(tmp_path / "backups")
    with (folder / "db.dump").open("ab") as dump:
        dump.write(b"garbage")
    with pytest.raises(RuntimeError, match="damaged"):
        restore(folder)
