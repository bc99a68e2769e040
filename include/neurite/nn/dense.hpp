// Dense (fully connected) layer: y = f(x·W + b), with an optional fused
// element-wise activation f.
//
// W is stored input-major (in × out), so that x·W needs no transpose; the
// JSON spec writes weights neuron-major (one row of incoming weights per
// unit), as textbooks and PyTorch do, and converts.
#pragma once

#include <memory>
#include <optional>
#include <vector>
#include <cstdint>

#include "neurite/nn/activation.hpp"
#include "neurite/nn/init.hpp"
#include "neurite/nn/layer.hpp"

namespace neurite {

struct LayerKind;
// The "dense" kind of the model spec (see neurite/nn/layer_registry.hpp).
const LayerKind& dense_layer_kind();

struct DenseOptions {
    std::size_t units = 0;
    Activation activation = Activation::identity;  // element-wise only
    double alpha = -1.0;  // leaky_relu slope / elu α; < 0: the activation's default
    // Weight initializer; default: he_uniform before relu-like activations,
    // xavier_uniform otherwise.
    std::optional<Initializer> weight_init;
    Initializer bias_init = Initializer::zeros();
};

template <typename T>
class Dense final : public Layer<T> {
public:
    explicit Dense(DenseOptions options);
    Dense(std::size_t units, Activation activation = Activation::identity);

    std::string_view type() const override { return "dense"; }
    std::string describe() const override;
    std::size_t output_size(std::size_t input_size) const override;
    std::size_t param_count(std::size_t input_size) const override;
    void bind(std::size_t input_size, std::span<T> params, std::span<T> grads) override;
    void init(Rng& rng) override;
    void forward(MatrixView<const T> x, MatrixView<T> y, Phase phase) override;
    void backward(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy,
                  MatrixView<T> dx) override;
    void backward_sgd(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy, MatrixView<T> dx,
                      T lr) override;

    // The pre-activation z = x·W + b of the last forward's input, for a loss
    // that is differentiated through the logits (sigmoid + binary cross-
    // entropy, as PyTorch's BCEWithLogitsLoss): y = σ(z) alone cannot give z
    // back once σ(z) rounds to 1 in float.
    void pre_activation(MatrixView<const T> x, MatrixView<T> z);
    // backward() and backward_sgd() given dL/dz instead of dL/dy: the
    // activation's derivative is already in dz.
    void backward_linear(MatrixView<const T> x, MatrixView<const T> dz, MatrixView<T> dx);
    void backward_sgd_linear(MatrixView<const T> x, MatrixView<const T> dz, MatrixView<T> dx, T lr);

    const DenseOptions& options() const { return options_; }
    std::size_t units() const { return options_.units; }
    Activation activation() const { return options_.activation; }
    // Views of the bound parameters and gradients.
    MatrixView<T> weights() { return {params_.data(), this->input_size_, options_.units}; }
    MatrixView<const T> weights() const { return {params_.data(), this->input_size_, options_.units}; }
    std::span<T> bias() { return params_.subspan(this->input_size_ * options_.units); }
    std::span<const T> bias() const { return params_.subspan(this->input_size_ * options_.units); }
    MatrixView<T> weight_grads() { return {grads_.data(), this->input_size_, options_.units}; }
    std::span<T> bias_grads() { return grads_.subspan(this->input_size_ * options_.units); }

private:
    // Batches of at most this many rows (per-sample training, latency-bound
    // inference) take matrix–vector loops over the weights instead of a GEMM
    // call: each weight row is read once per pass, with no library dispatch.
    static constexpr std::size_t kSmallRows = 3;
    void small_forward(MatrixView<const T> x, MatrixView<T> y);
    // dx from the current weights, and either the weight gradient (lr == 0)
    // or the SGD update W ← W − lr·xᵀdz, in one pass over the weight rows.
    // (backward_sgd_linear takes the GEMM path for a rate of 0, a step of size
    // 0; folding the choice into a template parameter or a pointer was
    // measured 8–10 % slower on per-sample training, from code generation.)
    void small_backward(MatrixView<const T> x, MatrixView<const T> dz, MatrixView<T> dx, T lr);

    // dL/dz from y and dL/dy: dy itself for identity, else dz_.
    MatrixView<const T> output_delta(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy);
    // db (or b, for the fused update) += scale · Σ_rows dz
    static void add_column_sums(MatrixView<const T> dz, std::span<T> out, T scale);

    DenseOptions options_;
    std::span<T> params_;
    std::span<T> grads_;
    BasicMatrix<T> dz_;  // scratch for dL/dz when the activation is fused
    std::vector<std::uint32_t> nonzero_;  // scratch: indices of an input row's non-zeros
    struct Fused;        // cached oneDNN primitive (float only)
    std::shared_ptr<Fused> fused_;
};

}  // namespace neurite
