"""The main job from Python: a 784-256-128-10 ReLU network on MNIST with
neurite's Trainer and a per-epoch callback. The IDX files are read with
NumPy from data/mnist (make data, or $NEURITE_DATA/mnist).

    PYTHONPATH=build/python /usr/bin/python3 examples/python/mnist_trainer.py [EPOCHS]"""
import os
import sys
import time

import numpy as np

import neurite


def idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


folder = os.path.join(os.environ.get("NEURITE_DATA", "data"), "mnist")
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
X_train = idx(os.path.join(folder, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
y_train = idx(os.path.join(folder, "train-labels-idx1-ubyte")).astype(np.int64)
X_test = idx(os.path.join(folder, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
y_test = idx(os.path.join(folder, "t10k-labels-idx1-ubyte")).astype(np.int64)

net = neurite.Sequential(784).dense(256, "relu").dense(128, "relu").dense(10).softmax()
net.build()
net.init(seed=42)
trainer = neurite.Trainer(net, optimizer="adam", learning_rate=1e-3, epochs=epochs, batch_size=64)
start = time.perf_counter()
trainer.fit(X_train, y_train, classes=10, callback=lambda r: print(
    f"epoch {r['epoch']}/{epochs}  loss {r['loss']:.4f}  acc {r['accuracy']:.4f}  {r['seconds']:.1f}s", flush=True))
seconds = time.perf_counter() - start
accuracy = (net.predict(X_test).argmax(axis=1) == y_test).mean()
print(f"test accuracy {100 * accuracy:.2f} % after {epochs} epochs in {seconds:.1f} s")
