"""The layers of docs/design.md §6 hold: core at the bottom, then accounts, inspections,
findings, reporting, config; no module imports from a layer above it (import-linter's contract
in pyproject.toml), and no module reaches into another package for a private name."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "accounts", "inspections", "findings", "reporting", "config", "demo", "bench")


def test_imports_follow_the_layer_order():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def _modules():
    for package in PACKAGES:
        folder = ROOT / package
        if folder.is_dir():
            yield from (path for path in folder.rglob("*.py") if "migrations" not in path.parts)


def private_imports(paths, root: Path = ROOT) -> list[str]:
    """`from other_package.module import _name` statements in `paths`."""
    offences = []
    for path in paths:
        own = path.relative_to(root).parts[0]
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.ImportFrom) or not node.module or node.level:
                continue
            package = node.module.split(".")[0]
            if package == own or package not in PACKAGES:
                continue
            offences += [
                f"{path.relative_to(root)}:{node.lineno} {node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_")
            ]
    return offences


def test_no_module_imports_a_private_name_of_another_package():
    assert private_imports(_modules()) == []


def test_a_private_import_across_packages_is_caught_and_one_within_a_package_is_not(tmp_path):
    reporting = tmp_path / "reporting"
    reporting.mkdir()
    (reporting / "api.py").write_text(
        "from findings.api import _subtree as subtree_of\nfrom reporting.text import _own\n"
    )
    assert private_imports([reporting / "api.py"], root=tmp_path) == [
        "reporting/api.py:1 findings.api._subtree"
    ]
