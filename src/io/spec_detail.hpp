// What the model spec's units share (spec_parse, spec_check, spec_write,
// spec_memory, spec_build): the format's constants and limits, the text of
// messages, and the shape of a spec layer as its kind's layers report it.
// Private to src/io.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "neurite/io/model_spec.hpp"

namespace neurite::spec_detail {

using json = nlohmann::ordered_json;

inline constexpr std::string_view kFormat = "neurite-spec";
inline constexpr std::uint64_t kVersion = 1;
// Limits checked before anything is allocated (a kind checks its own sizes,
// e.g. a dense layer's units).
inline constexpr std::uint64_t kMaxInput = 100'000'000;
inline constexpr std::uint64_t kMaxParams = std::uint64_t{1} << 31;
inline constexpr std::uint64_t kMaxLayers = 10'000;

std::string plural(std::uint64_t n, std::string_view word);
std::string layer_path(std::size_t i);
// A name or key from the document as messages show it: at most 40 bytes.
std::string shown(std::string_view s);
// " (did you mean "units"?)" for the closest candidate, or "".
std::string suggestion(std::string_view word, std::span<const std::string_view> candidates);
// The registered kinds' names, in registration order.
std::vector<std::string_view> layer_type_names();

// What one spec layer adds to the network: its kind's made layers' sizes.
struct LayerShape {
    std::uint64_t params = 0;          // saturating
    std::vector<std::size_t> outputs;  // output width of each network layer it makes
};
LayerShape layer_shape(const LayerKind& kind, const LayerSpec& spec, std::size_t input);

// The registered kind of spec layer `i`; an unknown type is an Error
// "SOURCE: layers[i]: unknown layer type …".
const LayerKind& kind_of(const LayerSpec& spec, std::size_t i, std::string_view source);

// The running input width and parameter count while a spec's layers are
// read or checked, one layer at a time.
struct Tally {
    std::size_t input = 0;   // the current layer's input width
    std::size_t output = 0;  // its output width, once counted
    std::uint64_t params = 0;
    bool counted = false;
    // Adds the layer's parameters; more than kMaxParams in all is
    // at.fail("", "the network would have …").
    void count(const LayerKind& kind, const LayerSpec& spec, const SpecPlace& at);
};

// Checks a ModelSpec built in code (build_network and to_json take any
// spec, not only parsed ones), with the same limits as the parser.
void check_spec(const ModelSpec& spec, std::string_view source);

}  // namespace neurite::spec_detail
