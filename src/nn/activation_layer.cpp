#include "neurite/nn/activation_layer.hpp"

#include "neurite/core/error.hpp"

namespace neurite {

template <typename T>
ActivationLayer<T>::ActivationLayer(Activation a, double alpha)
    : activation_(a), alpha_(alpha < 0 ? default_alpha(a) : alpha) {}

template <typename T>
std::string ActivationLayer<T>::describe() const {
    return std::string(to_string(activation_));
}

template <typename T>
void ActivationLayer<T>::forward(MatrixView<const T> x, MatrixView<T> y, Phase /*phase*/) {
    if (x.rows() != y.rows() || x.cols() != y.cols() || x.cols() != this->input_size_)
        fail(to_string(activation_), ": expected input of width ", this->input_size_, ", got ", x.cols());
    if (activation_ == Activation::softmax) {
        softmax_rows<T>(x, y);
        return;
    }
    for (std::size_t r = 0; r < x.rows(); ++r) activate<T>(activation_, static_cast<T>(alpha_), x.row(r), y.row(r));
}

template <typename T>
void ActivationLayer<T>::backward(MatrixView<const T> /*x*/, MatrixView<const T> y, MatrixView<const T> dy,
                                  MatrixView<T> dx) {
    if (dx.empty()) return;
    if (activation_ == Activation::softmax) {
        softmax_backward<T>(y, dy, dx);
        return;
    }
    for (std::size_t r = 0; r < y.rows(); ++r)
        activation_backward<T>(activation_, static_cast<T>(alpha_), y.row(r), dy.row(r), dx.row(r));
}

template class ActivationLayer<float>;
template class ActivationLayer<double>;

}  // namespace neurite
