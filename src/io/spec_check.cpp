// Checking a model spec built in code, and a spec's shape and parameter
// count, asked of each layer's registered kind.
#include <cmath>

#include "neurite/core/error.hpp"
#include "neurite/core/memory.hpp"
#include "spec_detail.hpp"

namespace neurite::spec_detail {

std::vector<std::string_view> layer_type_names() {
    std::vector<std::string_view> names;
    for (const LayerKind* k : layer_kinds()) names.push_back(k->name);
    return names;
}

// The kind's layers are made (without parameters: nothing big is allocated)
// and asked their sizes, so the count is the one the built network has.
LayerShape layer_shape(const LayerKind& kind, const LayerSpec& spec, std::size_t input) {
    LayerShape shape;
    std::size_t width = input;
    for (const auto& layer : kind.float_ops.make(spec, 0)) {
        shape.params = saturating_add(shape.params, layer->param_count(width));
        width = layer->output_size(width);
        shape.outputs.push_back(width);
    }
    return shape;
}

const LayerKind& kind_of(const LayerSpec& spec, std::size_t i, std::string_view source) {
    const LayerKind* kind = find_layer_kind(spec.type);
    if (kind == nullptr) {
        const auto names = layer_type_names();
        fail(source, ": ", layer_path(i), ": unknown layer type \"", shown(spec.type), '"',
             suggestion(spec.type, names), " (expected one of: ", join(names), ')');
    }
    return *kind;
}

void Tally::count(const LayerKind& kind, const LayerSpec& spec, const SpecPlace& at) {
    if (counted) return;
    const LayerShape shape = layer_shape(kind, spec, input);
    params = saturating_add(params, shape.params);
    if (params > kMaxParams)
        at.fail("", cat("the network would have ", params, " parameters; at most ", kMaxParams, " are supported"));
    output = shape.outputs.empty() ? input : shape.outputs.back();
    counted = true;
}

namespace {

class CheckPlace final : public SpecPlace {
public:
    CheckPlace(std::string_view source, std::string path, const LayerKind& kind, Tally& tally)
        : source_(source), path_(std::move(path)), kind_(kind), tally_(tally) {}

    std::size_t input_size() const override { return tally_.input; }
    [[noreturn]] void fail(std::string_view key, const std::string& message) const override {
        neurite::fail(source_, ": ", path_, key.empty() ? "" : ".", key, ": ", message);
    }
    void count_parameters(const LayerSpec& spec) override { tally_.count(kind_, spec, *this); }

private:
    std::string_view source_;
    std::string path_;
    const LayerKind& kind_;
    Tally& tally_;
};

}  // namespace

void check_spec(const ModelSpec& spec, std::string_view source) {
    const auto bad = [&](const std::string& path, const auto&... args) {
        fail(source, ": ", path, path.empty() ? "" : ": ", args...);
    };
    if (spec.input < 1 || spec.input > kMaxInput) bad("input", "expected an integer in [1, ", kMaxInput, "], got ", spec.input);
    if (spec.layers.empty()) bad("layers", "expected at least one layer");
    if (spec.layers.size() > kMaxLayers)
        bad("layers", "at most ", kMaxLayers, " layers are supported, got ", spec.layers.size());
    Tally tally;
    tally.input = spec.input;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        const LayerKind& kind = kind_of(l, i, source);
        CheckPlace place(source, layer_path(i), kind, tally);
        tally.counted = false;
        if (kind.check) kind.check(place, l);
        place.count_parameters(l);
        tally.input = tally.output;
    }
}

}  // namespace neurite::spec_detail

namespace neurite {

std::uint64_t param_count(const ModelSpec& spec) {
    std::uint64_t count = 0;
    std::size_t width = spec.input;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        const auto shape = spec_detail::layer_shape(spec_detail::kind_of(l, i, "model spec"), l, width);
        count = saturating_add(count, shape.params);
        if (!shape.outputs.empty()) width = shape.outputs.back();
    }
    return count;
}

}  // namespace neurite
