// Loss functions and their gradients (see loss.hpp for the definitions).
//
// Every loss is reduced by a mean: over all elements for the element-wise
// losses, over the batch (rows) for the two categorical ones. Sums are
// accumulated in double whatever T is. The gradient functions write the
// derivative of that mean-reduced loss.
//
// Clamping (binary and categorical cross-entropy): the value uses the clamped
// probability, and so does the gradient formula, e.g. −t / max(p, ε). Outside
// the clamp this is not the derivative of the clamped function (which is
// zero there) but the derivative at the clamp boundary; it keeps a saturated,
// wrong prediction from receiving no gradient at all. Training never takes
// this form through a sigmoid or softmax output: Sequential differentiates
// those through the logits (binary_cross_entropy_logits, softmax_cross_entropy).
#include "neurite/nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include "neurite/core/error.hpp"
#include "neurite/core/names.hpp"

namespace neurite {

namespace {

constexpr double kEps = 1e-7;

// The names, and the short names people type, which parse to the same
// losses (to_string always prints the full name).
constexpr auto kLossNames =
    enum_names<Loss>("loss", {"mse", "mae", "mape", "msle", "binary_cross_entropy", "binary_cross_entropy_logits",
                              "categorical_cross_entropy", "softmax_cross_entropy"})
        .with_aliases({{Loss::categorical_cross_entropy, "ce"},
                       {Loss::categorical_cross_entropy, "cross_entropy"},
                       {Loss::binary_cross_entropy, "bce"},
                       {Loss::binary_cross_entropy_logits, "bce_logits"}});
static_assert(kLossNames.name(Loss::softmax_cross_entropy) == "softmax_cross_entropy");

std::string shape(std::size_t rows, std::size_t cols) {
    return cat(rows, "\u00d7", cols);
}

template <typename T>
void check_shapes(Loss loss, MatrixView<const T> pred, MatrixView<const T> target) {
    if (pred.rows() != target.rows() || pred.cols() != target.cols()) {
        fail("loss ", to_string(loss), ": predictions are ", shape(pred.rows(), pred.cols()),
             " but targets are ", shape(target.rows(), target.cols()));
    }
}

template <typename T>
void check_grad_shape(Loss loss, MatrixView<const T> pred, MatrixView<T> grad) {
    if (pred.rows() != grad.rows() || pred.cols() != grad.cols()) {
        fail("loss ", to_string(loss), ": predictions are ", shape(pred.rows(), pred.cols()),
             " but the gradient is ", shape(grad.rows(), grad.cols()));
    }
}

double sign(double x) { return (x > 0.0) - (x < 0.0); }

// Numerically stable log(1 + exp(−|z|)) + max(z, 0) − z t: the binary
// cross-entropy of σ(z) against t.
double bce_logits_term(double z, double t) {
    return std::max(z, 0.0) - z * t + std::log1p(std::exp(-std::abs(z)));
}

// σ(z) without overflow for large |z|.
double sigmoid(double z) {
    if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

void check_msle_domain(double v, const char* what, std::size_t r, std::size_t c) {
    // Written so that NaN passes through to the loss rather than here.
    if (v <= -1.0) {
        fail("loss msle: ", what, " ", v, " at (", r, ", ", c, ") is not greater than -1");
    }
}

// Per-element loss term and its derivative with respect to p, for the
// element-wise losses (without the 1/N of the mean).
struct Term {
    double value;
    double deriv;
};

Term elementwise_term(Loss loss, double p, double t, std::size_t r, std::size_t c) {
    switch (loss) {
        case Loss::mse: {
            const double d = p - t;
            return {d * d, 2.0 * d};
        }
        case Loss::mae: {
            const double d = p - t;
            return {std::abs(d), sign(d)};
        }
        case Loss::mape: {
            const double d = p - t;
            const double denom = std::max(std::abs(t), kEps);
            return {100.0 * std::abs(d) / denom, 100.0 * sign(d) / denom};
        }
        case Loss::msle: {
            check_msle_domain(p, "prediction", r, c);
            check_msle_domain(t, "target", r, c);
            const double d = std::log1p(p) - std::log1p(t);
            return {d * d, 2.0 * d / (1.0 + p)};
        }
        case Loss::binary_cross_entropy: {
            const double pc = std::clamp(p, kEps, 1.0 - kEps);
            const double v = -(t * std::log(pc) + (1.0 - t) * std::log(1.0 - pc));
            const double g = -t / pc + (1.0 - t) / (1.0 - pc);
            return {v, g};
        }
        case Loss::binary_cross_entropy_logits:
            return {bce_logits_term(p, t), sigmoid(p) - t};
        default:
            break;
    }
    fail("loss ", to_string(loss), ": not an element-wise loss");
}

bool is_elementwise(Loss loss) {
    return loss != Loss::categorical_cross_entropy && loss != Loss::softmax_cross_entropy;
}

// The shared implementation: grad may be empty (value only).
template <typename T>
double evaluate(Loss loss, MatrixView<const T> pred, MatrixView<const T> target, MatrixView<T>* grad) {
    check_shapes(loss, pred, target);
    if (grad) check_grad_shape(loss, pred, *grad);

    const std::size_t rows = pred.rows();
    const std::size_t cols = pred.cols();
    if (rows == 0 || cols == 0) return 0.0;

    if (is_elementwise(loss)) {
        const double scale = 1.0 / (static_cast<double>(rows) * static_cast<double>(cols));
        double sum = 0.0;
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t c = 0; c < cols; ++c) {
                const Term term = elementwise_term(loss, static_cast<double>(pred(r, c)),
                                                   static_cast<double>(target(r, c)), r, c);
                sum += term.value;
                if (grad) (*grad)(r, c) = static_cast<T>(term.deriv * scale);
            }
        }
        return sum * scale;
    }

