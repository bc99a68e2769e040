"""XOR, which no single perceptron can learn, by a 2-2-1 sigmoid network
trained with back-propagation (plain gradient descent on squared error)."""
import numpy as np

import neurite

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y = np.array([[0], [1], [1], [0]], dtype=np.float32)
net = neurite.Sequential(2).dense(2, "sigmoid").dense(1, "sigmoid")
net.build()
net.init(seed=3)
history = neurite.Trainer(net, loss="mse", optimizer="sgd", learning_rate=2.0, epochs=3000, batch_size=4,
                          shuffle=False).fit(X, y)
out = net.predict(X).ravel()
print(f"loss {history[0]['loss']:.4f} → {history[-1]['loss']:.6f} after {len(history)} epochs")
for row, o in zip(X, out):
    print(f"  {row[0]:.0f} xor {row[1]:.0f} = {o:.3f}")
assert np.array_equal(out > 0.5, y.ravel() > 0.5)
