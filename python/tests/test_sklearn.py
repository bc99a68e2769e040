"""neurite.sklearn's estimators under scikit-learn's own checks and tools."""
import pickle
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_regression
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_estimator

from neurite.sklearn import MLPClassifier, MLPRegressor

# Checks skipped, with the reason (none at present).
SKIPPED = {}


@pytest.mark.parametrize("estimator", [MLPClassifier(max_iter=200), MLPRegressor(max_iter=200)],
                         ids=["MLPClassifier", "MLPRegressor"])
def test_scikit_learn_estimator_checks(estimator):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_estimator(estimator)


def digits():
    X, y = load_digits(return_X_y=True)
    return train_test_split(X / 16.0, y, test_size=0.25, random_state=0, stratify=y)


def test_digits_accuracy_and_pickle():
    X_train, X_test, y_train, y_test = digits()
    clf = MLPClassifier(hidden_layer_sizes=(64,), max_iter=60, random_state=0).fit(X_train, y_train)
    assert clf.score(X_test, y_test) > 0.95
    assert clf.predict_proba(X_test).shape == (len(X_test), 10)
    assert np.allclose(clf.predict_proba(X_test).sum(axis=1), 1.0, atol=1e-5)
    again = pickle.loads(pickle.dumps(clf))
    assert np.array_equal(again.predict(X_test), clf.predict(X_test))
    assert clf.n_iter_ <= 60 and len(clf.loss_curve_) == clf.n_iter_


def test_pipeline_grid_search_and_cross_validation():
    X_train, _, y_train, _ = digits()
    pipe = make_pipeline(StandardScaler(), MLPClassifier(max_iter=20, random_state=0))
    grid = GridSearchCV(pipe, {"mlpclassifier__hidden_layer_sizes": [(16,), (32,)],
                               "mlpclassifier__learning_rate_init": [1e-3, 1e-2]}, cv=2)
    grid.fit(X_train, y_train)
    assert grid.best_score_ > 0.85
    scores = cross_val_score(MLPClassifier(hidden_layer_sizes=(32,), max_iter=60, random_state=0), X_train, y_train, cv=3)
    assert scores.mean() > 0.85


def test_partial_fit_and_string_labels():
    X_train, X_test, y_train, y_test = digits()
    names = np.array([f"digit {d}" for d in range(10)])
    clf = MLPClassifier(hidden_layer_sizes=(32,), learning_rate_init=0.01, random_state=0)
    for _ in range(15):
        clf.partial_fit(X_train, names[y_train], classes=names)
    assert clf.score(X_test, names[y_test]) > 0.9
    with pytest.raises(ValueError, match="classes must be given"):
        MLPClassifier().partial_fit(X_train, y_train)


def test_regressor():
    X, y = make_regression(n_samples=300, n_features=5, noise=1.0, random_state=0)
    reg = make_pipeline(StandardScaler(), MLPRegressor(hidden_layer_sizes=(32,), max_iter=300, random_state=0))
    reg.fit(X, y / 100)
    assert reg.score(X, y / 100) > 0.95
