// The classic MNIST network of `neurite demo mnist-classic`: 784-100-10
// sigmoid, squared error, inputs 0.01..1, targets 0.01/0.99, SGD one sample
// at a time for one epoch in file order. Skipped without data/mnist
// (scripts/fetch_data.sh fetches it). About 1 s per epoch on one thread.
#include <gtest/gtest.h>

#include "neurite/classic/mnist_classic.hpp"
#include "neurite/train/trainer.hpp"

#include <filesystem>

#include "neurite/data/dataset.hpp"
#include "neurite/data/transforms.hpp"
#include "neurite/kernels/backend.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/optim/optimizer.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite {
namespace {

const std::filesystem::path kMnist = NEURITE_SOURCE_DIR "/data/mnist";

struct ClassicData {
    Dataset train, test;
};

const ClassicData& data() {
    static const ClassicData d = [] {
        ClassicData c{load_mnist(kMnist, "train"), load_mnist(kMnist, "test")};
        prepare_classic_mnist(c.train);
        prepare_classic_mnist(c.test);
        return c;
    }();
    return d;
}

// One epoch at `classic_rate` (a step on the error t − p, as the classic
// code takes it; neurite's MSE averages over 10 outputs, hence 5×).
double one_epoch(double classic_rate) {
    const ClassicData& d = data();
    Sequential net = classic_mnist_network(1);
    Optimizer sgd({.kind = OptimizerKind::sgd, .learning_rate = classic_sgd_rate(classic_rate)}, net.param_count());
    for (std::size_t i = 0; i < d.train.size(); ++i) {
        train_step(net, sgd, d.train.features.view().rows(i, 1), d.train.targets.view().rows(i, 1), Loss::mse);
    }
    return evaluate(net, d.test, Loss::mse).accuracy;
}

bool have_mnist() { return std::filesystem::exists(kMnist / "train-images-idx3-ubyte") ||
                           std::filesystem::exists(kMnist / "train-images-idx3-ubyte.gz"); }

TEST(MnistClassic, OneEpochReaches95PercentAtRate03) {
    if (!have_mnist()) GTEST_SKIP() << "no MNIST in " << kMnist << " (scripts/fetch_data.sh fetches it)";
    EXPECT_GE(one_epoch(0.3), 0.945);
}

TEST(MnistClassic, ExactGradientsAtRate01ReachAbout93Percent) {
    // The classic code's own rule gets ~95 % at 0.1 because its hidden-layer
    // step leaves out the output slope p(1 − p); exact gradient descent at the
    // same rate is slower after one epoch.
    if (!have_mnist()) GTEST_SKIP() << "no MNIST in " << kMnist << " (scripts/fetch_data.sh fetches it)";
    EXPECT_GE(one_epoch(0.1), 0.925);
}

}  // namespace
}  // namespace neurite
