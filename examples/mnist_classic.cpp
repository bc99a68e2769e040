// The classic from-scratch MNIST network with the library: 784-100-10
// sigmoid, squared error, inputs scaled to 0.01..1, targets 0.01/0.99,
// SGD one sample at a time, one epoch in file order.
//
//   build/examples/mnist_classic [DATA_DIR] [RATE]    (default: data/mnist 0.3)
//
// RATE is in the classic convention (the step on the error t − p); neurite's
// MSE averages over the 10 outputs, so the optimizer gets 5 × RATE.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <neurite/neurite.hpp>
#include <neurite/data/dataset.hpp>
#include <neurite/data/transforms.hpp>
#include <neurite/train/trainer.hpp>

using namespace neurite;

int main(int argc, char** argv) try {
    const std::string dir = argc > 1 ? argv[1] : "data/mnist";
    const double rate = argc > 2 ? std::strtod(argv[2], nullptr) : 0.3;

    Dataset train = load_mnist(dir, "train"), test = load_mnist(dir, "test");
    for (Dataset* d : {&train, &test}) {
        fit_fixed_range(784, 0, 255, 0.01, 1.0).apply(d->features);
        d->targets.fill(0.01f);  // one-hot 0/1 becomes 0.01/0.99
        for (std::size_t i = 0; i < d->size(); ++i) d->targets(i, static_cast<std::size_t>(d->labels[i])) = 0.99f;
    }

    Sequential net(784);
    const Initializer init = Initializer::of(InitKind::lecun_normal);  // N(0, 1/fan_in)
    net.dense({.units = 100, .activation = Activation::sigmoid, .weight_init = init});
    net.dense({.units = 10, .activation = Activation::sigmoid, .weight_init = init});
    net.build();
    Rng rng(1);
    net.init(rng);
    Optimizer sgd({.kind = OptimizerKind::sgd, .learning_rate = 5 * rate}, net.param_count());

    set_num_threads(1);  // a one-row product is too small to share between cores
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < train.size(); ++i) {
        net.compute_gradients(train.features.view().rows(i, 1), train.targets.view().rows(i, 1), Loss::mse);
        sgd.step(net.params(), net.grads());
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const double acc = evaluate(net, test, Loss::mse).accuracy;
    std::printf("rate %g: test accuracy %.2f%%, %.0f samples/s\n", rate, 100 * acc,
                static_cast<double>(train.size()) / seconds);
    return acc > 0.9 ? 0 : 1;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
