#!/usr/bin/python3
"""Writes the PyTorch-made ONNX fixtures under tests/data/onnx/: for each
model NAME, NAME.onnx (torch.onnx.export, opset 17, input "input" and output
"output" with a dynamic first axis "batch"), NAME_inputs.csv (a few rows of
seeded normal draws) and NAME_expected.csv (the float32 PyTorch model's
outputs on those rows). Numbers are written with 9 significant digits, which
is enough to give back the exact float32 value, so a reader of the CSV sees
the same inputs PyTorch used.

    /usr/bin/python3 tests/onnx/make_torch_models.py

Needs Debian's python3-torch (1.13) and python3-onnx. Weights come from
PyTorch's default initialization of nn.Linear after torch.manual_seed, so a
rerun writes the same numbers.

The models, and what each graph is meant to show:
  torch_mlp         Gemm (transB=1) with Relu, Tanh and Softmax(axis=1)
  torch_flatten     Flatten(axis=1) of a [batch,1,6,6] input, Sigmoid;
                    its inputs CSV has 36 columns (row-major flattening)
  torch_logsoftmax  Elu(alpha=0.5), LeakyRelu(alpha=0.1), LogSoftmax(axis=1).
                    The model has an nn.Dropout(0.2), but torch exports
                    models in eval mode without it: no Dropout node in the file
  torch_matmul      x @ W + b with W of shape [in, out], exported as MatMul
                    followed by Add (no Gemm), Relu between two such layers
  torch_gemm_attrs  torch.addmm(b, x, W, beta=0.5, alpha=2.0) with W of
                    shape [in, out]: Gemm with alpha 2, beta 0.5 and no
                    transB attribute (so 0). Its input is [batch,2,3], brought
                    to rows by x.view(-1, 6); the -1 keeps the batch size out
                    of the shape, so torch writes the shape as a Constant node
                    feeding Reshape (x.view(x.size(0), -1) would compute it
                    with Shape, Gather, Unsqueeze and Concat instead). A second
                    view(-1, 5) after the Gemm is a Reshape that keeps the row.

Each file passes onnx.checker (full check), and the script checks that each
graph holds the operators above and nothing else, and runs each graph with a
small NumPy version of those operators to see that the file, not only the
PyTorch module, gives the expected outputs.
"""
import io
import os

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "onnx")
ROWS = 5


class MatMulAdd(nn.Module):
    """x @ W + b with W stored [in, out]; the numbers are those of a default nn.Linear."""

    def __init__(self, n_in, n_out):
        super().__init__()
        linear = nn.Linear(n_in, n_out)
        self.weight = nn.Parameter(linear.weight.detach().t().contiguous())
        self.bias = nn.Parameter(linear.bias.detach().clone())

    def forward(self, x):
        return x @ self.weight + self.bias


class MatMulNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = MatMulAdd(5, 7)
        self.second = MatMulAdd(7, 3)

    def forward(self, x):
        return self.second(torch.relu(self.first(x)))


class AddmmNet(nn.Module):
    def __init__(self):
        super().__init__()
        scaled = MatMulAdd(6, 5)
        self.weight, self.bias = scaled.weight, scaled.bias
        self.last = nn.Linear(5, 2)

    def forward(self, x):
        x = x.view(-1, 6)
        x = torch.tanh(torch.addmm(self.bias, x, self.weight, beta=0.5, alpha=2.0))
        return self.last(x.view(-1, 5))


