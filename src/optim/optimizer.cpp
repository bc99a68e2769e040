#include "neurite/optim/optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "neurite/core/error.hpp"
#include "neurite/core/memory.hpp"
#include "neurite/core/names.hpp"

namespace neurite {
namespace {

// ---- update rules ------------------------------------------------------------
// One function per kind, over spans of equal length. Hyper-parameters arrive
// as float; every coefficient of the form (1 − x) is computed in double by the
// caller first, so that, e.g., 1 − β₂ = 0.001 keeps full float precision.
// `wd` is the L2 weight decay λ folded into the gradient (g + λθ).

void sgd(std::span<float> p, std::span<const float> g, float lr, float wd) {
    for (std::size_t i = 0; i < p.size(); ++i) {
        const float gi = g[i] + wd * p[i];
        p[i] -= lr * gi;
    }
}

// PyTorch's form (torch.optim.SGD, dampening 0): the velocity is a sum of
// gradients and the rate multiplies it at each step, so a schedule that
// changes η changes the step at once rather than only the newest gradient's
// share of the velocity.
void momentum(std::span<float> p, std::span<const float> g, std::span<float> v, float lr,
              float mu, float wd) {
    for (std::size_t i = 0; i < p.size(); ++i) {
        const float gi = g[i] + wd * p[i];
        v[i] = mu * v[i] + gi;
        p[i] -= lr * v[i];
    }
}

void nesterov(std::span<float> p, std::span<const float> g, std::span<float> v, float lr,
              float mu, float wd) {
    for (std::size_t i = 0; i < p.size(); ++i) {
        const float gi = g[i] + wd * p[i];
        v[i] = mu * v[i] + gi;
        p[i] -= lr * (gi + mu * v[i]);
    }
}

void adagrad(std::span<float> p, std::span<const float> g, std::span<float> G, float lr,
             float eps, float wd) {
    for (std::size_t i = 0; i < p.size(); ++i) {
        const float gi = g[i] + wd * p[i];
        G[i] += gi * gi;
        p[i] -= lr * gi / (std::sqrt(G[i]) + eps);
    }
}

void rmsprop(std::span<float> p, std::span<const float> g, std::span<float> E, float lr,
             float rho, float one_minus_rho, float eps, float wd) {
    for (std::size_t i = 0; i < p.size(); ++i) {
        const float gi = g[i] + wd * p[i];
        E[i] = rho * E[i] + one_minus_rho * gi * gi;
        p[i] -= lr * gi / (std::sqrt(E[i]) + eps);
    }
}

void adadelta(std::span<float> p, std::span<const float> g, std::span<float> E,
              std::span<float> D, float lr, float rho, float one_minus_rho, float eps, float wd) {
    for (std::size_t i = 0; i < p.size(); ++i) {
        const float gi = g[i] + wd * p[i];
        E[i] = rho * E[i] + one_minus_rho * gi * gi;
        const float delta = -std::sqrt(D[i] + eps) / std::sqrt(E[i] + eps) * gi;
        D[i] = rho * D[i] + one_minus_rho * delta * delta;
        p[i] += lr * delta;
    }
}

// Adam and AdamW share this body. `wd` is coupled L2 (adam) and `decay` is
// the decoupled factor ηλ (adamw); the caller sets exactly one of them non-zero.
// inv_bc1 = 1/(1−β₁ᵗ) and inv_bc2 = 1/(1−β₂ᵗ) are computed in double.
struct AdamCoefficients {
    float lr, beta1, one_minus_beta1, beta2, one_minus_beta2, eps, inv_bc1, inv_bc2, wd, decay;
};

void adam(std::span<float> p, std::span<const float> g, std::span<float> m, std::span<float> v,
          const AdamCoefficients& c) {
    for (std::size_t i = 0; i < p.size(); ++i) {
        const float gi = g[i] + c.wd * p[i];
        p[i] -= c.decay * p[i];
        m[i] = c.beta1 * m[i] + c.one_minus_beta1 * gi;
        v[i] = c.beta2 * v[i] + c.one_minus_beta2 * gi * gi;
        const float m_hat = m[i] * c.inv_bc1;
        const float v_hat = v[i] * c.inv_bc2;
        p[i] -= c.lr * m_hat / (std::sqrt(v_hat) + c.eps);
    }
}

// ---- names and validation ----------------------------------------------------

constexpr NameEntry<OptimizerKind> kNames[] = {
    {OptimizerKind::sgd, "sgd"},         {OptimizerKind::momentum, "momentum"},
    {OptimizerKind::nesterov, "nesterov"}, {OptimizerKind::adagrad, "adagrad"},
    {OptimizerKind::rmsprop, "rmsprop"}, {OptimizerKind::adadelta, "adadelta"},
    {OptimizerKind::adam, "adam"},       {OptimizerKind::adamw, "adamw"},
};

void require_positive_finite(double value, const char* field) {
    if (!(value > 0.0) || !std::isfinite(value))
        fail("optimizer config: ", field, " must be positive and finite (got ", value, ")");
}

void require_unit_interval(double value, const char* field) {
    if (!(value >= 0.0 && value < 1.0))
        fail("optimizer config: ", field, " must be in [0, 1) (got ", value, ")");
}

void validate(const OptimizerConfig& c) {
    require_positive_finite(c.learning_rate, "learning_rate");
    require_unit_interval(c.momentum, "momentum");
    require_unit_interval(c.rho, "rho");
    require_unit_interval(c.beta1, "beta1");
    require_unit_interval(c.beta2, "beta2");
    require_positive_finite(c.epsilon, "epsilon");
    if (!(c.weight_decay >= 0.0) || !std::isfinite(c.weight_decay))
        fail("optimizer config: weight_decay must be non-negative and finite (got ",
             c.weight_decay, ")");
}

}  // namespace

OptimizerConfig default_config(OptimizerKind kind) {
    // PyTorch's defaults (torch.optim, 1.13–2.x), except where a reason is
    // given; docs/optimizers-and-losses.md has the whole table.
    OptimizerConfig c;
    c.kind = kind;
    switch (kind) {
        case OptimizerKind::sgd:
        case OptimizerKind::momentum:
        case OptimizerKind::nesterov:
            // torch.optim.SGD has no default rate (1.13) or 1e-3 (2.x) and
            // momentum 0; 0.01 is the customary rate and μ = 0.9 the
            // customary momentum (μ = 0 would make the kind plain SGD).
            c.learning_rate = 0.01;
            c.momentum = 0.9;
            break;
        case OptimizerKind::adagrad:
            c.learning_rate = 0.01;
            c.epsilon = 1e-10;
            break;
        case OptimizerKind::rmsprop:
            c.learning_rate = 0.01;
            c.rho = 0.99;  // torch's alpha; Hinton's lecture and Keras use 0.9
            c.epsilon = 1e-8;
            break;
        case OptimizerKind::adadelta:
            // η = 1 is Zeiler's rule; ε sets the first steps' size (about
            // √ε/√(1−ρ) per weight): with 1e-8 they are 10× smaller than here.
            c.learning_rate = 1.0;
            c.rho = 0.9;
            c.epsilon = 1e-6;
            break;
        case OptimizerKind::adam:
        case OptimizerKind::adamw:
            c.learning_rate = 1e-3;
            c.beta1 = 0.9;
            c.beta2 = 0.999;
            c.epsilon = 1e-8;
            c.weight_decay = kind == OptimizerKind::adamw ? 0.01 : 0.0;
            break;
    }
    return c;
}

std::string_view to_string(OptimizerKind k) { return name_of<OptimizerKind>(kNames, k); }

OptimizerKind parse_optimizer(std::string_view name) {
    return value_named<OptimizerKind>(kNames, name, "optimizer");
}

std::size_t Optimizer::slots(OptimizerKind k) {
    switch (k) {
        case OptimizerKind::sgd: return 0;
        case OptimizerKind::momentum:
        case OptimizerKind::nesterov:
        case OptimizerKind::adagrad:
        case OptimizerKind::rmsprop: return 1;
        case OptimizerKind::adadelta:
        case OptimizerKind::adam:
        case OptimizerKind::adamw: return 2;
    }
    return 0;
}

Optimizer::Optimizer(const OptimizerConfig& config, std::size_t param_count)
    : config_(config), n_(param_count) {
    validate(config_);
    // The state comes on top of the parameters and gradients already in
    // memory: refuse what cannot fit before allocating it.
    const std::size_t k = slots(config_.kind);
    if (k > 0)
        require_memory(saturating_mul(n_, (2 + k) * sizeof(float)),
                       cat("optimizer ", to_string(config_.kind), ": training ", n_, " parameters (with their gradients and ",
                           k, " state slot", k == 1 ? "" : "s", ")"));
    state_.assign(k * n_, 0.0f);
}

void Optimizer::step(std::span<float> params, std::span<const float> grads, double rate) {
    if (params.size() != n_)
        fail("optimizer ", to_string(config_.kind), ": params has ", params.size(),
             " elements, expected ", n_);
    if (grads.size() != n_)
        fail("optimizer ", to_string(config_.kind), ": grads has ", grads.size(),
             " elements, expected ", n_);
    // A schedule may legitimately lower the rate to 0 (cosine with min_lr = 0),
    // so only a negative or non-finite rate set after construction is refused.
    if (!(rate >= 0.0) || !std::isfinite(rate))
        fail("optimizer ", to_string(config_.kind),
             ": learning_rate must be non-negative and finite (got ", rate, ")");

    ++steps_;
    const std::span<float> s0 = std::span<float>(state_).subspan(0, std::min(n_, state_.size()));
    const std::span<float> s1 =
        state_.size() >= 2 * n_ ? std::span<float>(state_).subspan(n_, n_) : std::span<float>();

    const OptimizerConfig& c = config_;
    const auto lr = static_cast<float>(rate);
    const auto wd = static_cast<float>(c.weight_decay);
    const auto eps = static_cast<float>(c.epsilon);
    const auto rho = static_cast<float>(c.rho);
    const auto one_minus_rho = static_cast<float>(1.0 - c.rho);

    switch (c.kind) {
        case OptimizerKind::sgd: sgd(params, grads, lr, wd); break;
        case OptimizerKind::momentum:
            momentum(params, grads, s0, lr, static_cast<float>(c.momentum), wd);
            break;
        case OptimizerKind::nesterov:
            nesterov(params, grads, s0, lr, static_cast<float>(c.momentum), wd);
            break;
        case OptimizerKind::adagrad: adagrad(params, grads, s0, lr, eps, wd); break;
        case OptimizerKind::rmsprop:
            rmsprop(params, grads, s0, lr, rho, one_minus_rho, eps, wd);
            break;
        case OptimizerKind::adadelta:
            adadelta(params, grads, s0, s1, lr, rho, one_minus_rho, eps, wd);
            break;
        case OptimizerKind::adam:
        case OptimizerKind::adamw: {
            const auto t = static_cast<double>(steps_);
            const double bc1 = 1.0 - std::pow(c.beta1, t);
            const double bc2 = 1.0 - std::pow(c.beta2, t);
            const bool decoupled = c.kind == OptimizerKind::adamw;
            const AdamCoefficients coeffs{
                .lr = lr,
                .beta1 = static_cast<float>(c.beta1),
                .one_minus_beta1 = static_cast<float>(1.0 - c.beta1),
                .beta2 = static_cast<float>(c.beta2),
                .one_minus_beta2 = static_cast<float>(1.0 - c.beta2),
                .eps = eps,
                .inv_bc1 = static_cast<float>(1.0 / bc1),
                .inv_bc2 = static_cast<float>(1.0 / bc2),
                .wd = decoupled ? 0.0f : wd,
                .decay = decoupled ? static_cast<float>(rate * c.weight_decay) : 0.0f,
            };
            adam(params, grads, s0, s1, coeffs);
            break;
        }
    }
}

void Optimizer::set_state(std::span<const float> state, std::uint64_t steps) {
    if (state.size() != state_.size())
        fail("optimizer ", to_string(config_.kind), ": state has ", state.size(),
             " elements, expected ", state_.size(), " (", slots(config_.kind), " slots x ", n_,
             " parameters)");
    std::copy(state.begin(), state.end(), state_.begin());
    steps_ = steps;
}

void Optimizer::reset() {
    std::fill(state_.begin(), state_.end(), 0.0f);
    steps_ = 0;
}

}  // namespace neurite
