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
#include <neurite/data/batches.hpp>
#include <neurite/data/dataset.hpp>
#include <neurite/data/transforms.hpp>
#include <neurite/train/epoch.hpp>
#include <neurite/train/step.hpp>

using namespace neurite;

int main(int argc, char** argv) try {
    const std::string dir = argc > 1 ? argv[1] : "data/mnist";
    const double rate = argc > 2 ? std::strtod(argv[2], nullptr) : 0.3;

    Dataset train = load_mnist(dir, "train"), test = load_mnist(dir, "test");
    prepare_classic_mnist(train);  // pixels to 0.01..1.0, targets 0.01/0.99
    prepare_classic_mnist(test);

    Sequential net = classic_mnist_network(1);
    const double lr = classic_sgd_rate(rate);
    Optimizer sgd({.kind = OptimizerKind::sgd, .learning_rate = lr}, net.param_count());
    TrainStep step(net, sgd, Loss::mse);
    BatchIterator samples(train, 1, nullptr);  // one sample per step, in file order

    const auto start = std::chrono::steady_clock::now();
    const EpochResult epoch = run_epoch(step, samples, lr);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (epoch.diverged) fail("training diverged");

    const double acc = evaluate(net, test, Loss::mse).accuracy;
    std::printf("rate %g: test accuracy %.2f%%, %.0f samples/s\n", rate, 100 * acc,
                static_cast<double>(train.size()) / seconds);
    return acc > 0.9 ? 0 : 1;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
