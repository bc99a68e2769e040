// RMSProp: E ← ρ E + (1−ρ) g²;  θ ← θ − η g / (√E + ε) (g with λθ folded in).
// torch.optim.RMSprop(lr, alpha=ρ, eps=ε, weight_decay=λ), not centered, no
// momentum.
#include <cmath>

#include "update.hpp"

namespace neurite {
namespace {

void update(const OptimizerStep& s) {
    const optim_detail::Coefficients c(s);
    optim_detail::for_each_element<1>(s, c.weight_decay, [=](float& p, float g, float& E) {
        E = c.rho * E + c.one_minus_rho * g * g;
        p -= c.lr * g / (std::sqrt(E) + c.eps);
    });
}

}  // namespace

constinit const OptimizerRegistration optimizers::rmsprop{
    .kind = OptimizerKind::rmsprop, .name = "rmsprop", .label = "RMSProp", .slots = 1,  // E
    .summary = "E ← ρE + (1−ρ)g², θ ← θ − η g/(√E + ε); torch.optim.RMSprop with alpha=ρ",
    // ρ is torch's alpha, 0.99; Hinton's lecture and Keras use 0.9.
    .defaults = {.kind = OptimizerKind::rmsprop, .learning_rate = 0.01, .rho = 0.99, .epsilon = 1e-8},
    .uses = {.rho = true, .epsilon = true}, .update = update,
};

}  // namespace neurite
