// Loss functions. Each takes predictions and targets of the same shape
// (batch × outputs) and returns a double.
//
//   mse    mean over all elements of (p − t)²
//   mae    mean over all elements of |p − t|
//   mape   100 · mean of |p − t| / max(|t|, ε)            (percent)
//   msle   mean of (log(1 + p) − log(1 + t))²             (p, t > −1)
//   binary_cross_entropy         −mean[t log p + (1−t) log(1−p)], p clamped to [ε, 1−ε]
//   binary_cross_entropy_logits  the same on logits z, p = σ(z), computed stably
//   categorical_cross_entropy    −(1/batch) Σ t log p, p clamped to ≥ ε
//   softmax_cross_entropy        categorical cross-entropy of softmax(z) from
//                                logits z, via log-sum-exp (finite for ±1000)
//
// The gradient functions write dL/dp (or dL/dz for the *_logits and softmax
// forms) and return the loss. A network whose last layer is a softmax (or
// sigmoid) activation trained with categorical (or binary) cross-entropy is
// differentiated through the fused logits form automatically, also when the
// sigmoid is a Dense layer's own activation: training then computes
// PyTorch's CrossEntropyLoss (BCEWithLogitsLoss) on the logits. Every
// formula, reduction and PyTorch equivalent: docs/optimizers-and-losses.md.
#pragma once

#include <span>
#include <string_view>

#include "neurite/core/names.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

enum class Loss {
    mse,
    mae,
    mape,
    msle,
    binary_cross_entropy,
    binary_cross_entropy_logits,
    categorical_cross_entropy,
    softmax_cross_entropy,
};

std::string_view to_string(Loss l);
// Parses a name or a short name: ce and cross_entropy (categorical_cross_entropy),
// bce (binary_cross_entropy), bce_logits (binary_cross_entropy_logits).
// Throws Error listing the valid names, with the closest one, for an unknown one.
Loss parse_loss(std::string_view name);
// Every loss with its name, in enum order.
std::span<const NameEntry<Loss>> loss_names();
// The short names and the losses they stand for.
std::span<const NameEntry<Loss>> loss_aliases();

template <typename T>
double loss_value(Loss loss, MatrixView<const T> pred, MatrixView<const T> target);

template <typename T>
double loss_gradient(Loss loss, MatrixView<const T> pred, MatrixView<const T> target,
                     MatrixView<T> grad);

}  // namespace neurite
