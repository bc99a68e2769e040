// ONNX files (https://onnx.ai) read into a neurite model spec with weights,
// through Debian's libonnx-dev protobuf types.
//
// What is read: a feed-forward chain from one float input to one output —
// Gemm (any alpha, beta and transB; transA = 0, the batch in rows), MatMul
// with an Add, Relu, Sigmoid, Tanh, LeakyRelu, Elu, Softmax and LogSoftmax
// over the last axis, Flatten and Reshape to one row per example, Dropout
// and Identity (passed through), the comparison + Cast neurite writes for
// the step functions, and element-wise Sub, Add, Mul and Div by constants:
// in front of the first layer they become the model's preprocessing, right
// after a layer's product they fold into its weights and bias. Weights come
// from initializers or Constant nodes; nodes may be in any topological
// order. The input may have more than two dimensions when a Flatten or a
// Reshape makes rows of it (neurite then reads the row-major flattening).
//
// Anything else is an Error naming the node, its operator and why. Hostile
// files are refused before anything is allocated from their claims:
// tensors are checked against the bytes they carry, external data is not
// read, cycles and values that do not chain are named.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "neurite/io/model_spec.hpp"

namespace neurite::cli {

// True for a path ending in .onnx (any case).
bool is_onnx_path(const std::string& path);

// The model an ONNX file holds, as a spec with every dense layer's weights,
// its preprocessing (when the graph scales its inputs first) and its class
// names (metadata "class_names", as neurite export writes them). `source`
// names the file in errors.
ModelSpec onnx_model_spec(std::span<const std::uint8_t> bytes, const std::string& source);

// Reads the file and returns onnx_model_spec of it.
ModelSpec load_onnx_model(const std::string& path);

}  // namespace neurite::cli
