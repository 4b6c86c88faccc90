"""`make test` checks the machine first (scripts/test-machine.sh): a missing package or service
stops it with the command that fixes it, before any test runs."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "test-machine.sh"


def run_check(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPT), "--check"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_missing_package_is_named_with_the_command_that_installs_it():
    result = run_check(TEST_MACHINE_PACKAGES="make congvu-no-such-package")
    assert result.returncode == 1
    assert "missing Debian packages: congvu-no-such-package" in result.stderr
    assert "apt-get install -y --no-install-recommends congvu-no-such-package" in result.stderr
    assert "make " not in result.stderr.split("missing Debian packages:")[1].split("\n")[0]


def test_a_database_that_does_not_answer_is_named():
    result = run_check(
        TEST_MACHINE_PACKAGES="make", TEST_DATABASE_URL="postgres://postgres@127.0.0.1:1/x"
    )
    assert result.returncode == 1
    assert "PostgreSQL does not answer at 127.0.0.1:1" in result.stderr


def test_a_broker_that_does_not_answer_is_named():
    result = run_check(TEST_MACHINE_PACKAGES="make", TEST_BROKER_URL="redis://127.0.0.1:1/15")
    assert result.returncode == 1
    assert "Redis does not answer at 127.0.0.1:1" in result.stderr


def test_this_machine_passes_the_check():
    result = run_check()
    assert result.returncode == 0, result.stderr
    assert "Test machine ready" in result.stdout


def test_ci_runs_exactly_the_readme_test_command():
    ci = (SCRIPT.parent.parent / ".ci" / "run").read_text()
    commands = [
        line.strip()
        for line in ci.splitlines()
        if line.strip()
        and not line.strip().startswith("#")
        and not line.startswith(("set ", "cd "))
    ]
    assert commands == ["make test"]
    readme = (SCRIPT.parent.parent / "README.md").read_text()
    assert "make test" in readme
