"""The package as a user installs it: a wheel with every subpackage and the `fundgap` console script, run from
another folder against the built data named by FUNDGAP_DATA_DIR, gives the same CSV as the checkout."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from fundgap.data import paths

ROOT = paths.PROJECT_ROOT
SUBPACKAGES = ("analysis", "app", "common", "data", "export", "views")


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_the_wheel_installs_and_its_console_script_exports_what_the_checkout_does(tmp_path):
    wheels = tmp_path / "wheels"
    # No build isolation: the backend (setuptools) comes from the lock file, so nothing is fetched.
    built = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("fundgap-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert all(f"fundgap/{package}/__init__.py" in names for package in SUBPACKAGES), names
    assert "fundgap/export/fields.meta.yml" in names and "fundgap/views/meta/flows.meta.yml" in names
    assert "fundgap/locale/zh/LC_MESSAGES/fundgap.mo" in names  # the Chinese product's compiled catalogue
    assert not [n for n in names if n.endswith(".parquet")]  # the data is published apart from the code

    # A fresh environment whose only fundgap is the wheel; its dependencies are the project's own installed
    # ones (a .pth line), so the test needs no network and still cannot import the checkout.
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path)
    (Path(purelib.stdout.strip()) / "deps.pth").write_text(site.getsitepackages()[0] + "\n")
    installed = run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr
    script = env_dir / "bin" / "fundgap"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean = {k: v for k, v in os.environ.items() if k not in (paths.DATA_DIR_ENV, "PYTHONPATH")}

    missing = run([str(script), "coverage"], elsewhere, clean)
    assert missing.returncode == 2
    assert f"set {paths.DATA_DIR_ENV}" in missing.stderr

    with_data = {**clean, paths.DATA_DIR_ENV: str(paths.DEFAULT_DATA_DIR)}
    coverage = run([str(script), "coverage"], elsewhere, with_data)
    assert coverage.returncode == 0, coverage.stderr
    assert "Sources by level" in coverage.stdout
    where = run([str(python), "-c", "import fundgap; print(fundgap.__file__)"], elsewhere, with_data)
    assert where.stdout.startswith(str(env_dir)), where.stdout

    export = run(
        [str(script), "export", "--format", "csv", "-o", "x.csv", "--investor", "QIA"], elsewhere, with_data
    )
    assert export.returncode == 0, export.stderr
    checkout = run(
        [
            sys.executable,
            "-m",
            "fundgap",
            "export",
            "--format",
            "csv",
            "-o",
            str(tmp_path / "checkout.csv"),
            "--investor",
            "QIA",
        ],
        ROOT,
        clean,
    )
    assert checkout.returncode == 0, checkout.stderr
    assert (elsewhere / "x.csv").read_bytes() == (tmp_path / "checkout.csv").read_bytes()
