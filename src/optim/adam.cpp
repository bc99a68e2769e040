// Adam and AdamW, one body:
//   m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
//   θ ← θ − η m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
// adam folds λθ into g (torch.optim.Adam's weight_decay); adamw leaves g
// alone and decays the weights first, θ ← θ − ηλθ (torch.optim.AdamW).
#include <cmath>

#include "update.hpp"

namespace neurite {
namespace {

// The bias corrections are computed in double first, as Coefficients does for
// each 1 − x, so that they keep full float precision.
void adam_body(const OptimizerStep& s, bool decoupled) {
    const optim_detail::Coefficients c(s);
    const auto t = static_cast<double>(s.t);
    const auto inv_bc1 = static_cast<float>(1.0 / (1.0 - std::pow(s.config.beta1, t)));
    const auto inv_bc2 = static_cast<float>(1.0 / (1.0 - std::pow(s.config.beta2, t)));
    // Exactly one of the two is non-zero for λ > 0: coupled L2 (adam) or the
    // decoupled factor ηλ (adamw).
    const float wd = decoupled ? 0.0f : c.weight_decay;
    const float decay = decoupled ? static_cast<float>(s.lr * s.config.weight_decay) : 0.0f;
    optim_detail::for_each_element<2>(s, wd, [=](float& p, float g, float& m, float& v) {
        p -= decay * p;
        m = c.beta1 * m + c.one_minus_beta1 * g;
        v = c.beta2 * v + c.one_minus_beta2 * g * g;
        const float m_hat = m * inv_bc1;
        const float v_hat = v * inv_bc2;
        p -= c.lr * m_hat / (std::sqrt(v_hat) + c.eps);
    });
}

void adam_update(const OptimizerStep& s) { adam_body(s, false); }
void adamw_update(const OptimizerStep& s) { adam_body(s, true); }

}  // namespace

constinit const OptimizerRegistration optimizers::adam{
    .kind = OptimizerKind::adam, .name = "adam", .label = "Adam", .slots = 2,  // m, v
    .summary = "bias-corrected means of g and g², θ ← θ − η m̂/(√v̂ + ε); torch.optim.Adam",
    .defaults = {.kind = OptimizerKind::adam, .learning_rate = 1e-3, .beta1 = 0.9, .beta2 = 0.999, .epsilon = 1e-8},
    .uses = {.betas = true, .epsilon = true}, .update = adam_update,
};

constinit const OptimizerRegistration optimizers::adamw{
    .kind = OptimizerKind::adamw, .name = "adamw", .label = "AdamW", .slots = 2,  // m, v
    .summary = "adam with decoupled weight decay θ ← θ − ηλθ; torch.optim.AdamW",
    // λ is torch's 0.01: decoupled decay is the reason to pick adamw.
    .defaults = {.kind = OptimizerKind::adamw, .learning_rate = 1e-3, .beta1 = 0.9, .beta2 = 0.999, .epsilon = 1e-8,
                 .weight_decay = 0.01},
    .uses = {.betas = true, .epsilon = true}, .weight_decay = WeightDecay::decoupled, .update = adamw_update,
};

}  // namespace neurite