# name: (build the model, input shape past the batch axis, the graph's operators in order)
MODELS = {
    "torch_mlp": (lambda: nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 8), nn.Tanh(),
                                        nn.Linear(8, 3), nn.Softmax(dim=1)),
                  (4,), ["Gemm", "Relu", "Gemm", "Tanh", "Gemm", "Softmax"]),
    "torch_flatten": (lambda: nn.Sequential(nn.Flatten(), nn.Linear(36, 12), nn.Sigmoid(), nn.Linear(12, 5)),
                      (1, 6, 6), ["Flatten", "Gemm", "Sigmoid", "Gemm"]),
    "torch_logsoftmax": (lambda: nn.Sequential(nn.Linear(10, 20), nn.ELU(alpha=0.5), nn.Dropout(0.2),
                                               nn.Linear(20, 20), nn.LeakyReLU(0.1), nn.Linear(20, 4),
                                               nn.LogSoftmax(dim=1)),
                         (10,), ["Gemm", "Elu", "Gemm", "LeakyRelu", "Gemm", "LogSoftmax"]),
    "torch_matmul": (MatMulNet, (5,), ["MatMul", "Add", "Relu", "MatMul", "Add"]),
    "torch_gemm_attrs": (AddmmNet, (2, 3),
                         ["Constant", "Reshape", "Gemm", "Tanh", "Constant", "Reshape", "Gemm"]),
}


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def numpy_run(model, x):
    """The graph's output for x, each node by NumPy (float32), in file order."""
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values[model.graph.input[0].name] = x
    for node in model.graph.node:
        a, ins = attrs(node), [values[name] for name in node.input]
        op = node.op_type
        if op == "Constant":
            y = numpy_helper.to_array(a["value"])
        elif op == "Gemm":
            p = ins[0].T if a.get("transA", 0) else ins[0]
            q = ins[1].T if a.get("transB", 0) else ins[1]
            y = np.float32(a.get("alpha", 1.0)) * (p @ q) + np.float32(a.get("beta", 1.0)) * ins[2]
        elif op == "MatMul":
            y = ins[0] @ ins[1]
        elif op == "Add":
            y = ins[0] + ins[1]
        elif op == "Flatten":
            axis = a.get("axis", 1)
            y = ins[0].reshape(int(np.prod(ins[0].shape[:axis])), -1)
        elif op == "Reshape":
            y = ins[0].reshape(tuple(int(d) for d in ins[1]))
        elif op == "Relu":
            y = np.maximum(ins[0], np.float32(0))
        elif op == "Sigmoid":
            y = np.float32(1) / (np.float32(1) + np.exp(-ins[0]))
        elif op == "Tanh":
            y = np.tanh(ins[0])
        elif op == "Elu":
            y = np.where(ins[0] > 0, ins[0], np.float32(a["alpha"]) * np.expm1(ins[0]))
        elif op == "LeakyRelu":
            y = np.where(ins[0] >= 0, ins[0], np.float32(a["alpha"]) * ins[0])
        elif op in ("Softmax", "LogSoftmax"):
            shifted = ins[0] - ins[0].max(axis=a["axis"], keepdims=True)
            log_sum = np.log(np.exp(shifted).sum(axis=a["axis"], keepdims=True))
            y = shifted - log_sum if op == "LogSoftmax" else np.exp(shifted - log_sum)
        else:
            raise SystemExit(f"no NumPy version of {op}")
        values[node.output[0]] = y if op == "Constant" else y.astype(np.float32)
    return values[model.graph.output[0].name]


def write_csv(path, rows):
    with open(path, "w") as f:
        for row in rows:
            f.write(",".join("%.9g" % v for v in row) + "\n")


def make(name, build, shape, ops, seed):
    torch.manual_seed(seed)
    model = build()
    model.eval()
    draws = torch.Generator().manual_seed(1000 + seed)
    x = torch.randn((ROWS,) + shape, generator=draws, dtype=torch.float32)
    with torch.no_grad():
        y = model(x)

    buffer = io.BytesIO()
    torch.onnx.export(model, x, buffer, opset_version=17, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    onnx_model = onnx.load_from_string(buffer.getvalue())
    onnx.checker.check_model(onnx_model, full_check=True)
    found = [n.op_type for n in onnx_model.graph.node]
    if found != ops:
        raise SystemExit(f"{name}: torch wrote {found}, not {ops}")
    batch = onnx_model.graph.input[0].type.tensor_type.shape.dim[0].dim_param
    if batch != "batch" or onnx_model.graph.output[0].type.tensor_type.shape.dim[0].dim_param != "batch":
        raise SystemExit(f"{name}: the batch axis is not named 'batch'")

    flat_in = x.reshape(ROWS, -1).numpy()
    # What the CSV gives back is exactly what PyTorch ran on.
    if not np.array_equal(np.array([[np.float32("%.9g" % v) for v in r] for r in flat_in]), flat_in):
        raise SystemExit(f"{name}: the inputs do not survive %.9g")
    from_numpy = numpy_run(onnx_model, x.numpy())
    close = np.abs(from_numpy - y.numpy()) <= 1e-5 * np.maximum(np.abs(from_numpy), np.abs(y.numpy())) + 1e-9
    if not close.all():
        raise SystemExit(f"{name}: the NumPy run of the file differs from PyTorch")

    path = os.path.join(OUT, name + ".onnx")
    with open(path, "wb") as f:
        f.write(buffer.getvalue())
    write_csv(os.path.join(OUT, name + "_inputs.csv"), flat_in)
    write_csv(os.path.join(OUT, name + "_expected.csv"), y.numpy())

    print(f"{name}: {os.path.getsize(path)} bytes, input {list(x.shape[1:])} per row, output {y.shape[1]}")
    for node in onnx_model.graph.node:
        shown = ", ".join(f"{k}={numpy_helper.to_array(v).tolist() if k == 'value' else v}"
                          for k, v in sorted(attrs(node).items()))
        print(f"  {node.op_type}" + (f" ({shown})" if shown else ""))


def main():
    os.makedirs(OUT, exist_ok=True)
    print(f"torch {torch.__version__}, onnx {onnx.__version__}")
    for seed, (name, (build, shape, ops)) in enumerate(MODELS.items()):
        make(name, build, shape, ops, seed)


if __name__ == "__main__":
    main()
