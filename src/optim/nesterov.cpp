// Nesterov momentum: v ← μ v + g;  θ ← θ − η (g + μ v) (g with λθ folded in).
// torch.optim.SGD(lr, momentum=μ, nesterov=True, weight_decay=λ). The
// velocity is momentum.cpp's, a sum of gradients that η multiplies at each step.
#include "neurite/optim/registry.hpp"

namespace neurite {
namespace {

void update(const OptimizerStep& s) {
    const auto lr = static_cast<float>(s.lr);
    const auto mu = static_cast<float>(s.config.momentum);
    const auto wd = static_cast<float>(s.config.weight_decay);
    const std::span<float> v = s.slot(0);
    for (std::size_t i = 0; i < s.params.size(); ++i) {
        const float gi = s.grads[i] + wd * s.params[i];
        v[i] = mu * v[i] + gi;
        s.params[i] -= lr * (gi + mu * v[i]);
    }
}

}  // namespace

constinit const OptimizerRegistration optimizers::nesterov{
    .kind = OptimizerKind::nesterov,
    .name = "nesterov",
    .label = "Nesterov",
    .summary = "v ← μv + g, θ ← θ − η (g + μv); torch.optim.SGD with momentum=μ, nesterov=True",
    .slots = 1,  // v
    // As momentum's: 0.9 rather than torch's 0, which nesterov=True refuses.
    .defaults = {.kind = OptimizerKind::nesterov, .learning_rate = 0.01, .momentum = 0.9},
    .uses = {.momentum = true},
    .weight_decay = WeightDecay::coupled,
    .update = update,
};

}  // namespace neurite