    const double scale = 1.0 / static_cast<double>(rows);
    double sum = 0.0;
    if (loss == Loss::categorical_cross_entropy) {
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t c = 0; c < cols; ++c) {
                const double t = static_cast<double>(target(r, c));
                const double pc = std::max(static_cast<double>(pred(r, c)), kEps);
                sum -= t * std::log(pc);
                if (grad) (*grad)(r, c) = static_cast<T>(-t / pc * scale);
            }
        }
        return sum * scale;
    }

    // softmax_cross_entropy: per row, −Σ_j t_j log softmax(z)_j
    //   = Σ_j t_j (lse(z) − z_j),  lse(z) = m + log Σ_j exp(z_j − m), m = max z.
    // d/dz_k = (Σ_j t_j) softmax(z)_k − t_k, which is softmax − t for one-hot
    // (or any normalized) targets.
    for (std::size_t r = 0; r < rows; ++r) {
        double m = static_cast<double>(pred(r, 0));
        for (std::size_t c = 1; c < cols; ++c) m = std::max(m, static_cast<double>(pred(r, c)));
        double denom = 0.0;
        double tsum = 0.0;
        for (std::size_t c = 0; c < cols; ++c) {
            denom += std::exp(static_cast<double>(pred(r, c)) - m);
            tsum += static_cast<double>(target(r, c));
        }
        const double lse = m + std::log(denom);
        for (std::size_t c = 0; c < cols; ++c) {
            const double z = static_cast<double>(pred(r, c));
            const double t = static_cast<double>(target(r, c));
            if (t != 0.0) sum += t * (lse - z);
            if (grad) {
                const double s = std::exp(z - lse);
                (*grad)(r, c) = static_cast<T>((tsum * s - t) * scale);
            }
        }
    }
    return sum * scale;
}

}  // namespace

std::string_view to_string(Loss l) { return kLossNames.name(l); }

Loss parse_loss(std::string_view name) { return kLossNames.parse(name); }

std::span<const NameEntry<Loss>> loss_names() { return kLossNames.table(); }

std::span<const NameEntry<Loss>> loss_aliases() { return kLossNames.alias_table(); }

template <typename T>
double loss_value(Loss loss, MatrixView<const T> pred, MatrixView<const T> target) {
    return evaluate<T>(loss, pred, target, nullptr);
}

template <typename T>
double loss_gradient(Loss loss, MatrixView<const T> pred, MatrixView<const T> target,
                     MatrixView<T> grad) {
    return evaluate<T>(loss, pred, target, &grad);
}

template double loss_value<float>(Loss, MatrixView<const float>, MatrixView<const float>);
template double loss_value<double>(Loss, MatrixView<const double>, MatrixView<const double>);
template double loss_gradient<float>(Loss, MatrixView<const float>, MatrixView<const float>,
                                     MatrixView<float>);
template double loss_gradient<double>(Loss, MatrixView<const double>, MatrixView<const double>,
                                      MatrixView<double>);

}  // namespace neurite
