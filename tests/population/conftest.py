"""Fixtures for population tests: the bundled hub, generated records per scheme, a Spark session."""

from __future__ import annotations

import pytest

# the bundled schemes whose rounds are checklists and score sheets (the ones screening compiles to SQL)
SQL_SCHEMES = (
    "hunan-park-subcentre-requirements",
    "huangpu-platform-eligibility",
    "huangpu-platform-recognition",
    "huangpu-platform-annual",
)


@pytest.fixture(scope="session")
def bundled_hub():
    from policyhub.hub import Hub

    return Hub.from_plugins()


@pytest.fixture(scope="session")
def spark():
    """A local Spark session (one core); skipped with the reason when pyspark or Java is missing."""
    import shutil

    pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[test]')")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime: install Debian's default-jre-headless (scripts/system-test-deps.sh)")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("policyhub-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    assert pyspark.__version__
    yield session
    session.stop()
