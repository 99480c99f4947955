"""The dependencies a release is built from: locked with hashes, and none below a known fix."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "packaging" / "requirements.lock"
MINIMUMS = ROOT / "packaging" / "minimum-safe-versions.toml"
PYPROJECT = ROOT / "pyproject.toml"

# What the .deb ships (scripts/lock-dependencies resolves for it), whatever Python runs the tests.
TARGET = {
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "extra": "",
}
ADVISORY_ID = re.compile(
    r"CVE-\d{4}-\d{4,}|GHSA(-[0-9a-z]{4}){3}|PYSEC-\d{4}-\d+|RUSTSEC-\d{4}-\d{4}"
)


def minimums() -> dict[str, Version]:
    entries = tomllib.loads(MINIMUMS.read_text(encoding="utf-8"))
    return {canonicalize_name(name): Version(entry["minimum"]) for name, entry in entries.items()}


def locked() -> dict[str, tuple[Requirement, list[str]]]:
    """Each locked requirement with its hashes: `name==version \\` then `--hash=...` lines."""
    lines = LOCK.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    found: dict[str, tuple[Requirement, list[str]]] = {}
    for entry in text.replace("\\\n", " ").splitlines():
        if entry.strip():
            head, *hashes = entry.split("--hash=")
            requirement = Requirement(head)
            found[canonicalize_name(requirement.name)] = (requirement, [h.strip() for h in hashes])
    return found


def pinned(requirement: Requirement) -> Version:
    (spec,) = requirement.specifier
    assert spec.operator == "==", f"{requirement} is not pinned to one version"
    return Version(spec.version)


def floors() -> list[Requirement]:
    """Every requirement pyproject.toml states: the build's, the app's and every extra's."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    stated = [*project["build-system"]["requires"], *project["project"]["dependencies"]]
    for extra in project["project"]["optional-dependencies"].values():
        stated += extra
    return [Requirement(text) for text in stated]


def test_every_minimum_names_the_advisories_it_fixes() -> None:
    for name, entry in tomllib.loads(MINIMUMS.read_text(encoding="utf-8")).items():
        assert set(entry) == {"minimum", "advisories", "fixes"}, name
        Version(entry["minimum"])
        assert entry["advisories"], name
        for advisory in entry["advisories"]:
            assert ADVISORY_ID.fullmatch(advisory), f"{name}: {advisory!r} is not an advisory id"
        assert entry["fixes"].strip(), name


def test_every_minimum_is_for_a_package_the_project_uses() -> None:
    used = set(locked()) | {canonicalize_name(r.name) for r in floors()}
    assert set(minimums()) <= used, set(minimums()) - used


def test_every_locked_requirement_is_pinned_and_hashed() -> None:
    requirements = locked()
    # The app, the build tool, and the setuptools that scripts/build-package builds srt with.
    assert {"pyside6-essentials", "pyinstaller", "setuptools"} <= set(requirements)
    for name, (requirement, hashes) in requirements.items():
        pinned(requirement)
        assert hashes, f"{name} has no hash"
        for digest in hashes:
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", digest), f"{name}: {digest}"


def test_every_locked_version_is_at_or_above_its_minimum() -> None:
    safe = minimums()
    below = {
        name: f"{pinned(requirement)} < {safe[name]}"
        for name, (requirement, _) in locked().items()
        if name in safe and pinned(requirement) < safe[name]
    }
    assert not below, f"locked below a known fix (see {MINIMUMS.name}): {below}"


def test_every_floor_in_pyproject_is_at_or_above_its_minimum() -> None:
    safe = minimums()
    for requirement in floors():
        name = canonicalize_name(requirement.name)
        if name not in safe:
            continue
        lows = [
            Version(s.version) for s in requirement.specifier if s.operator in (">=", "==", "~=")
        ]
        assert lows, f"{requirement} has no floor; {safe[name]} fixes a known advisory"
        assert max(lows) >= safe[name], f"{requirement}: {safe[name]} fixes a known advisory"


def test_the_lock_satisfies_pyproject() -> None:
    """A floor raised or a dependency added in pyproject.toml: run scripts/lock-dependencies."""
    requirements = locked()
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    needed = [*project["dependencies"], *project["optional-dependencies"]["package"]]
    for requirement in map(Requirement, needed):
        if requirement.marker and not requirement.marker.evaluate(TARGET):
            continue
        name = canonicalize_name(requirement.name)
        assert name in requirements, f"{name} is not in {LOCK.name}"
        version = pinned(requirements[name][0])
        assert requirement.specifier.contains(version, prereleases=True), f"{name}=={version}"
