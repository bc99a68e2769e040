#!/usr/bin/python3
"""Writes small ONNX files under tests/data/onnx/hostile/, each with one
defect that an ONNX reader must refuse with an error, not a crash, a huge
allocation or a wrong answer: for the importer's refusal tests and as seeds
for fuzzing it. tests/data/onnx/hostile/README.md names each file's defect.

    /usr/bin/python3 tests/onnx/make_hostile_models.py

Needs Debian's python3-onnx. Most files start from one valid model (input
[batch,4] -> Gemm 4->8 -> Relu -> Gemm 8->3, weights stored [out, in] with
transB=1) and change one thing in it. The files are built with onnx.helper and
protobuf directly and are not gated on ONNX's checker: most are meant to be
invalid. The script prints, for information, what the checker says of each
(some defects are valid ONNX that neurite does not run, e.g. Conv).
Everything is deterministic: no clock, fixed seeds.
"""
import os
import random
import warnings

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "onnx", "hostile")
FLOAT = TensorProto.FLOAT


def values(count, seed):
    rng = random.Random(seed)
    return [round(rng.uniform(-1, 1), 4) for _ in range(count)]


def floats(name, dims, seed=0):
    count = 1
    for d in dims:
        count *= d
    return helper.make_tensor(name, FLOAT, dims, values(count, seed))


def raw_tensor(name, dims, raw, data_type=FLOAT):
    """A tensor whose dims say whatever they say, with the bytes given: no size check."""
    t = TensorProto()
    t.name, t.data_type, t.raw_data = name, data_type, raw
    t.dims.extend(dims)
    return t


def io(name, dims, elem=FLOAT):
    return helper.make_tensor_value_info(name, elem, dims)


def gemm(a, b, c, out):
    """Gemm with the weight stored [out, in], as PyTorch and neurite write it."""
    return helper.make_node("Gemm", [a, b, c], [out], transB=1)


def model(nodes, inits, inputs=None, outputs=None, opset=17):
    graph = helper.make_graph(nodes, "hostile", inputs or [io("input", ["batch", 4])],
                              outputs or [io("output", ["batch", 3])], inits)
    return helper.make_model(graph, ir_version=8, opset_imports=[helper.make_opsetid("", opset)])


def mlp(w1=None, b1=None, w2=None, b2=None):
    """The valid starting point; any part can be swapped for a bad one."""
    nodes = [gemm("input", "w1", "b1", "hidden"), helper.make_node("Relu", ["hidden"], ["relu"]),
             gemm("relu", "w2", "b2", "output")]
    inits = [w1 or floats("w1", [8, 4], 1), b1 or floats("b1", [8], 2),
             w2 or floats("w2", [3, 8], 3), b2 or floats("b2", [3], 4)]
    return model(nodes, inits)


def with_weight(tensor, in_dim, out_dim):
    """input [batch,in_dim] -> Gemm with the given weight [out_dim,in_dim] -> output."""
    return model([gemm("input", tensor.name, "b", "output")], [tensor, floats("b", [out_dim], 5)],
                 [io("input", ["batch", in_dim])], [io("output", ["batch", out_dim])])


