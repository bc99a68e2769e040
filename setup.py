"""pip's entry to the Python module (docs/python.md):

    /usr/bin/python3 -m venv --system-site-packages venv
    venv/bin/pip install --no-build-isolation --no-index .

Builds neurite._core with CMake in build/ (or $NEURITE_BUILD: the tree's own
build folder, so that a built library is reused) against Debian's pybind11,
and installs it with the package's Python files (python/neurite). Nothing is
downloaded: scripts/setup.sh python installs what the build needs."""
import glob
import os
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = os.environ.get("NEURITE_BUILD", os.path.join(ROOT, "build"))
        configure = ["cmake", "-S", ROOT, "-B", build]
        if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
            # A new build folder, for the interpreter behind this one (a
            # virtual environment's python is a link that goes away with it).
            base = os.path.realpath(getattr(sys, "_base_executable", sys.executable))
            configure += ["-DCMAKE_BUILD_TYPE=Release", f"-DPython_EXECUTABLE={base}"]
        # An existing folder keeps its own configuration: configuring it
        # again only finds pybind11 if it was installed since.
        subprocess.check_call(configure)
        subprocess.check_call(["cmake", "--build", build, "--target", "neurite_python", "-j", str(os.cpu_count() or 2)])
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        built = glob.glob(os.path.join(build, "python", "neurite", "_core*.so"))
        if not built:
            sys.exit(f"setup.py: CMake built no neurite/_core module in {build} (is pybind11-dev installed?)")
        if not built[0].endswith(suffix):
            sys.exit(f"setup.py: {built[0]} was built for another Python than this one ({suffix}); "
                     f"set NEURITE_BUILD to a new folder")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


setup(
    name="neurite",
    version="0.2.0",
    description="neurite's C++ neural-network engine from Python, with scikit-learn's conventions",
    packages=["neurite"],
    package_dir={"": "python"},
    ext_modules=[Extension("neurite._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    python_requires=">=3.9",
    install_requires=["numpy"],
    zip_safe=False,
    options={"build": {"build_base": os.path.join("build", "pip")}, "egg_info": {"egg_base": os.path.join("build", "pip")}},
)
