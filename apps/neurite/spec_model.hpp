// A JSON model spec as a network ready to apply: the one conversion that
// commands taking a spec from somewhere other than a file (the ONNX export
// endpoint of `neurite serve`) share.
#pragma once

#include <cstdint>

#include "model_source.hpp"
#include "neurite/io/model_spec.hpp"

namespace neurite::cli {

// The spec's network (its weights, or those drawn from its seed where it has
// none), with its preprocessing and class names: what load_any_model gives
// for the same spec read from a file.
LoadedModel model_from_spec(ModelSpec spec);

// How many of the network's parameters the spec gives explicitly (its
// layers' "weights" and "bias"/"threshold" values), and how many it has.
struct GivenParameters {
    std::uint64_t given = 0;
    std::uint64_t total = 0;
    bool all() const { return given == total; }
};
GivenParameters given_parameters(const ModelSpec& spec);

}  // namespace neurite::cli
