#!/usr/bin/env python3
"""Bootstrap and run Wenming with nothing but Python 3.11+.

    python3 dev.py demo     # create .venv, install, run the demo into output/
    python3 dev.py test     # create .venv, install with test extras, run the tests
    python3 dev.py lint     # ruff
    python3 dev.py bench    # benchmarks

Any other arguments are passed to the `wenming` command inside .venv:
    python3 dev.py wenming problems --overdue
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("WENMING_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def ensure_env(extras: str = "test") -> None:
    """Create .venv and install the project (editable) when pyproject.toml changed."""
    stamp = VENV / ".wenming-installed"
    want = hashlib.sha1((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return
    if not PY.exists():
        print(f"creating {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing wenming and its dependencies (first run only) …", flush=True)
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           "-e", f"{ROOT}[{extras}]"])
    stamp.write_text(want)


def run(args: list[str]) -> int:
    return subprocess.call(args, cwd=ROOT)


def main(argv: list[str]) -> int:
    cmd, rest = (argv[0], argv[1:]) if argv else ("demo", [])
    ensure_env()
    if cmd == "demo":
        return run([str(BIN / "wenming"), "demo", *rest])
    if cmd == "test":
        return run([str(PY), "-m", "pytest", *rest])
    if cmd == "lint":
        return run([str(BIN / "ruff"), "check", "pipeline", "spiders", "tests", "benchmarks", *rest])
    if cmd == "bench":
        return run([str(PY), "benchmarks/run_all.py", *rest])
    if cmd == "wenming":
        return run([str(BIN / "wenming"), *rest])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
