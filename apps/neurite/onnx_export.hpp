// A model as an ONNX file (https://onnx.ai), built on Debian's libonnx-dev:
// its protobuf types, its checker and its shape inference.
//
// The graph takes the raw inputs `neurite predict` takes ("input", batch ×
// inputs, the batch dimension dynamic) and gives its outputs ("output"):
// the preprocessing as Sub and Mul nodes in front, each dense layer a Gemm
// (weights [units, inputs], transB = 1, as PyTorch writes nn.Linear), each
// activation its ONNX operator (Relu, Sigmoid, Tanh, LeakyRelu, Elu,
// Softmax; identity is no node; step is GreaterOrEqual and step_strict
// Greater against 0, cast to float), dropout nothing (inference). IR version
// 8 and opset 17, the newest that ONNX 1.12's checker (Debian 12) accepts.
// Metadata: neurite's version, the task, the class count and names.
#pragma once

#include <string>

#include "model_source.hpp"

namespace neurite::cli {

// An Error saying what to install when this build cannot write ONNX (it
// was built without libonnx-dev); nothing otherwise.
void require_onnx();

// The model's ONNX file, checked by onnx::checker and strict shape
// inference before it is returned. An Error names what cannot be written.
std::string onnx_model_bytes(const LoadedModel& model, const std::string& source);

}  // namespace neurite::cli
