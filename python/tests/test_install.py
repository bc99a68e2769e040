"""pip installs the package offline into a virtual environment that sees
Debian's packages, and it imports from there."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def configured_python():
    cache = pathlib.Path(os.environ.get("NEURITE_BUILD", ROOT / "build")) / "CMakeCache.txt"
    if not cache.exists():
        return None
    return [line for line in cache.read_text().splitlines() if line.startswith("Python_EXECUTABLE")]


def test_pip_install_offline(tmp_path):
    before = configured_python()
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)], check=True)
    env = dict(os.environ, PIP_NO_INDEX="1")
    env.pop("PYTHONPATH", None)  # the installed copy, not the build tree's
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-build-isolation", "--no-index", str(ROOT)],
                             capture_output=True, text=True, env=env, timeout=900)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    out = subprocess.run([str(venv / "bin" / "python"), "-c",
                          "import neurite, neurite.sklearn; print(neurite.__file__, neurite.__version__)"],
                         capture_output=True, text=True, env=env, cwd=tmp_path, check=True).stdout
    assert str(venv) in out and "0.2.0" in out
    # The build folder keeps its interpreter (not the virtual environment's,
    # which goes away with it).
    assert configured_python() == before
