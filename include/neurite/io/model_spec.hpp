// The JSON model spec: one format for the CLI, the library, model files and
// the playground. It describes the architecture and may carry weights, so a
// network can be written by hand exactly as a textbook draws it. The full
// format is documented in docs/model-spec.md. Example (XOR from step units):
//
//   {
//     "input": 2,
//     "layers": [
//       {"type": "dense", "units": 2, "activation": "step",
//        "weights": [[1, -1], [-1, 1]], "threshold": 0.5},
//       {"type": "dense", "units": 1, "activation": "step",
//        "weights": [[1, 1]], "threshold": 0.5}
//     ]
//   }
//
// Strings are turned into enums here, at the edge; an unknown layer type,
// activation or initializer, a missing or negative size, or a weight array of
// the wrong shape is an Error naming the JSON path (e.g. "layers[1].units").
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neurite/data/transforms.hpp"
#include "neurite/nn/activation.hpp"
#include "neurite/nn/init.hpp"
#include "neurite/nn/layer_registry.hpp"
#include "neurite/nn/sequential.hpp"

namespace neurite {

// A layer's "type" is its registered kind's name; each kind parses, checks
// and writes its own keys (see neurite/nn/layer_registry.hpp, which also
// defines LayerSpec).
struct ModelSpec {
    std::size_t input = 0;
    std::vector<LayerSpec> layers;
    std::optional<std::uint64_t> seed;  // initialization seed, if given
    // What a trained model carries besides its weights (optional keys
    // "preprocessing" and "class_names", as in a model file): the map its
    // raw inputs go through, and the names of its classes. build_network
    // ignores them; whoever applies the network applies the preprocessing.
    std::optional<Preprocessing> preprocessing;
    std::vector<std::string> class_names;
};

// Parses a spec; `source` names it in error messages (e.g. the file name).
ModelSpec parse_model_spec(std::string_view json_text, std::string_view source = "<spec>");
// Reads and parses a file; a missing or unreadable file is an Error naming it.
ModelSpec load_model_spec(const std::filesystem::path& path);
// Serializes a spec (with weights when present) as indented JSON.
std::string to_json(const ModelSpec& spec);

// The number of parameters of the network `spec` describes, counted
// without building it (each layer's kind makes its layers and asks them).
std::uint64_t param_count(const ModelSpec& spec);

// The memory that training the network of `spec` takes, in bytes, counted
// without building it: the parameters, their gradients and
// `optimizer_slots` optimizer state values per parameter (Adam keeps 2), and
// the activations and deltas of a batch of `batch_size` rows (float).
std::uint64_t training_memory_bytes(const ModelSpec& spec, std::size_t batch_size, std::size_t optimizer_slots);
// Throws neurite::Error "SOURCE: training this network (…) needs X; this
// machine has Y of memory" when training_memory_bytes is more than this
// machine's memory (see neurite/core/memory.hpp). Call it before
// build_network, so that nothing big is allocated first.
void check_training_memory(const ModelSpec& spec, std::size_t batch_size, std::size_t optimizer_slots,
                           std::string_view source);

// Builds and initializes a network from a spec: layers without explicit
// weights are initialized from Rng(seed), where seed is spec.seed if set,
// else `default_seed`; explicit weights and biases are then copied in.
template <typename T>
BasicSequential<T> build_network(const ModelSpec& spec, std::uint64_t default_seed = 42);

// The spec of a built network, with its current weights when `with_weights`.
template <typename T>
ModelSpec spec_of(const BasicSequential<T>& net, bool with_weights = true);

}  // namespace neurite