def cases():
    """name -> (bytes of the file, one line on its defect)."""
    made = {}

    def add(name, proto_or_bytes, defect):
        data = proto_or_bytes if isinstance(proto_or_bytes, bytes) else proto_or_bytes.SerializeToString()
        made[name] = (data, defect)

    whole = mlp().SerializeToString()
    onnx.checker.check_model(mlp(), full_check=True)  # the starting point is valid

    # ---- not a model at all, or a damaged one -------------------------------------------
    add("truncated.onnx", whole[: len(whole) // 2], f"a valid MLP file ({len(whole)} bytes) cut in half")
    rng = random.Random(11)
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ,.\n") for _ in range(300))
    # 'N' (0x4e) read as a protobuf tag is field 9 with wire type 6, which does not exist
    add("not_protobuf.onnx", ("Not an ONNX model.\n" + text).encode(), "plain text, not protobuf")
    add("empty.onnx", b"", "zero bytes (which protobuf parses as an empty ModelProto: no graph)")
    # field 7 (graph), length-delimited, with a varint length of 2^32 - 1 and 4 bytes after it
    add("bad_length.onnx", bytes([0x08, 0x08, 0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) + b"\x0a\x01x\x00",
        "the graph field's length prefix says 4294967295 bytes; the file has 4 more")
    no_graph = helper.make_model(helper.make_graph([], "g", [], []), ir_version=8,
                                 opset_imports=[helper.make_opsetid("", 17)])
    no_graph.ClearField("graph")
    add("no_graph.onnx", no_graph, "a ModelProto with IR version and opset but no graph")
    no_opset = mlp()
    del no_opset.opset_import[:]
    add("no_opset.onnx", no_opset, "the MLP with no opset_import (the operators' versions are unknown)")

    # ---- graph structure -------------------------------------------------------------------
    conv = model([helper.make_node("Relu", ["input"], ["r"]),
                  helper.make_node("Conv", ["r", "k"], ["c"], kernel_shape=[3, 3]),
                  helper.make_node("Flatten", ["c"], ["f"], axis=1),
                  gemm("f", "w", "b", "output")],
                 [floats("k", [2, 1, 3, 3], 6), floats("w", [3, 8], 7), floats("b", [3], 8)],
                 [io("input", ["batch", 1, 4, 4])])
    onnx.checker.check_model(conv, full_check=True)
    add("conv.onnx", conv, "valid ONNX with a Conv node at node index 1 (Relu, Conv, Flatten, Gemm)")
    add("cycle.onnx", model([gemm("input", "w", "r", "g"), helper.make_node("Relu", ["g"], ["r"]),
                             gemm("r", "w2", "b2", "output")],
                            [floats("w", [8, 4], 1), floats("w2", [3, 8], 3), floats("b2", [3], 4)]),
        "Gemm takes its C from the Relu that takes the Gemm's output: a cycle, no order runs it")
    add("chain.onnx", mlp(w2=floats("w2", [3, 5], 3)),
        "the second Gemm's weight is [3,5] (5 inputs) but the first gives 8 outputs")
    two_inputs = model([gemm("input", "weights", "b", "output")], [floats("b", [3], 4)],
                       [io("input", ["batch", 4]), io("weights", [3, 4])])
    onnx.checker.check_model(two_inputs, full_check=True)
    add("two_inputs.onnx", two_inputs, "valid ONNX with two graph inputs: the Gemm's weight is a second input")
    unknown = mlp()
    unknown.graph.output[0].name = "nowhere"
    add("unknown_output.onnx", unknown, "the graph output is named 'nowhere', a value no node produces")
    undefined = mlp()
    undefined.graph.node[2].input[1] = "missing_weight"
    add("undefined_input.onnx", undefined, "the second Gemm reads 'missing_weight': no initializer, input or node")
    twice = mlp()
    twice.graph.node[1].output[0] = "hidden"
    twice.graph.node[2].input[0] = "hidden"
    add("duplicate_output.onnx", twice, "the Relu writes 'hidden', which the first Gemm also writes")
    no_outputs = mlp()
    del no_outputs.graph.output[:]
    add("no_outputs.onnx", no_outputs, "the graph declares no outputs")
    custom = mlp()
    custom.graph.node[1].domain = "com.example"
    custom.opset_import.append(helper.make_opsetid("com.example", 1))
    add("custom_domain.onnx", custom, "the Relu node is in domain com.example: a custom op named Relu, not ONNX's")

    # ---- tensors whose dims or data lie -------------------------------------------------------
    add("huge_dims.onnx", with_weight(raw_tensor("w", [4, 536870912], bytes(16)), 536870912, 4),
        "weight dims [4,536870912] claim 2^31 floats (8 GiB); raw_data holds 16 bytes")
    big = TensorProto(name="w", data_type=FLOAT, dims=[4, 134217728], float_data=[0.5, -0.5, 0.25, 1.0])
    add("two_gb.onnx", with_weight(big, 134217728, 4),
        "weight dims [4,134217728] claim 536870912 floats (2 GiB); float_data holds 4")
    wrap = raw_tensor("w1", [4294967296, 4294967296], b"")
    add("overflow_dims.onnx", mlp(w1=wrap),
        "weight dims [2^32,2^32]: the product is 2^64, which wraps to 0 in 64 bits and so 'matches' empty data")
    negative = mlp(w1=raw_tensor("w1", [8, -4], bytes(128)))
    add("negative_dim.onnx", negative, "weight dims [8,-4] (a negative dimension), with 128 bytes of data")
    add("float_count.onnx",
        mlp(w1=TensorProto(name="w1", data_type=FLOAT, dims=[8, 4], float_data=values(31, 1))),
        "weight dims [8,4] (32 floats) with 31 values in float_data")
    add("raw_size.onnx", mlp(w1=raw_tensor("w1", [8, 4], bytes(127))),
        "weight dims [8,4] (128 bytes) with 127 bytes of raw_data")
    both = floats("w1", [8, 4], 1)
    both.raw_data = bytes(128)
    add("raw_and_float.onnx", mlp(w1=both), "a weight with both float_data and raw_data set (which one is it?)")
    ints = helper.make_tensor("w1", TensorProto.INT64, [8, 4], list(range(32)))
    add("int_weights.onnx", mlp(w1=ints), "the first Gemm's weight is an INT64 tensor")
    external = TensorProto(name="w1", data_type=FLOAT, dims=[8, 4], data_location=TensorProto.EXTERNAL)
    for key, value in (("location", "weights.bin"), ("offset", "0"), ("length", "128")):
        external.external_data.add(key=key, value=value)
    add("external.onnx", mlp(w1=external), "the weight's data is EXTERNAL, in 'weights.bin' (not shipped)")
    escape = TensorProto()
    escape.CopyFrom(external)
    escape.external_data[0].value = "../../../../../../etc/passwd"
    add("external_escape.onnx", mlp(w1=escape), "EXTERNAL data at '../../../../../../etc/passwd' (outside the model's folder)")
    add("rank1_weight.onnx", mlp(w1=floats("w1", [32], 1)), "the first Gemm's weight is 1-D [32], not a matrix")
    add("bias_size.onnx", mlp(b1=floats("b1", [5], 2)), "the first Gemm's bias has 5 values for 8 outputs")

    # ---- operators used in ways a row-by-row model cannot run ----------------------------------
    string_input = mlp()
    string_input.graph.input[0].type.tensor_type.elem_type = TensorProto.STRING
    add("string_input.onnx", string_input, "the graph input's element type is STRING")
    rank3 = mlp()
    rank3.graph.input[0].CopyFrom(io("input", ["batch", 2, 2]))
    add("rank3_gemm.onnx", rank3, "a [batch,2,2] input fed to Gemm with no Flatten or Reshape in front")
    bad_attr = mlp()
    bad_attr.graph.node[0].attribute[0].CopyFrom(helper.make_attribute("transB", "yes"))
    add("attr_type.onnx", bad_attr, "the first Gemm's transB is a string attribute ('yes'), not an int")
    axis0 = mlp()
    axis0.graph.node[2].output[0] = "logits"
    axis0.graph.node.append(helper.make_node("Softmax", ["logits"], ["output"], axis=0))
    onnx.checker.check_model(axis0, full_check=True)
    add("softmax_axis0.onnx", axis0, "valid ONNX ending in Softmax over axis 0: across the batch, not each row")
    flat0 = model([helper.make_node("Flatten", ["input"], ["f"], axis=0), gemm("f", "w", "b", "output")],
                  [floats("w", [3, 36], 9), floats("b", [3], 4)], [io("input", [1, 1, 6, 6])],
                  [io("output", [1, 3])])
    onnx.checker.check_model(flat0, full_check=True)
    add("flatten_axis0.onnx", flat0, "valid ONNX with Flatten(axis=0): the whole batch becomes one row")
    return made


def checker_says(data):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = onnx.load_from_string(data)
    except Exception as e:  # noqa: BLE001 - any parse failure is the answer
        return "does not parse: " + str(e).splitlines()[0][:70]
    try:
        onnx.checker.check_model(m, full_check=True)
        return "passes ONNX's checker"
    except Exception as e:  # noqa: BLE001
        return "checker refuses: " + str(e).strip().splitlines()[0][:70]


def main():
    os.makedirs(OUT, exist_ok=True)
    made = cases()
    for name, (data, defect) in made.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name:22} {len(data):5} bytes  {checker_says(data)}")
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write("# Hostile ONNX files\n\n"
                "Written by `tests/onnx/make_hostile_models.py`; each has one defect, and an ONNX\n"
                "reader must refuse each with a clear error (no crash, no huge allocation, no file\n"
                "read outside the model). Unless it says otherwise, a file is the same small MLP\n"
                "(input [batch,4], Gemm 4->8, Relu, Gemm 8->3) with one thing changed.\n"
                "Files marked *checker passes* get through `onnx.checker.check_model(full_check=True)`\n"
                "of ONNX 1.12: a reader cannot leave these checks to ONNX's checker.\n\n")
        for name, (data, defect) in made.items():
            mark = " (*checker passes*)" if checker_says(data) == "passes ONNX's checker" else ""
            f.write(f"- `{name}`: {defect}{mark}\n")


if __name__ == "__main__":
    main()
