// A network to run, from any kind of file a user has: a model file written
// by neurite train (.nrm), a JSON model spec with weights (written by hand,
// or the playground's export) or an ONNX file (.onnx, see onnx_import.hpp).
// Shared by predict, summary and eval.
#pragma once

#include <string>
#include <vector>

#include "neurite/data/transforms.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/nn/sequential.hpp"

namespace neurite::cli {

// A network with what it needs to be applied to raw inputs.
struct LoadedModel {
    Sequential net;
    Preprocessing preprocessing;           // a spec's "preprocessing", or none
    std::vector<std::string> class_names;  // when the file has them
};

// A .nrm file is read as a model file even when its magic is damaged or
// missing (an empty or cut file), so the message is about model files; an
// .onnx file as ONNX; anything else as a JSON model spec.
LoadedModel load_any_model(const std::string& path);

// The model as a JSON spec with its weights, preprocessing and class names
// (what `neurite export --format json` writes; load_any_model reads it back
// to the same network).
ModelSpec spec_with_weights(const LoadedModel& model);

}  // namespace neurite::cli
