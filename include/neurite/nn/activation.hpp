// Activation functions: the element-wise ones, and softmax and log-softmax
// over each row.
//
// Every element-wise derivative is computed from the function's output y,
// so a layer keeps only its output for the backward pass:
//   step, step_strict 0 · identity 1 · sigmoid y(1−y) · tanh 1−y² · relu [y>0]
//   leaky_relu y>0 ? 1 : α · elu y>0 ? 1 : y+α
// The step function comes in the two conventions textbooks use, which differ
// only at 0:
//   step         f(s) = 1 for s ≥ 0, else 0 (Heaviside, f(0) = 1): the M-P
//                neuron fires when Σx ≥ θ, as the logic gates need;
//   step_strict  f(s) = 1 for s > 0, else 0 (f(0) = 0): Rosenblatt's
//                perceptron outputs 0 at the threshold, as the fruit example
//                needs.
// Their derivative is zero almost everywhere.
#pragma once

#include <span>
#include <string_view>

#include "neurite/core/names.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

enum class Activation { identity, step, step_strict, sigmoid, tanh, relu, leaky_relu, elu, softmax, log_softmax };

// The name used in JSON specs and on the command line ("relu", "leaky_relu" …).
std::string_view to_string(Activation a);
// Parses a name; throws Error listing the valid names for an unknown one.
Activation parse_activation(std::string_view name);
// Every activation with its name, in enum order.
std::span<const NameEntry<Activation>> activation_names();
// Its label in menus: "Linear", "ReLU", "Leaky ReLU" …
std::string_view activation_label(Activation a);
// The default parameter α: 0.01 for leaky_relu, 1.0 for elu, 0 otherwise.
double default_alpha(Activation a);
// True for the activations that take a parameter α (leaky_relu and elu).
bool takes_alpha(Activation a);
// True for every activation except softmax and log_softmax.
bool is_elementwise(Activation a);

// y = f(x) element-wise (not for softmax or log_softmax). x and y may alias.
template <typename T>
void activate(Activation a, T alpha, std::span<const T> x, std::span<T> y);
// dx = dy ⊙ f'(x), with f' computed from y = f(x). dy and dx may alias.
template <typename T>
void activation_backward(Activation a, T alpha, std::span<const T> y, std::span<const T> dy,
                         std::span<T> dx);

// Row-wise softmax with the max subtracted first (finite for any finite input).
template <typename T>
void softmax_rows(MatrixView<const T> x, MatrixView<T> y);
// Softmax without the max-subtraction trick; overflows on large inputs.
// Exists to demonstrate why the trick matters.
template <typename T>
void softmax_rows_naive(MatrixView<const T> x, MatrixView<T> y);
// dx = y ⊙ (dy − Σ_j dy_j y_j) per row: the softmax Jacobian applied to dy.
template <typename T>
void softmax_backward(MatrixView<const T> y, MatrixView<const T> dy, MatrixView<T> dx);

// Row-wise log-softmax, y_j = x_j − log Σ_k exp(x_k), with the row's maximum
// subtracted inside the log-sum-exp (finite for any finite input). What
// PyTorch's nn.LogSoftmax(dim=1) and ONNX's LogSoftmax compute.
template <typename T>
void log_softmax_rows(MatrixView<const T> x, MatrixView<T> y);

// dx = dy − exp(y) · Σ_j dy_j per row: the log-softmax Jacobian applied to dy.
template <typename T>
void log_softmax_backward(MatrixView<const T> y, MatrixView<const T> dy, MatrixView<T> dx);

}  // namespace neurite
