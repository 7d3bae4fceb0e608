"""Install Odoo's pinned requirements into the running Python.

Odoo pins each package per Python version.  Some pins meant for older
Pythons no longer build here (cbor2 5.4.2 needs pkg_resources in its build
backend); for those we fall back to the newest version Odoo itself lists for
that package, which ships a wheel.  Everything else keeps Odoo's pin.
"""

import re
import subprocess
import sys

from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.version import Version

FAILED_BUILD = re.compile(r"(?:Failed to build '|Failed building wheel for )([A-Za-z0-9_.\-]+)")


def read_requirements(path):
    """Return ({name: pin for this Python}, {name: newest pin listed})."""
    chosen, newest = {}, {}
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            req = Requirement(line)
            name = req.name.lower()
            pins = [spec.version for spec in req.specifier if spec.operator == "=="]
            if pins and (name not in newest or Version(pins[0]) > Version(newest[name])):
                newest[name] = pins[0]
            if req.marker is None or req.marker.evaluate():
                chosen[name] = f"{req.name}=={pins[0]}" if pins else req.name
    return chosen, newest


def main(path, *extra):
    chosen, newest = read_requirements(path)
    for _attempt in range(len(chosen)):
        cmd = [sys.executable, "-m", "pip", "install", "--quiet", *chosen.values(), *extra]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode == 0:
            return 0
        failed = {name.lower() for name in FAILED_BUILD.findall(result.stdout + result.stderr)}
        fixable = {
            name
            for name in failed
            if name in newest and not chosen[name].endswith(f"=={newest[name]}")
        }
        if not fixable:
            sys.stderr.write(result.stdout + result.stderr)
            return result.returncode
        for name in fixable:
            print(f"odoo requirements: {chosen[name]} does not build here, using {newest[name]}")
            chosen[name] = f"{name}=={newest[name]}"
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
