// What the init-mnist and optimizers-mnist demos share: the classic deep
// network of the textbook's chapter on training techniques (784 inputs, five
// hidden layers of 100 units, 10 softmax outputs), a slice of MNIST, and
// training through the library's step that records the loss of every mini-batch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "demo.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/optim/optimizer.hpp"
#include "neurite/plot/svg.hpp"

namespace neurite::cli {

inline constexpr std::size_t kDeepHidden = 5, kDeepUnits = 100, kDeepBatch = 128;

struct MnistSlice {
    Dataset train;  // the first rows of the training set, pixels scaled to [0, 1]
    Dataset test;   // the whole test set, scaled the same way
};

// Loads MNIST from ctx.data_root/mnist and keeps the first train_rows
// training digits; prints one line saying so.
MnistSlice load_mnist_slice(const DemoContext& ctx, std::size_t train_rows);

// 784 → 100 × 5 (activation, weights from init, biases 0) → 10 softmax,
// initialized from seed.
Sequential deep_mnist_net(Activation activation, const Initializer& init, std::uint64_t seed);

struct LossCurve {
    std::vector<double> batch_loss;  // one per step
    double final_loss = 0;           // cross-entropy on the whole training slice after the last step
    double test_accuracy = 0;        // on the 10,000 test digits
};

// `steps` mini-batches of kDeepBatch rows drawn from the slice in the order
// of a shuffle seeded by batch_seed (reshuffled every pass; a batch may span
// two passes: BatchIterator::next), each one TrainStep at the optimizer's
// configured rate, so every run given the same batch_seed sees the same batches.
LossCurve train_loss_curve(Sequential& net, Optimizer& opt, const MnistSlice& data, std::size_t steps,
                           std::uint64_t batch_seed);

// The curve as a line-chart series: the mean of every `window` consecutive
// batch losses, at the step that ends the window.
Series smoothed_series(const std::string& name, const std::vector<double>& batch_loss, std::size_t window,
                       const std::string& color);

}  // namespace neurite::cli
