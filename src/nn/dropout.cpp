#include "neurite/nn/dropout.hpp"

#include <cmath>

#include "neurite/core/error.hpp"
#include "neurite/nn/layer_registry.hpp"

namespace neurite {

template <typename T>
Dropout<T>::Dropout(double rate, std::uint64_t seed) : rate_(rate), rng_(seed) {
    if (!(rate >= 0.0 && rate < 1.0)) fail("dropout: rate must be in [0, 1), got ", rate);
}

template <typename T>
std::string Dropout<T>::describe() const {
    return cat("dropout(", rate_, ")");
}

template <typename T>
void Dropout<T>::forward(MatrixView<const T> x, MatrixView<T> y, Phase phase) {
    if (x.rows() != y.rows() || x.cols() != y.cols() || x.cols() != this->input_size_)
        fail("dropout: expected input of width ", this->input_size_, ", got ", x.cols());
    if (phase == Phase::infer || rate_ == 0.0) {
        mask_rows_ = mask_cols_ = 0;
        for (std::size_t r = 0; r < x.rows(); ++r) std::copy(x.row(r).begin(), x.row(r).end(), y.row(r).begin());
        return;
    }
    const bool reuse = hold_ && mask_rows_ == x.rows() && mask_cols_ == x.cols();
    if (!reuse) {
        mask_.resize(x.size());  // grows once per batch shape, then reused
        const T keep = T(1) / static_cast<T>(1.0 - rate_);
        for (auto& m : mask_) m = rng_.uniform() < rate_ ? T(0) : keep;
        mask_rows_ = x.rows();
        mask_cols_ = x.cols();
    }
    for (std::size_t r = 0; r < x.rows(); ++r) {
        const auto in = x.row(r);
        const auto out = y.row(r);
        const T* m = mask_.data() + r * x.cols();
        for (std::size_t j = 0; j < in.size(); ++j) out[j] = in[j] * m[j];
    }
}

template <typename T>
void Dropout<T>::backward(MatrixView<const T> /*x*/, MatrixView<const T> /*y*/, MatrixView<const T> dy,
                          MatrixView<T> dx) {
    if (dx.empty()) return;
    const bool masked = mask_rows_ == dy.rows() && mask_cols_ == dy.cols();
    for (std::size_t r = 0; r < dy.rows(); ++r) {
        const auto g = dy.row(r);
        const auto out = dx.row(r);
        if (!masked) {
            std::copy(g.begin(), g.end(), out.begin());
            continue;
        }
        const T* m = mask_.data() + r * dy.cols();
        for (std::size_t j = 0; j < g.size(); ++j) out[j] = g[j] * m[j];
    }
}

template class Dropout<float>;
template class Dropout<double>;

// ---- the "dropout" kind of the model spec ------------------------------------------

namespace {

void parse_dropout(SpecFields& in, LayerSpec& s) {
    s.rate = in.number("rate", "a number in [0, 1)");
    if (!(s.rate >= 0 && s.rate < 1)) in.fail("rate", cat("expected a number in [0, 1), got ", in.shown("rate")));
}

void check_dropout(SpecPlace& at, const LayerSpec& l) {
    if (!(l.rate >= 0 && l.rate < 1)) at.fail("rate", cat("expected a number in [0, 1), got ", l.rate));
}

void write_dropout(const LayerSpec& l, std::size_t /*input_size*/, SpecOut& out) { out.number("rate", l.rate); }

}  // namespace

// Each dropout layer draws its masks from its own stream, seeded by the spec
// layer's seed.
const LayerKind& dropout_layer_kind() {
    static const LayerKind kind = one_layer_kind<Dropout>(
        {.name = "dropout", .what = "a dropout layer", .keys = {"type", "rate"},
         .parse = parse_dropout, .check = check_dropout, .write = write_dropout},
        [](const LayerSpec& l, std::uint64_t seed) { return std::tuple(l.rate, seed); },
        [](const auto& dropout, LayerSpec& l) { l.rate = dropout.rate(); });
    return kind;
}

}  // namespace neurite
