"""Production settings come from the environment; `check --deploy` is clean with them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    skip = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {key: value for key, value in os.environ.items() if key not in skip}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_environment():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_mistyped_boolean_stops_start_up():
    result = run_manage("check", DJANGO_DEBUG="ture")
    assert result.returncode != 0
    assert "not a boolean" in result.stderr


def test_collectstatic_builds_the_production_manifest_with_the_fonts(tmp_path):
    """The image runs collectstatic with WhiteNoise's manifest storage, which resolves every
    url() of our CSS: one it cannot resolve stops the build (the fonts' congvu-static: URLs did)."""
    result = run_manage(
        "collectstatic",
        "--noinput",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="example.org",
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert list(tmp_path.glob("fonts/LiberationSerif-Regular.*.ttf"))
    assert list(tmp_path.glob("css/notice.*.css"))
