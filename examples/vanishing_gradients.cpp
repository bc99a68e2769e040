// Vanishing gradients in a deep sigmoid network, and none in a ReLU network:
// one backward pass through 10 dense layers, then the gradient norm of every
// layer.
//
//   build/examples/vanishing_gradients
#include <cstdio>

#include <neurite/neurite.hpp>
#include <neurite/nn/diagnostics.hpp>

using namespace neurite;

int main() {
    Rng rng(7);
    Matrix x(256, 100), y(256, 10, 0.0f);  // random inputs, random one-hot targets
    for (float& v : x.flat()) v = static_cast<float>(rng.normal());
    for (std::size_t i = 0; i < y.rows(); ++i) y(i, rng.below(10)) = 1.0f;

    double ratio[2] = {0, 0};
    const Activation kinds[2] = {Activation::sigmoid, Activation::relu};
    for (int k = 0; k < 2; ++k) {
        Sequential net(100);
        const Initializer xavier = Initializer::of(InitKind::xavier_normal);
        for (int i = 0; i < 9; ++i) net.dense({.units = 100, .activation = kinds[k], .weight_init = xavier});
        net.dense({.units = 10, .activation = Activation::identity, .weight_init = xavier});
        net.build();
        Rng init_rng(1);
        net.init(init_rng);
        net.compute_gradients(x, y, Loss::mse);

        const auto norms = gradient_norms(net);  // one per dense layer, input side first
        std::printf("%s:\n", kinds[k] == Activation::sigmoid ? "sigmoid" : "relu");
        for (const auto& g : norms) std::printf("  layer %2zu  ||dL/dW|| = %.3e\n", g.layer + 1, g.weight_norm);
        ratio[k] = norms.front().weight_norm / norms.back().weight_norm;
        std::printf("  first / last = %.3g\n", ratio[k]);
    }
    return ratio[0] < 1e-3 && ratio[1] > 0.1 ? 0 : 1;
}
