// Adadelta: E ← ρ E + (1−ρ) g²;  Δ = −√(D + ε)/√(E + ε) · g;
//           D ← ρ D + (1−ρ) Δ²;  θ ← θ + η Δ (g with λθ folded in).
// torch.optim.Adadelta(lr, rho=ρ, eps=ε, weight_decay=λ); η = 1 is Zeiler's
// rule.
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
    const std::span<float> D = s.slot(1);
    for (std::size_t i = 0; i < s.params.size(); ++i) {
        const float gi = s.grads[i] + wd * s.params[i];
        E[i] = rho * E[i] + one_minus_rho * gi * gi;
        const float delta = -std::sqrt(D[i] + eps) / std::sqrt(E[i] + eps) * gi;
        D[i] = rho * D[i] + one_minus_rho * delta * delta;
        s.params[i] += lr * delta;
    }
}

}  // namespace

constinit const OptimizerRegistration optimizers::adadelta{
    .kind = OptimizerKind::adadelta,
    .name = "adadelta",
    .label = "Adadelta",
    .summary = "E ← ρE + (1−ρ)g², Δ = −√(D+ε)/√(E+ε)·g, D ← ρD + (1−ρ)Δ², θ ← θ + ηΔ; torch.optim.Adadelta",
    .slots = 2,  // E, D
    // η = 1 is Zeiler's rule (and torch's default) rather than the global
    // 0.01; ε sets the first steps' size (about √ε/√(1−ρ) per weight): with
    // 1e-8 they are 10× smaller than with torch's 1e-6.
    .defaults = {.kind = OptimizerKind::adadelta, .learning_rate = 1.0, .rho = 0.9, .epsilon = 1e-6},
    .uses = {.rho = true, .epsilon = true},
    .weight_decay = WeightDecay::coupled,
    .update = update,
};

}  // namespace neurite
