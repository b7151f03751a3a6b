from pathlib import Path

import pytest

POLICIES = Path(__file__).parent / "policies"


@pytest.fixture(scope="module")
def hub():
    from policyhub.hub import Hub
    from policyhub.plugins import plugin_manager

    return Hub.from_folders([POLICIES], pm=plugin_manager(entry_points=False))


@pytest.fixture
def policy_copy(tmp_path):
    """A writable copy of the example policies."""
    import shutil

    dest = tmp_path / "policies"
    shutil.copytree(POLICIES, dest)
    return dest
