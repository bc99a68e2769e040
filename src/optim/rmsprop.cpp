// RMSProp: E ← ρ E + (1−ρ) g²;  θ ← θ − η g / (√E + ε) (g with λθ folded in).
// torch.optim.RMSprop(lr, alpha=ρ, eps=ε, weight_decay=λ), not centered, no
// momentum.
#include <cmath>

#include "neurite/optim/registry.hpp"

namespace neurite {
namespace {

void update(const OptimizerStep& s) {
    const auto lr = static_cast<float>(s.lr);
    const auto rho = static_cast<float>(s.config.rho);
    // 1 − ρ in double first, so that it keeps full float precision.
    const auto one_minus_rho = static_cast<float>(1.0 - s.config.rho);
    const auto eps = static_cast<float>(s.config.epsilon);
    const auto wd = static_cast<float>(s.config.weight_decay);
    const std::span<float> E = s.slot(0);
    for (std::size_t i = 0; i < s.params.size(); ++i) {
        const float gi = s.grads[i] + wd * s.params[i];
        E[i] = rho * E[i] + one_minus_rho * gi * gi;
        s.params[i] -= lr * gi / (std::sqrt(E[i]) + eps);
    }
}

}  // namespace

constinit const OptimizerRegistration optimizers::rmsprop{
    .kind = OptimizerKind::rmsprop,
    .name = "rmsprop",
    .label = "RMSProp",
    .summary = "E ← ρE + (1−ρ)g², θ ← θ − η g/(√E + ε); torch.optim.RMSprop with alpha=ρ",
    .slots = 1,  // E
    // ρ is torch's alpha, 0.99; Hinton's lecture and Keras use 0.9.
    .defaults = {.kind = OptimizerKind::rmsprop, .learning_rate = 0.01, .rho = 0.99, .epsilon = 1e-8},
    .uses = {.rho = true, .epsilon = true},
    .weight_decay = WeightDecay::coupled,
    .update = update,
};

}  // namespace neurite
