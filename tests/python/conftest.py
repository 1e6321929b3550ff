"""Shared fixtures: the reference data folder (../shared/data or $GRDPSIM_SHARED_DATA), the
browser, and a temporary folder of the session's own that must be left empty of ours."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What a test run must not leave in the temporary folder: our scratch folders, and the
# profiles and singleton sockets of a browser not shut down.
LEFTOVERS = ("grdpsim-*", "org.chromium.*", ".org.chromium.*", ".com.google.Chrome.*")


def leftovers(folder: Path) -> list[str]:
    """The names in ``folder`` that a test left behind (:data:`LEFTOVERS`)."""
    return sorted(p.name for pattern in LEFTOVERS for p in folder.glob(pattern))


@pytest.fixture(scope="session", autouse=True)
def session_temp_dir() -> Iterator[Path]:
    """Every test, and every process a test starts, writes its temporary files into a fresh
    folder (``TMPDIR`` and :data:`tempfile.tempdir` point at it); at the end of the session a
    ``grdpsim-*`` folder or a browser's profile left in it fails the run, naming them. A folder
    of its own, so that other runs on the machine sharing ``/tmp`` do not count."""
    folder = Path(tempfile.mkdtemp(prefix="pytest-session-"))
    saved_env, saved_tempdir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = str(folder)
    try:
        yield folder
        left = leftovers(folder)
        assert not left, f"the tests left these in the temporary folder: {left}"
    finally:
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        tempfile.tempdir = saved_tempdir
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = Path(os.environ.get("GRDPSIM_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not path.is_dir():
        message = f"reference data folder {path} is absent (set GRDPSIM_SHARED_DATA)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            # CI always has the reference data: there, a missing folder is a failure.
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def national_csv(shared_data: Path) -> Path:
    return shared_data / "vn_gdp_quarterly_2010q1_2024q3.csv"


@pytest.fixture(scope="session")
def national_sdmx(shared_data: Path) -> Path:
    return shared_data / "vn_nsdp_gdp_2024q3.xml"


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """A headless Debian chromium driven through its chromedriver (`make browser` installs both).

    Nothing is fetched from the internet: Selenium is pointed at the system's driver and binary.
    Outside CI a machine without them skips; under CI their absence is a failure. The browser's
    profile and its temporary files (the singleton socket chromium makes in ``TMPDIR``) go to
    a folder removed after the driver quits, so that nothing is left behind even when the
    browser is not shut down cleanly.
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        message = "chromium and chromedriver are not installed (run `make browser`)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    own = Path(tempfile.mkdtemp(prefix="browser-"))
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1024",
        f"--user-data-dir={own / 'profile'}",
    ):
        options.add_argument(argument)
    service = Service(driver_path, env={**os.environ, "TMPDIR": str(own)})
    try:
        driver = webdriver.Chrome(service=service, options=options)
        try:
            yield driver
        finally:
            driver.quit()
    finally:
        shutil.rmtree(own, ignore_errors=True)
