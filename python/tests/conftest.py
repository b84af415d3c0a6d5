import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WARC = ROOT / "crates" / "read" / "tests" / "corpus" / "warc"


@pytest.fixture(scope="session")
def dyad_bin():
    """The `dyad` command built from this checkout (DYAD_BIN, else target/release/dyad)."""
    b = os.environ.get("DYAD_BIN") or str(ROOT / "target" / "release" / "dyad")
    if not Path(b).exists():
        b = shutil.which("dyad")
    if not b:
        pytest.fail("no dyad binary: build it (cargo build --release -p dyad-cli) or set DYAD_BIN")
    return b


@pytest.fixture(scope="session")
def coder():
    import dyad
    return dyad.Coder()
