// A program outside the neurite tree that uses the installed package: it
// learns XOR with a 2-4-1 network and checks that the headers it was compiled
// with match the library it runs with.
#include <cstdio>
#include <cstring>
#include <neurite/neurite.hpp>

using namespace neurite;

int main() {
    if (std::strcmp(version(), NEURITE_VERSION_STRING) != 0) {
        std::fprintf(stderr, "headers %s but library %s\n", NEURITE_VERSION_STRING, version());
        return 1;
    }
    std::printf("neurite %s, %s\n", version(), gemm_backend_info().c_str());

    Matrix x(4, 2), y(4, 1);
    for (std::size_t i = 0; i < 4; ++i) {
        x(i, 0) = float(i >> 1), x(i, 1) = float(i & 1);
        y(i, 0) = float((i >> 1) ^ (i & 1));
    }
    Sequential net(2);
    net.dense(4, Activation::tanh).dense(1).activation(Activation::sigmoid);
    net.build();
    Rng rng(7);
    net.init(rng);
    Optimizer adam({.kind = OptimizerKind::adam, .learning_rate = 0.05}, net.param_count());
    for (int step = 0; step < 1000; ++step) train_step(net, adam, x.view(), y.view(), Loss::binary_cross_entropy);
    const auto out = net.forward(x.view());
    int correct = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const int predicted = out(i, 0) > 0.5f;
        std::printf("xor(%d, %d) = %d  (output %.3f)\n", int(x(i, 0)), int(x(i, 1)), predicted, double(out(i, 0)));
        correct += predicted == int(y(i, 0));
    }
    return correct == 4 ? 0 : 1;
}
