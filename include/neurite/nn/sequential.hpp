// A feed-forward network: layers applied in order.
//
// The network owns one flat parameter buffer and one gradient buffer; every
// layer holds views into them. Build it, initialize it, then call
// forward/backward or train_batch:
//
//   neurite::Sequential net(784);
//   net.dense(256, Activation::relu).dense(10).softmax();
//   net.build();
//   neurite::Rng rng(42);
//   net.init(rng);
//
// Buffers for activations are kept between calls and reused, so a training
// step with an unchanged batch size allocates nothing.
#pragma once

#include <cstddef>
#include <memory>
#include <cstdint>
#include <span>
#include <vector>

#include "neurite/nn/activation.hpp"
#include "neurite/nn/dense.hpp"
#include "neurite/nn/layer.hpp"
#include "neurite/nn/loss.hpp"

namespace neurite {

template <typename T>
class BasicSequential {
public:
    explicit BasicSequential(std::size_t input_size);
    BasicSequential(BasicSequential&&) noexcept;
    BasicSequential& operator=(BasicSequential&&) noexcept;
    ~BasicSequential();

    // Appends a layer; only before build().
    BasicSequential& add(std::unique_ptr<Layer<T>> layer);
    BasicSequential& dense(std::size_t units, Activation activation = Activation::identity);
    BasicSequential& dense(const DenseOptions& options);
    BasicSequential& activation(Activation a, double alpha = -1.0);
    BasicSequential& softmax() { return activation(Activation::softmax); }
    BasicSequential& dropout(double rate, std::uint64_t seed = 0x64726f70ULL);

    // Checks the layer sizes, allocates the parameter and gradient buffers
    // and binds every layer to its slice. Parameters start at zero.
    void build();
    bool built() const { return built_; }
    // Initializes every layer's parameters from `rng` (layer by layer, in order).
    void init(Rng& rng);

    std::size_t input_size() const { return input_size_; }
    std::size_t output_size() const;
    std::size_t size() const { return layers_.size(); }
    Layer<T>& layer(std::size_t i) { return *layers_.at(i); }
    const Layer<T>& layer(std::size_t i) const { return *layers_.at(i); }
    // Output width of layer i.
    std::size_t layer_output_size(std::size_t i) const { return sizes_.at(i + 1); }
    std::size_t param_count() const { return params_.size(); }
    // Offset of layer i's parameters in params().
    std::size_t param_offset(std::size_t i) const { return offsets_.at(i); }

    std::span<T> params() { return params_; }
    std::span<const T> params() const { return params_; }
    std::span<T> grads() { return grads_; }
    std::span<const T> grads() const { return grads_; }

    // Runs the batch through every layer. The returned view lives in the
    // network and stays valid until the next forward call.
    MatrixView<const T> forward(MatrixView<const T> x, Phase phase = Phase::infer);
    // Output of layer i from the last forward call.
    MatrixView<const T> activations(std::size_t i) const;
    // Back-propagates dL/d(output) through the last forward call (which must
    // have been made with the same x), filling grads().
    void backward(MatrixView<const T> x, MatrixView<const T> dout);
    // Forward in training phase, loss, and backward in one call; fills
    // grads() and returns the loss. Softmax + categorical cross-entropy and
    // sigmoid + binary cross-entropy are differentiated through the logits,
    // whether the sigmoid is its own layer or a Dense layer's activation.
    double compute_gradients(MatrixView<const T> x, MatrixView<const T> target, Loss loss);
    // compute_gradients with plain SGD (θ ← θ − lr·∂L/∂θ) fused into the
    // backward pass: each layer updates its parameters as soon as its input
    // gradient is known, and grads() is not written. Returns the loss.
    double sgd_step(MatrixView<const T> x, MatrixView<const T> target, Loss loss, T lr);
    // Predictions for any number of rows, written to out (rows × output_size),
    // computed in chunks of at most `chunk` rows.
    void predict(MatrixView<const T> x, MatrixView<T> out, std::size_t chunk = 1024);

private:
    void require_built(const char* what) const;
    void ensure_buffers(std::size_t rows);
    // Back-propagates through layers [0, count); with `sgd_lr`, updates the
    // parameters by SGD on the way instead of writing grads(). With
    // `dout_is_pre_activation`, layer count-1 is a Dense layer and dout is
    // dL/dz, before its activation.
    void backprop(std::size_t count, MatrixView<const T> x, MatrixView<const T> dout, const T* sgd_lr = nullptr,
                  bool dout_is_pre_activation = false);
    double descend(MatrixView<const T> x, MatrixView<const T> target, Loss loss, const T* sgd_lr);

    std::size_t input_size_;
    std::vector<std::unique_ptr<Layer<T>>> layers_;
    std::vector<std::size_t> sizes_;    // sizes_[0] = input, sizes_[i+1] = output of layer i
    std::vector<std::size_t> offsets_;  // parameter offset of each layer
    std::vector<T> params_;
    std::vector<T> grads_;
    std::vector<BasicMatrix<T>> acts_;  // output of each layer
    BasicMatrix<T> delta_out_;          // dL/d(output) or dL/d(logits)
    BasicMatrix<T> logits_;             // a sigmoid Dense output layer's z, for binary cross-entropy
    BasicMatrix<T> delta_a_, delta_b_;  // ping-pong buffers for backward
    std::size_t checked_rows_ = 0;      // the largest batch checked against the machine's memory
    bool built_ = false;
};

using Sequential = BasicSequential<float>;
using SequentialD = BasicSequential<double>;

}  // namespace neurite
