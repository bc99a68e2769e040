"""Every example under examples/python runs (MNIST for one epoch) and says
what it should."""
import os
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"


def run(name, *args):
    out = subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True, text=True, timeout=600,
                         env=os.environ.copy())
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_mp_neuron_breast_cancer():
    assert "M-P neuron, 30 binary inputs: threshold" in run("mp_neuron_breast_cancer.py")


def test_perceptron_fruit():
    assert "w = [2.0, 0.0], θ = 1.0" in run("perceptron_fruit.py")


def test_xor_backprop():
    assert "1 xor 1 =" in run("xor_backprop.py")


def test_digits_grid_search():
    assert "best {" in run("digits_grid_search.py")


@pytest.mark.skipif(not (pathlib.Path(os.environ.get("NEURITE_DATA", "data")) / "mnist").is_dir(),
                    reason="MNIST not fetched (make data)")
def test_mnist_trainer():
    out = run("mnist_trainer.py", "1")
    accuracy = float(out.split("test accuracy ")[1].split(" %")[0])
    assert accuracy > 94.0, out
