// Adam and AdamW, one body:
//   m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
//   θ ← θ − η m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
// adam folds λθ into g (torch.optim.Adam's weight_decay); adamw leaves g
// alone and decays the weights first, θ ← θ − ηλθ (torch.optim.AdamW).
#include <cmath>

#include "neurite/optim/registry.hpp"

namespace neurite {
namespace {

// Every coefficient of the form (1 − x) and the bias corrections are computed
// in double first, so that, e.g., 1 − β₂ = 0.001 keeps full float precision.
void adam_body(const OptimizerStep& s, bool decoupled) {
    const OptimizerConfig& c = s.config;
    const auto t = static_cast<double>(s.t);
    const double bc1 = 1.0 - std::pow(c.beta1, t);
    const double bc2 = 1.0 - std::pow(c.beta2, t);
    const auto lr = static_cast<float>(s.lr);
    const auto beta1 = static_cast<float>(c.beta1);
    const auto one_minus_beta1 = static_cast<float>(1.0 - c.beta1);
    const auto beta2 = static_cast<float>(c.beta2);
    const auto one_minus_beta2 = static_cast<float>(1.0 - c.beta2);
    const auto eps = static_cast<float>(c.epsilon);
    const auto inv_bc1 = static_cast<float>(1.0 / bc1);
    const auto inv_bc2 = static_cast<float>(1.0 / bc2);
    // Exactly one of the two is non-zero for λ > 0: coupled L2 (adam) or the
    // decoupled factor ηλ (adamw).
    const float wd = decoupled ? 0.0f : static_cast<float>(c.weight_decay);
    const float decay = decoupled ? static_cast<float>(s.lr * c.weight_decay) : 0.0f;
    const std::span<float> p = s.params;
    const std::span<float> m = s.slot(0);
    const std::span<float> v = s.slot(1);
    for (std::size_t i = 0; i < p.size(); ++i) {
        const float gi = s.grads[i] + wd * p[i];
        p[i] -= decay * p[i];
        m[i] = beta1 * m[i] + one_minus_beta1 * gi;
        v[i] = beta2 * v[i] + one_minus_beta2 * gi * gi;
        const float m_hat = m[i] * inv_bc1;
        const float v_hat = v[i] * inv_bc2;
        p[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);
    }
}

void adam_update(const OptimizerStep& s) { adam_body(s, false); }
void adamw_update(const OptimizerStep& s) { adam_body(s, true); }

}  // namespace

constinit const OptimizerRegistration optimizers::adam{
    .kind = OptimizerKind::adam,
    .name = "adam",
    .label = "Adam",
    .summary = "bias-corrected means of g and g², θ ← θ − η m̂/(√v̂ + ε); torch.optim.Adam",
    .slots = 2,  // m, v
    .defaults = {.kind = OptimizerKind::adam, .learning_rate = 1e-3, .beta1 = 0.9, .beta2 = 0.999, .epsilon = 1e-8},
    .uses = {.betas = true, .epsilon = true},
    .weight_decay = WeightDecay::coupled,
    .update = adam_update,
};

constinit const OptimizerRegistration optimizers::adamw{
    .kind = OptimizerKind::adamw,
    .name = "adamw",
    .label = "AdamW",
    .summary = "adam with decoupled weight decay θ ← θ − ηλθ; torch.optim.AdamW",
    .slots = 2,  // m, v
    // λ is torch's 0.01: decoupled decay is the reason to pick adamw.
    .defaults = {.kind = OptimizerKind::adamw,
                 .learning_rate = 1e-3,
                 .beta1 = 0.9,
                 .beta2 = 0.999,
                 .epsilon = 1e-8,
                 .weight_decay = 0.01},
    .uses = {.betas = true, .epsilon = true},
    .weight_decay = WeightDecay::decoupled,
    .update = adamw_update,
};

}  // namespace neurite
