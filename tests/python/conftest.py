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
