#include "neurite/nn/activation_layer.hpp"

#include "neurite/core/error.hpp"
#include "neurite/nn/layer_registry.hpp"

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
    if (activation_ == Activation::log_softmax) {
        log_softmax_rows<T>(x, y);
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
    if (activation_ == Activation::log_softmax) {
        log_softmax_backward<T>(y, dy, dx);
        return;
    }
    for (std::size_t r = 0; r < y.rows(); ++r)
        activation_backward<T>(activation_, static_cast<T>(alpha_), y.row(r), dy.row(r), dx.row(r));
}

template class ActivationLayer<float>;
template class ActivationLayer<double>;

// ---- the "activation" kind of the model spec ---------------------------------------

namespace {

void parse_activation_layer(SpecFields& in, LayerSpec& s) {
    s.activation = in.activation("activation");
    s.alpha = in.alpha(s.activation);
}

void check_activation_layer(SpecPlace& at, const LayerSpec& l) { at.check_alpha(l); }

void write_activation_layer(const LayerSpec& l, std::size_t /*input_size*/, SpecOut& out) {
    out.text("activation", to_string(l.activation));
    if (l.alpha >= 0 && takes_alpha(l.activation)) out.number("alpha", l.alpha);
}

}  // namespace

const LayerKind& activation_layer_kind() {
    static const LayerKind kind = one_layer_kind<ActivationLayer>(
        {.name = "activation", .what = "an activation layer", .keys = {"type", "activation", "alpha"},
         .parse = parse_activation_layer, .check = check_activation_layer, .write = write_activation_layer},
        [](const LayerSpec& l, std::uint64_t /*seed*/) { return std::tuple(l.activation, l.alpha); },
        [](const auto& act, LayerSpec& l) {
            l.activation = act.activation();
            l.alpha = (takes_alpha(l.activation) && act.alpha() != default_alpha(l.activation)) ? act.alpha() : -1.0;
        });
    return kind;
}

}  // namespace neurite
