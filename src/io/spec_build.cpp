// Spec → network and network → spec, each layer made and described by its
// registered kind.
#include "neurite/core/error.hpp"
#include "neurite/core/rng.hpp"
#include "spec_detail.hpp"

namespace neurite {

template <typename T>
BasicSequential<T> build_network(const ModelSpec& spec, std::uint64_t default_seed) {
    spec_detail::check_spec(spec, "model spec");
    const std::uint64_t seed = spec.seed.value_or(default_seed);
    BasicSequential<T> net(spec.input);
    // The network layers each spec layer made (a softmax dense layer makes two).
    std::vector<std::vector<Layer<T>*>> made(spec.layers.size());
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerKind& kind = spec_detail::kind_of(spec.layers[i], i, "model spec");
        // Each layer gets its own stream (dropout masks), derived from the
        // seed and the layer's position.
        for (auto& layer : kind.ops<T>().make(spec.layers[i], mix64(seed ^ mix64(i)))) {
            made[i].push_back(layer.get());
            net.add(std::move(layer));
        }
    }
    net.build();
    Rng rng(seed);
    net.init(rng);

    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        const auto load = spec_detail::kind_of(l, i, "model spec").ops<T>().load;
        if (load != nullptr && (l.weights || l.bias)) load(made[i], l, spec_detail::layer_path(i));
    }
    return net;
}

template <typename T>
ModelSpec spec_of(const BasicSequential<T>& net, bool with_weights) {
    ModelSpec spec;
    spec.input = net.input_size();
    const bool weights = with_weights && net.built();
    std::vector<const Layer<T>*> layers;
    for (std::size_t i = 0; i < net.size(); ++i) layers.push_back(&net.layer(i));
    for (std::size_t i = 0; i < layers.size();) {
        const Layer<T>& layer = *layers[i];
        const LayerKind* kind = find_layer_kind(layer.type());
        if (kind == nullptr || kind->ops<T>().describe == nullptr)
            fail("spec_of: layer ", i, " (", layer.describe(), ") cannot be described in a model spec");
        LayerSpec l;
        l.type = kind->name;
        i += std::max<std::size_t>(1, kind->ops<T>().describe(std::span(layers).subspan(i), weights, l));
        spec.layers.push_back(std::move(l));
    }
    return spec;
}

template BasicSequential<float> build_network<float>(const ModelSpec&, std::uint64_t);
template BasicSequential<double> build_network<double>(const ModelSpec&, std::uint64_t);
template ModelSpec spec_of<float>(const BasicSequential<float>&, bool);
template ModelSpec spec_of<double>(const BasicSequential<double>&, bool);

}  // namespace neurite
