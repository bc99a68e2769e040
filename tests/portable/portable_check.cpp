// Built against neurite_lib_portable: the library compiled without oneDNN, as
// the WebAssembly build will be. Checks that this configuration builds, has
// no oneDNN backend, passes the full gradient check and learns XOR.
#include <cstdio>

#include "neurite/neurite.hpp"

using namespace neurite;

int main() {
    int failures = 0;
    if (have_onednn() || backend() != Backend::portable) {
        std::printf("FAIL: the portable build reports a oneDNN backend\n");
        ++failures;
    }
    for (const auto& row : check_all(1)) {
        if (row.max_error > 1e-6) {
            std::printf("FAIL: %s: gradient error %.3e\n", row.component.c_str(), row.max_error);
            ++failures;
        }
    }
    const Matrix x(4, 2, {0, 0, 0, 1, 1, 0, 1, 1});
    const Matrix y(4, 2, {1, 0, 0, 1, 0, 1, 1, 0});  // one-hot XOR
    Sequential net(2);
    net.dense(8, Activation::tanh).dense(2).softmax();
    net.build();
    Rng rng(3);
    net.init(rng);
    Optimizer adam({.kind = OptimizerKind::adam, .learning_rate = 0.05}, net.param_count());
    for (int step = 0; step < 500; ++step) train_step(net, adam, x.view(), y.view(), Loss::categorical_cross_entropy);
    const auto p = net.forward(x.view());
    for (std::size_t i = 0; i < 4; ++i) {
        if ((p(i, 1) > 0.5f) != (y(i, 1) > 0.5f)) {
            std::printf("FAIL: XOR input %zu: p(1) = %.3f\n", i, p(i, 1));
            ++failures;
        }
    }
    std::printf("portable build: %d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
