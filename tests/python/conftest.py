"""Shared fixtures: the reference data folder (../shared/data or $GRDPSIM_SHARED_DATA)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


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
    Outside CI a machine without them skips; under CI their absence is a failure.
    """
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        message = "chromium and chromedriver are not installed (run `make browser`)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1024"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
