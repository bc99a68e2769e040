"""scikit-learn estimators on neurite's engine: MLPClassifier and
MLPRegressor, with the parameters of sklearn.neural_network's estimators of
the same names (those neurite has) and their conventions: fit, predict,
predict_proba, score, partial_fit, get_params/set_params, usable in
Pipeline, GridSearchCV and cross_val_score, and picklable.

Differences from scikit-learn's MLP: the solvers are neurite's optimizers
(solver="adam", "sgd", "momentum", "nesterov", "rmsprop", "adagrad",
"adadelta", "adamw"); alpha is the optimizer's weight decay (for Adam and SGD
the L2 term λθ added to the gradient, which is scikit-learn's alpha/n·θ per
sample times the batch's rows); a classifier always ends in softmax (two
outputs for two classes); training stops after n_iter_no_change epochs
whose training loss improved by less than tol, as scikit-learn's does, and
max_iter counts epochs. partial_fit runs one epoch and starts the
optimizer's state afresh at every call.
"""
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils import check_random_state, column_or_1d
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from . import _core

__all__ = ["MLPClassifier", "MLPRegressor"]


class _BaseMLP(BaseEstimator):
    def __init__(self, hidden_layer_sizes=(100,), activation="relu", *, solver="adam", alpha=0.0001,
                 batch_size="auto", learning_rate_init=0.001, max_iter=200, shuffle=True, random_state=None,
                 tol=1e-4, n_iter_no_change=10, verbose=False):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.verbose = verbose

    # scikit-learn's activation names; neurite's own are accepted too.
    _ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "logistic": "sigmoid", "identity": "identity"}

    def _layers(self):
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if np.isscalar(sizes) else list(sizes)
        if any(int(h) != h or h < 1 for h in sizes):
            raise ValueError(f"hidden_layer_sizes must be positive integers, got {self.hidden_layer_sizes!r}")
        return [int(h) for h in sizes]

    def _check_params(self):
        if not (isinstance(self.max_iter, (int, np.integer)) and self.max_iter >= 1):
            raise ValueError(f"max_iter must be a positive integer, got {self.max_iter!r}")
        if not (self.learning_rate_init > 0):
            raise ValueError(f"learning_rate_init must be positive, got {self.learning_rate_init!r}")
        if not (self.alpha >= 0):
            raise ValueError(f"alpha must be non-negative, got {self.alpha!r}")
        if self.batch_size != "auto" and not (isinstance(self.batch_size, (int, np.integer)) and self.batch_size >= 1):
            raise ValueError(f"batch_size must be 'auto' or a positive integer, got {self.batch_size!r}")

    def _network(self, n_inputs, n_outputs, softmax, seed):
        net = _core.Sequential(n_inputs)
        activation = self._ACTIVATIONS.get(self.activation, self.activation)
        for h in self._layers():
            net.dense(h, activation)
        net.dense(n_outputs)
        if softmax:
            net.softmax()
        net.build()
        net.init(seed)
        return net

    def _train(self, X, targets, classes, epochs, seed, patience):
        n = X.shape[0]
        batch = min(200, n) if self.batch_size == "auto" else min(int(self.batch_size), n)
        history = _core.fit(self.net_, X, targets, classes=classes, loss=self._loss, optimizer=self.solver,
                            learning_rate=float(self.learning_rate_init), epochs=int(epochs), batch_size=batch,
                            seed=seed, weight_decay=float(self.alpha), shuffle=bool(self.shuffle),
                            patience=patience, min_delta=float(self.tol),
                            callback=(lambda r: print(f"Iteration {r['epoch']}, loss = {r['loss']:.8f}"))
                            if self.verbose else None)
        self.loss_curve_ = getattr(self, "loss_curve_", []) + [r["loss"] for r in history]
        self.loss_ = self.loss_curve_[-1]
        self.n_iter_ = getattr(self, "n_iter_", 0) + len(history)
        return self

    def _seed(self):
        return int(check_random_state(self.random_state).randint(0, 2**31 - 1))

    # Predictions go through the engine in blocks of exactly _BLOCK rows (the
    # last padded with zeros), so that every call runs the same kernels and a
    # row's outputs do not depend on the rows predicted with it, to the last
    # bit: scikit-learn's checks compare a subset's predictions with the whole
    # set's at a tolerance of 1e-7, and the engine picks other kernels for
    # other batch sizes.
    _BLOCK = 64

    def _predict_raw(self, X):
        check_is_fitted(self)
        X = self._validate_data(X, reset=False, dtype=np.float32)
        n = X.shape[0]
        padded = np.zeros((-(-n // self._BLOCK) * self._BLOCK, X.shape[1]), dtype=np.float32)
        padded[:n] = X
        return np.concatenate([self.net_.predict(padded[i:i + self._BLOCK])
                               for i in range(0, len(padded), self._BLOCK)] or
                              [np.zeros((0, self.net_.output_size), np.float32)])[:n]

    # The network travels as its .nrm bytes (pickle, copy, joblib).
    def __getstate__(self):
        state = self.__dict__.copy()
        if "net_" in state:
            state["net_"] = self.net_.to_bytes()
        return state

    def __setstate__(self, state):
        if "net_" in state:
            state["net_"] = _core.from_bytes(state["net_"])
        self.__dict__.update(state)


class MLPClassifier(ClassifierMixin, _BaseMLP):
    """A multilayer perceptron classifier trained by neurite (softmax output,
    cross-entropy). Parameters as sklearn.neural_network.MLPClassifier's
    (see the module's notes for the differences)."""

    _loss = "categorical_cross_entropy"

    def fit(self, X, y):
        self._check_params()
        for attr in ("loss_curve_", "n_iter_"):
            self.__dict__.pop(attr, None)
        X, y = self._validate_data(X, y, reset=True, dtype=np.float32)
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        self.classes_, indices = np.unique(y, return_inverse=True)
        return self._fit_indices(X, indices, self.max_iter, self.n_iter_no_change, new=True)

    def partial_fit(self, X, y, classes=None):
        """One epoch on X, y; the first call needs `classes` (all of them)."""
        first = not hasattr(self, "classes_")
        if first and classes is None:
            raise ValueError("classes must be given at the first call to partial_fit")
        X, y = self._validate_data(X, y, reset=first, dtype=np.float32)
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        if first:
            self._check_params()
            self.classes_ = np.unique(classes)
        unknown = np.setdiff1d(np.unique(y), self.classes_)
        if unknown.size:
            raise ValueError(f"y holds labels not in classes: {unknown!r}")
        indices = np.searchsorted(self.classes_, y)
        return self._fit_indices(X, indices, 1, 0, new=first)

    def _fit_indices(self, X, indices, epochs, patience, new):
        k = len(self.classes_)
        if new:
            self.net_ = self._network(X.shape[1], max(k, 2), True, self._seed())
        if k == 1:  # one class: nothing to learn, every prediction is it
            self.n_iter_ = getattr(self, "n_iter_", 0)
            return self
        return self._train(X, indices.astype(np.int64), max(k, 2), epochs, self._seed(), patience)

    def predict_proba(self, X):
        """Class probabilities, rows × classes, in the order of classes_."""
        p = self._predict_raw(X)
        if len(self.classes_) == 1:
            return np.ones((p.shape[0], 1))
        return p.astype(np.float64)

    def predict_log_proba(self, X):
        return np.log(np.clip(self.predict_proba(X), 1e-300, None))

    def predict(self, X):
        p = self._predict_raw(X)
        if len(self.classes_) == 1:
            return np.repeat(self.classes_, p.shape[0])
        return self.classes_[np.argmax(p, axis=1)]


class MLPRegressor(RegressorMixin, _BaseMLP):
    """A multilayer perceptron regressor trained by neurite (identity output,
    mean squared error). Parameters as sklearn.neural_network.MLPRegressor's
    (see the module's notes for the differences)."""

    _loss = "mse"

    def _more_tags(self):
        return {"multioutput": True}  # y may have several columns, one output each

    def fit(self, X, y):
        self._check_params()
        for attr in ("loss_curve_", "n_iter_"):
            self.__dict__.pop(attr, None)
        X, y = self._validate_data(X, y, reset=True, dtype=np.float32, y_numeric=True, multi_output=True)
        return self._fit_targets(X, y, self.max_iter, self.n_iter_no_change, new=True)

    def partial_fit(self, X, y):
        """One epoch on X, y."""
        first = not hasattr(self, "net_")
        X, y = self._validate_data(X, y, reset=first, dtype=np.float32, y_numeric=True, multi_output=True)
        if first:
            self._check_params()
        return self._fit_targets(X, y, 1, 0, new=first)

    def _fit_targets(self, X, y, epochs, patience, new):
        y = np.asarray(y, dtype=np.float32)
        self._y_1d = y.ndim == 1
        targets = y.reshape(-1, 1) if y.ndim == 1 else y
        if new:
            self.net_ = self._network(X.shape[1], targets.shape[1], False, self._seed())
        elif targets.shape[1] != self.net_.output_size:
            raise ValueError(f"y has {targets.shape[1]} target columns; the model was fitted with {self.net_.output_size}")
        return self._train(X, targets, 0, epochs, self._seed(), patience)

    def predict(self, X):
        p = self._predict_raw(X).astype(np.float64)
        return p.ravel() if self._y_1d else p
