#include "model_source.hpp"

#include <filesystem>

#include "neurite/io/model_file.hpp"
#include "neurite/io/model_spec.hpp"
#include "onnx_import.hpp"
#include "spec_model.hpp"

namespace neurite::cli {

LoadedModel load_any_model(const std::string& path) {
    if (is_model_file(path) || std::filesystem::path(path).extension() == ".nrm") {
        ModelFile file = load_model_file(path);
        return {network_of(file), std::move(file.preprocessing), std::move(file.class_names)};
    }
    return model_from_spec(is_onnx_path(path) ? load_onnx_model(path) : load_model_spec(path));
}

ModelSpec spec_with_weights(const LoadedModel& model) {
    ModelSpec spec = spec_of(model.net, true);
    if (!model.preprocessing.empty()) spec.preprocessing = model.preprocessing;
    spec.class_names = model.class_names;
    return spec;
}

}  // namespace neurite::cli
