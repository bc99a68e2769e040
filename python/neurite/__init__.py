"""neurite from Python: the C++ engine with NumPy arrays in and out.

    import numpy as np, neurite
    net = neurite.Sequential(4).dense(16, "relu").dense(3).softmax()
    net.build(); net.init(seed=1)
    history = neurite.Trainer(net, epochs=50, batch_size=16).fit(X, y, classes=3)
    probabilities = net.predict(X)

Arrays: float32 in C order are read in place; any other dtype or layout is
converted once (as numpy.ascontiguousarray(X, dtype=numpy.float32)). Bad
shapes, NaN and unknown names raise ValueError with neurite's message.
Training and batched prediction release the GIL; Ctrl-C stops a fit
between two batches (KeyboardInterrupt). scikit-learn estimators:
neurite.sklearn.MLPClassifier and MLPRegressor.
"""
from ._core import (  # noqa: F401  (the public API)
    MpNeuron,
    Perceptron,
    Sequential,
    __version__,
    from_bytes,
    from_json,
    gradcheck,
    load,
    load_mnist,
)
from . import _core

__all__ = ["Sequential", "Trainer", "MpNeuron", "Perceptron", "load_model", "save_model", "from_json", "from_bytes",
           "gradcheck", "evaluate", "logic_gate", "load_mnist", "__version__"]


class Trainer:
    """neurite's training loop (the C++ Trainer) for a built network.

    loss: "categorical_cross_entropy" (after softmax), "softmax_cross_entropy",
    "binary_cross_entropy", "mse", "mae", … (neurite's names); optimizer:
    "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam",
    "adamw" with PyTorch's update rules; learning_rate None takes the
    optimizer's default. callback(record) is called after every epoch with a
    dict (epoch, loss, accuracy, val_loss, val_accuracy, learning_rate,
    seconds), never per sample."""

    def __init__(self, net, *, loss="categorical_cross_entropy", optimizer="adam", learning_rate=None, epochs=10,
                 batch_size=64, seed=42, weight_decay=0.0, shuffle=True, patience=0, min_delta=0.0):
        self.net = net
        self.options = dict(loss=loss, optimizer=optimizer, learning_rate=learning_rate, epochs=epochs,
                            batch_size=batch_size, seed=seed, weight_decay=weight_decay, shuffle=shuffle,
                            patience=patience, min_delta=min_delta)

    def fit(self, X, y, *, classes=0, validation=None, callback=None):
        """Trains on X (rows × features) and y: class indices 0 … classes−1
        when classes > 0, else numeric targets (one column per output).
        validation: an (X, y) pair scored after every epoch. Returns the
        history, one dict per epoch."""
        X_val, y_val = validation if validation is not None else (None, None)
        return _core.fit(self.net, X, y, classes=classes, X_val=X_val, y_val=y_val, callback=callback, **self.options)


def evaluate(net, X, y, *, classes=0, loss="categorical_cross_entropy"):
    """Loss and accuracy (NaN for regression) of net on X, y."""
    return _core.evaluate(net, X, y, classes=classes, loss=loss)


def save_model(net, path):
    """Writes net as a .nrm model file (atomically); neurite predict reads it."""
    net.save(str(path))


def load_model(path):
    """A network from a .nrm model file or a JSON model spec (with weights)."""
    return load(str(path))


# The textbook's gates as perceptrons with fixed weights: output 1 when
# w·x − θ > 0 (x₀ = −1 carries θ).
_GATES = {"and": ([1.0, 1.0], 1.5), "or": ([1.0, 1.0], 0.5), "nand": ([-1.0, -1.0], -1.5)}


def logic_gate(name):
    """AND, OR or NAND as a Perceptron with weights that compute it."""
    key = name.lower()
    if key not in _GATES:
        raise ValueError(f"logic_gate: no gate {name!r} (and, or, nand; XOR needs two layers: see examples/python)")
    weights, theta = _GATES[key]
    return Perceptron(weights, theta)
