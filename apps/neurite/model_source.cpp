#include "model_source.hpp"

#include <filesystem>

#include "neurite/io/model_file.hpp"
#include "neurite/io/model_spec.hpp"

namespace neurite::cli {

LoadedModel load_any_model(const std::string& path) {
    if (is_model_file(path) || std::filesystem::path(path).extension() == ".nrm") {
        ModelFile file = load_model_file(path);
        return {network_of(file), std::move(file.preprocessing), std::move(file.class_names)};
    }
    return {build_network<float>(load_model_spec(path)), {}, {}};
}

}  // namespace neurite::cli
