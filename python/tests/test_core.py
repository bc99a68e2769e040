"""The low-level API: networks, training, files, the gradient checker and
the classic models, from Python."""
import signal

import numpy as np
import pytest

import neurite


def xor_data():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    return X, np.array([0, 1, 1, 0])


def small_net(seed=1):
    net = neurite.Sequential(2).dense(8, "tanh").dense(2).softmax()
    net.build()
    net.init(seed)
    return net


def test_xor_by_backpropagation():
    X, y = xor_data()
    net = small_net()
    history = neurite.Trainer(net, optimizer="adam", learning_rate=0.05, epochs=300, batch_size=4).fit(X, y, classes=2)
    assert len(history) == 300
    assert history[-1]["accuracy"] == 1.0
    assert np.array_equal(net.predict(X).argmax(axis=1), y)


def test_arrays_of_any_dtype_and_layout_give_the_same_outputs():
    X = np.random.default_rng(0).normal(size=(50, 2))
    net = small_net()
    ref = net.predict(X.astype(np.float32))
    assert ref.dtype == np.float32 and ref.shape == (50, 2)
    for variant in (X, np.asfortranarray(X), X.astype(np.float16).astype(np.float64), X.tolist()):
        out = net.predict(np.asarray(variant))
        assert np.allclose(out, net.predict(np.ascontiguousarray(variant, dtype=np.float32)), atol=0)
    assert np.allclose(net.predict(X[::2]), ref[::2])


def test_bad_input_is_a_value_error_naming_it():
    net = small_net()
    with pytest.raises(ValueError, match="X has 3 columns but the network takes 2"):
        net.predict(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="NaN or infinity"):
        net.predict(np.array([[0.0, np.nan]]))
    with pytest.raises(ValueError, match="expected a 2-D array"):
        net.predict(np.zeros((2, 2, 2)))
    X, y = xor_data()
    with pytest.raises(ValueError, match="y has 3 labels for 4 rows"):
        neurite.Trainer(net).fit(X, y[:3], classes=2)
    with pytest.raises(ValueError, match=r"y\[0\] = 5 is not a class index from 0 to 1"):
        neurite.Trainer(net).fit(X, np.array([5, 0, 1, 0]), classes=2)
    with pytest.raises(ValueError, match="unknown optimizer|optimizer"):
        neurite.Trainer(net, optimizer="adm").fit(X, y, classes=2)


def test_the_callback_runs_once_per_epoch():
    X, y = xor_data()
    seen = []
    neurite.Trainer(small_net(), epochs=7, batch_size=1).fit(X, y, classes=2, callback=seen.append)
    assert [r["epoch"] for r in seen] == list(range(1, 8))
    assert all(np.isfinite(r["loss"]) for r in seen)


def test_ctrl_c_stops_between_batches():
    X = np.random.default_rng(1).normal(size=(400, 2)).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.int64)
    seen = []

    def interrupt(record):
        seen.append(record["epoch"])
        signal.raise_signal(signal.SIGINT)  # as a Ctrl-C would, during epoch 2's first batch

    with pytest.raises(KeyboardInterrupt):
        neurite.Trainer(small_net(), epochs=50, batch_size=10).fit(X, y, classes=2, callback=interrupt)
    assert seen == [1]


def test_files_round_trip(tmp_path):
    X, _ = xor_data()
    net = small_net(3)
    neurite.save_model(net, tmp_path / "m.nrm")
    for other in (neurite.load_model(tmp_path / "m.nrm"), neurite.from_json(net.to_json()),
                  neurite.from_bytes(net.to_bytes())):
        assert np.array_equal(other.predict(X), net.predict(X))
    (tmp_path / "m.json").write_text(net.to_json())
    assert np.array_equal(neurite.load_model(tmp_path / "m.json").predict(X), net.predict(X))
    with pytest.raises(ValueError):
        neurite.load_model(tmp_path / "missing.nrm")


def test_params_and_evaluate():
    X, y = xor_data()
    net = small_net()
    p = net.get_params()
    assert p.shape == (net.param_count,) == (2 * 8 + 8 + 8 * 2 + 2,)
    net.set_params(np.zeros_like(p))
    assert np.allclose(net.predict(X), 0.5)
    e = neurite.evaluate(net, X, y, classes=2)
    assert e["rows"] == 4 and abs(e["loss"] - np.log(2)) < 1e-6


def test_gradient_checker():
    rows = neurite.gradcheck(seed=1)
    assert len(rows) > 20
    assert all(checked > 0 and err < 1e-4 for _, checked, err in rows), [r for r in rows if r[2] >= 1e-4]


def test_classic_models():
    X, y = xor_data()
    and_y = np.array([0, 0, 0, 1])
    for name, target in (("and", and_y), ("or", np.array([0, 1, 1, 1])), ("nand", 1 - and_y)):
        assert np.array_equal(neurite.logic_gate(name).predict(X), target), name
    with pytest.raises(ValueError, match="XOR needs two layers"):
        neurite.logic_gate("xor")
    p = neurite.Perceptron(2)
    result = p.fit(X, and_y, learning_rate=1.0)
    assert result["converged"] and np.array_equal(p.predict(X), and_y)
    assert not neurite.Perceptron(2).fit(X, y, max_epochs=50)["converged"]  # XOR is not linearly separable
    n = neurite.MpNeuron()
    threshold, accuracy, _ = n.fit(X, and_y)
    assert threshold == 2 and accuracy == 1.0 and n.threshold == 2


def test_prediction_and_training_release_the_gil():
    import threading

    net = neurite.Sequential(784).dense(512, "relu").dense(10).softmax()
    net.build()
    X = np.random.default_rng(0).random((60000, 784), dtype=np.float32)
    ticks, stop = [0], [False]

    def count():
        while not stop[0]:
            ticks[0] += 1

    t = threading.Thread(target=count)
    t.start()
    try:
        before = ticks[0]
        net.predict(X)  # about a third of a second
        during_predict = ticks[0] - before
        before = ticks[0]
        neurite.Trainer(net, epochs=1, batch_size=1000).fit(X[:20000], np.zeros(20000, np.int64), classes=10)
        during_fit = ticks[0] - before
    finally:
        stop[0] = True
        t.join()
    assert during_predict > 1000 and during_fit > 1000, (during_predict, during_fit)


def test_load_mnist():
    import os
    folder = os.path.join(os.environ.get("NEURITE_DATA", "data"), "mnist")
    if not os.path.isdir(folder):
        pytest.skip("MNIST not fetched (make data)")
    X, y = neurite.load_mnist(folder, "test")
    assert X.shape == (10000, 784) and X.dtype == np.float32 and y.shape == (10000,) and y.dtype == np.int64
    assert X.max() == 255 and set(np.unique(y)) == set(range(10))
    with pytest.raises(ValueError, match="make data"):
        neurite.load_mnist("/nonexistent", "test")
