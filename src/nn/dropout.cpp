#include "neurite/nn/dropout.hpp"

#include <cmath>

#include "neurite/core/error.hpp"

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

}  // namespace neurite
