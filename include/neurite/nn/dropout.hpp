// Inverted dropout: in training each input is zeroed with probability
// `rate` and the survivors are scaled by 1 / (1 − rate); at inference the
// layer is the identity. The mask comes from the layer's own seeded Rng.
#pragma once

#include <cstdint>
#include <vector>

#include "neurite/nn/layer.hpp"

namespace neurite {

struct LayerKind;
// The "dropout" kind of the model spec (see neurite/nn/layer_registry.hpp).
const LayerKind& dropout_layer_kind();

template <typename T>
class Dropout final : public Layer<T> {
public:
    // rate in [0, 1); throws Error otherwise.
    explicit Dropout(double rate, std::uint64_t seed = 0x64726f70ULL);

    std::string_view type() const override { return "dropout"; }
    std::string describe() const override;
    std::size_t output_size(std::size_t input_size) const override { return input_size; }
    void forward(MatrixView<const T> x, MatrixView<T> y, Phase phase) override;
    void backward(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy,
                  MatrixView<T> dx) override;

    double rate() const { return rate_; }
    // When held, training forwards reuse the last mask (for gradient checks).
    void hold_mask(bool hold) { hold_ = hold; }

private:
    double rate_;
    Rng rng_;
    bool hold_ = false;
    std::vector<T> mask_;  // 0 or 1/(1−rate) per element of the last batch
    std::size_t mask_rows_ = 0;
    std::size_t mask_cols_ = 0;
};

}  // namespace neurite
