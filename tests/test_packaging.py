# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The three addons build into pip wheels under the OCA naming."""

import ast
import os
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Each addon, the suite addon it depends on.
SUITE = {"rgpd_consent": None, "rgpd_retention": "rgpd_consent", "rgpd_dsar": "rgpd_retention"}


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheels")
    # The version is the manifest's, with no git-derived suffix.
    env = dict(os.environ, WHOOL_POST_VERSION_STRATEGY_OVERRIDE="none")
    for addon in SUITE:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
                str(out),
                str(REPO / addon),
            ],
            check=True,
            env=env,
        )
    metadata = {}
    for wheel in out.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            meta = Parser().parsestr(archive.read(name).decode())
            metadata[wheel.name] = (meta, archive.namelist())
    return metadata


@pytest.mark.parametrize("addon", SUITE)
def test_wheel_metadata(wheels, addon):
    manifest = ast.literal_eval((REPO / addon / "__manifest__.py").read_text())
    [(meta, files)] = [
        value for key, value in wheels.items() if key.startswith(f"odoo_addon_{addon}-")
    ]
    assert meta["Name"] == f"odoo-addon-{addon}"
    assert meta["Version"] == manifest["version"]
    assert meta["License"] == manifest["license"]
    requires = meta.get_all("Requires-Dist")
    assert "odoo==19.0.*" in requires
    if SUITE[addon]:
        assert f"odoo-addon-{SUITE[addon]}==19.0.*" in requires
    else:
        assert not [r for r in requires if r.startswith("odoo-addon-")]
    assert f"odoo/addons/{addon}/__manifest__.py" in files
