// A layer that applies one activation function (element-wise, or softmax
// over each row).
#pragma once

#include "neurite/nn/activation.hpp"
#include "neurite/nn/layer.hpp"

namespace neurite {

struct LayerKind;
// The "activation" kind of the model spec (see neurite/nn/layer_registry.hpp).
const LayerKind& activation_layer_kind();

template <typename T>
class ActivationLayer final : public Layer<T> {
public:
    // alpha < 0 picks default_alpha(a).
    explicit ActivationLayer(Activation a, double alpha = -1.0);

    std::string_view type() const override { return "activation"; }
    std::string describe() const override;
    std::size_t output_size(std::size_t input_size) const override { return input_size; }
    void forward(MatrixView<const T> x, MatrixView<T> y, Phase phase) override;
    void backward(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy,
                  MatrixView<T> dx) override;

    Activation activation() const { return activation_; }
    double alpha() const { return alpha_; }

private:
    Activation activation_;
    double alpha_;
};

}  // namespace neurite
