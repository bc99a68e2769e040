"""The McCulloch–Pitts neuron on the breast-cancer table, the textbook's way:
pandas, a stratified 85/15 split, every column made binary by equal-width
binning into two bins (pandas.cut), then the neuron's threshold fitted by
trying every value on the training part and scored on the test part."""
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

import neurite

data = load_breast_cancer(as_frame=True)
X, y = data.data, data.target  # 1 = benign
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.15, stratify=y, random_state=1)

# Equal-width bins on the training part's range; the test part uses the same edges.
edges = {c: pd.cut(X_train[c], bins=2, retbins=True)[1] for c in X.columns}
def binarize(frame):
    return pd.DataFrame({c: pd.cut(frame[c], bins=edges[c], labels=False, include_lowest=True)
                         .fillna(0).clip(0, 1) for c in frame.columns}).astype("float32")

# Benign tumours have the smaller values: a column fires (1) for the lower bin.
B_train, B_test = 1 - binarize(X_train), 1 - binarize(X_test)
neuron = neurite.MpNeuron()
threshold, train_accuracy, _ = neuron.fit(B_train.to_numpy(), y_train.to_numpy())
test_accuracy = (neuron.predict(B_test.to_numpy()) == y_test.to_numpy()).mean()
print(f"M-P neuron, {X.shape[1]} binary inputs: threshold {threshold}, "
      f"training accuracy {100 * train_accuracy:.2f} %, test accuracy {100 * test_accuracy:.2f} % ({len(y_test)} rows)")
