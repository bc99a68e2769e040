// The small networks the training tests train.
#pragma once

#include <cstddef>
#include <cstdint>

#include "neurite/core/rng.hpp"
#include "neurite/nn/sequential.hpp"

namespace neurite::test {

// inputs → tanh layer of `hidden` units → softmax over `classes`, built and
// initialized from `seed`.
inline Sequential tanh_softmax_net(std::size_t inputs, std::size_t hidden, std::size_t classes, std::uint64_t seed) {
    Sequential net(inputs);
    net.dense(hidden, Activation::tanh).dense(classes).softmax();
    net.build();
    Rng rng(seed);
    net.init(rng);
    return net;
}

}  // namespace neurite::test
