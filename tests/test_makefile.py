"""The two commands set themselves up: the Makefile finds a Python of at least 3.12 by
itself, and says in one line what to install where there is none."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings

MAKE = shutil.which("make")


def test_the_makefile_finds_a_python_of_at_least_3_12():
    found = subprocess.run(
        [MAKE, "-s", "python"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout.strip()
    version = subprocess.run(
        [found, "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert version == "True", found


def test_without_one_it_says_what_to_install(tmp_path):
    """Only a Python 3.11 on the PATH (Debian 12's python3), no pyenv."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    old = bin_dir / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")  # fails the version check, as 3.11 does
    old.chmod(0o755)
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(Path(settings.BASE_DIR) / name, project / name)
    done = subprocess.run(
        [MAKE, "install"], cwd=project, capture_output=True, text=True,
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode != 0
    assert "No Python 3.12 or newer here: install one" in done.stderr
    assert not (project / ".venv").exists()
