"""The main job from Python: a 784-256-128-10 ReLU network on MNIST with
neurite's Trainer and a per-epoch callback. The IDX files come from
data/mnist (make data, or $NEURITE_DATA/mnist).

    PYTHONPATH=build/python /usr/bin/python3 examples/python/mnist_trainer.py [EPOCHS]"""
import os
import sys
import time

import neurite


folder = os.path.join(os.environ.get("NEURITE_DATA", "data"), "mnist")
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
X_train, y_train = neurite.load_mnist(folder, "train")  # the IDX files, read by neurite
X_test, y_test = neurite.load_mnist(folder, "test")
X_train /= 255
X_test /= 255

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
