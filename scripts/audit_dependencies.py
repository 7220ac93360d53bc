"""`make lint`'s dependency audit: pip-audit over the versions pinned in pyproject.toml.

pip-audit asks PyPI's JSON API about each exact version. Where that service cannot be
reached (a machine behind a package mirror that serves only the package index), every
package would be reported as "could not be audited" and the audit would pass having
checked nothing; this script says so plainly instead, and exits 0 so the rest of the
checks still run. Anywhere the service answers, a skipped package fails the audit.
"""

from __future__ import annotations

import subprocess  # nosec B404
import sys
import tempfile
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A release that certainly exists: pip-audit's own pinned one.
PROBE = "https://pypi.org/pypi/pip-audit/{version}/json"


def pinned() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["dev"]]


def service_answers(requirements: list[str]) -> bool:
    version = next(r.split("==")[1] for r in requirements if r.startswith("pip-audit=="))
    try:
        with urllib.request.urlopen(PROBE.format(version=version), timeout=20):  # noqa: S310  # nosec B310
            return True
    except (urllib.error.URLError, TimeoutError):
        return False


def main() -> int:
    requirements = pinned()
    if not service_answers(requirements):
        print(
            "pip-audit: PyPI's vulnerability service cannot be reached from this machine; "
            "the pinned dependencies were NOT audited.",
            file=sys.stderr,
        )
        return 0
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(requirements) + "\n")
        listing.flush()
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            listing.name,
            "--no-deps",
            "--disable-pip",
            "--strict",
            "--progress-spinner",
            "off",
        ]
        return subprocess.run(command, check=False).returncode  # noqa: S603  # nosec B603


if __name__ == "__main__":
    sys.exit(main())
