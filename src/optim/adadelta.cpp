// Adadelta: E ← ρ E + (1−ρ) g²;  Δ = −√(D + ε)/√(E + ε) · g;
//           D ← ρ D + (1−ρ) Δ²;  θ ← θ + η Δ (g with λθ folded in).
// torch.optim.Adadelta(lr, rho=ρ, eps=ε, weight_decay=λ); η = 1 is Zeiler's
// rule.
#include <cmath>

#include "update.hpp"

namespace neurite {
namespace {

void update(const OptimizerStep& s) {
    const optim_detail::Coefficients c(s);
    optim_detail::for_each_element<2>(s, c.weight_decay, [=](float& p, float g, float& E, float& D) {
        E = c.rho * E + c.one_minus_rho * g * g;
        const float delta = -std::sqrt(D + c.eps) / std::sqrt(E + c.eps) * g;
        D = c.rho * D + c.one_minus_rho * delta * delta;
        p += c.lr * delta;
    });
}

}  // namespace

constinit const OptimizerRegistration optimizers::adadelta{
    .kind = OptimizerKind::adadelta, .name = "adadelta", .label = "Adadelta", .slots = 2,  // E, D
    .summary = "E ← ρE + (1−ρ)g², Δ = −√(D+ε)/√(E+ε)·g, D ← ρD + (1−ρ)Δ², θ ← θ + ηΔ; torch.optim.Adadelta",
    // η = 1 is Zeiler's rule (and torch's default) rather than the global
    // 0.01; ε sets the first steps' size (about √ε/√(1−ρ) per weight): with
    // 1e-8 they are 10× smaller than with torch's 1e-6.
    .defaults = {.kind = OptimizerKind::adadelta, .learning_rate = 1.0, .rho = 0.9, .epsilon = 1e-6},
    .uses = {.rho = true, .epsilon = true}, .update = update,
};

}  // namespace neurite
