#include "spec_model.hpp"

#include <utility>

namespace neurite::cli {

LoadedModel model_from_spec(ModelSpec spec) {
    Sequential net = build_network<float>(spec);
    return {std::move(net), spec.preprocessing.value_or(Preprocessing{}), std::move(spec.class_names)};
}

GivenParameters given_parameters(const ModelSpec& spec) {
    GivenParameters p;
    p.total = param_count(spec);
    for (const LayerSpec& l : spec.layers) {
        if (l.weights) p.given += l.weights->size();
        if (l.bias) p.given += l.bias->size();
    }
    return p;
}

}  // namespace neurite::cli
