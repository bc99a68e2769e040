// The layer contract.
//
// A layer maps a batch x (rows = samples) to a batch y. The network owns all
// parameters and their gradients in two flat buffers and hands each layer
// its slice through bind(); layers own no parameter memory of their own.
//
//   forward(x, y, phase)         y = layer(x)
//   backward(x, y, dy, dx)       from x, y and dL/dy: writes the layer's
//                                parameter gradients (overwriting them) and,
//                                when dx is not empty, dL/dx.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "neurite/core/rng.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

enum class Phase { train, infer };

template <typename T>
class Layer {
public:
    virtual ~Layer() = default;

    // The registered kind's name ("dense"), the model spec's "type"; see
    // neurite/nn/layer_registry.hpp.
    virtual std::string_view type() const = 0;
    // A short description, e.g. "dense(256, relu)".
    virtual std::string describe() const = 0;
    // The output width for a given input width; throws Error if the layer
    // cannot take that input.
    virtual std::size_t output_size(std::size_t input_size) const = 0;
    // Number of parameters for a given input width.
    virtual std::size_t param_count(std::size_t /*input_size*/) const { return 0; }
    // Gives the layer its input width and its slices of the network's
    // parameter and gradient buffers (both param_count(input_size) long).
    virtual void bind(std::size_t input_size, std::span<T> params, std::span<T> grads) {
        (void)params;
        (void)grads;
        input_size_ = input_size;
    }
    // Initializes the bound parameters.
    virtual void init(Rng& /*rng*/) {}

    virtual void forward(MatrixView<const T> x, MatrixView<T> y, Phase phase) = 0;
    virtual void backward(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy,
                          MatrixView<T> dx) = 0;
    // backward() with plain SGD fused in: dx as backward() computes it (from
    // the parameters before the update), and the parameters updated in place,
    // θ ← θ − lr·∂L/∂θ, without writing the gradient buffer. Layers with
    // parameters override it; the default serves parameter-free layers.
    virtual void backward_sgd(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy,
                              MatrixView<T> dx, T lr) {
        (void)lr;
        backward(x, y, dy, dx);
    }

    std::size_t input_size() const { return input_size_; }

protected:
    std::size_t input_size_ = 0;
};

}  // namespace neurite
