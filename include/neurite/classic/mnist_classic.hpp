// The classic from-scratch MNIST network, as the textbooks build it:
// 784-100-10 with sigmoid units, squared error, inputs scaled to
// [0.01, 1.0], targets 0.01/0.99 instead of 0/1, weights drawn from
// N(0, 1/fan_in), trained by SGD one sample at a time.
//
// Rates are given in the classic convention: a step of η on the error t − p,
// i.e. on the loss ½Σ(t − p)². neurite's MSE averages over the 10 outputs
// (gradient (2/10)(p − t)), so the optimizer runs at classic_sgd_rate(η) = 5η
// for the same updates.
#pragma once

#include <cstdint>

#include "neurite/data/dataset.hpp"
#include "neurite/nn/sequential.hpp"

namespace neurite {

// MNIST as loaded by load_mnist (pixels 0…255, one-hot targets) made into
// the classic network's data: pixels to [0.01, 1.0], targets 0.01/0.99.
void prepare_classic_mnist(Dataset& data);

// The 784-100-10 sigmoid network, built and initialized from Rng(seed).
Sequential classic_mnist_network(std::uint64_t seed);

// neurite's SGD learning rate for a classic-convention rate.
constexpr double classic_sgd_rate(double classic_rate) { return 5.0 * classic_rate; }

}  // namespace neurite
