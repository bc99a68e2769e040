"""Rosenblatt's perceptron on the textbook's fruit example: colour x1 and
shape x2 are ±1, watermelon (1, 1) → 1, banana (−1, −1) → 0, starting from
w = (1, −1), θ = 0 with the text's update θ ← θ + (y − ŷ) (the constant
input x0 = +1)."""
import numpy as np

import neurite

X = np.array([[1, 1], [-1, -1]], dtype=float)
y = np.array([1, 0])
unit = neurite.Perceptron([1.0, -1.0], 0.0, constant_input=1.0)
print("before:", unit.predict(X), "(watermelon, banana)")
result = unit.fit(X, y, learning_rate=1.0)
print(f"after {result['epochs']} epochs and {result['updates']} update: w = {unit.weights}, θ = {unit.theta}")
print("after: ", unit.predict(X))
assert result["converged"] and list(unit.predict(X)) == [1, 0] and unit.weights == [2.0, 0.0] and unit.theta == 1.0
