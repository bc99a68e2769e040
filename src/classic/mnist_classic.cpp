#include "neurite/classic/mnist_classic.hpp"

#include "neurite/data/transforms.hpp"

namespace neurite {

void prepare_classic_mnist(Dataset& data) {
    fit_fixed_range(data.features.cols(), 0, 255, 0.01, 1.0).apply(data.features);
    data.targets.fill(0.01f);
    for (std::size_t i = 0; i < data.size(); ++i) data.targets(i, static_cast<std::size_t>(data.labels[i])) = 0.99f;
}

Sequential classic_mnist_network(std::uint64_t seed) {
    Sequential net(784);
    const Initializer init = Initializer::of(InitKind::lecun_normal);  // N(0, 1/fan_in)
    net.dense({.units = 100, .activation = Activation::sigmoid, .weight_init = init});
    net.dense({.units = 10, .activation = Activation::sigmoid, .weight_init = init});
    net.build();
    Rng rng(seed);
    net.init(rng);
    return net;
}

}  // namespace neurite
