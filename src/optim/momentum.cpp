// Heavy-ball and Nesterov momentum, one body (g with λθ folded in):
//   momentum   v ← μ v + g;  θ ← θ − η v
//              torch.optim.SGD(lr, momentum=μ, dampening=0, weight_decay=λ)
//   nesterov   v ← μ v + g;  θ ← θ − η (g + μ v)
//              the same with nesterov=True
//
// PyTorch's form: the velocity is a sum of gradients and the rate multiplies
// it at each step, so a schedule that changes η changes the step at once
// rather than only the newest gradient's share of the velocity. (neurite
// 0.1.0 kept η inside it, v ← μ v − η g; θ ← θ + v: the same path at a
// constant rate, state in other units; Trainer::resume_from converts such
// checkpoints.)
#include "neurite/optim/registry.hpp"

namespace neurite {
namespace {

void momentum_body(const OptimizerStep& s, bool nesterov) {
    const auto lr = static_cast<float>(s.lr);
    const auto mu = static_cast<float>(s.config.momentum);
    const auto wd = static_cast<float>(s.config.weight_decay);
    const std::span<float> v = s.slot(0);
    for (std::size_t i = 0; i < s.params.size(); ++i) {
        const float gi = s.grads[i] + wd * s.params[i];
        v[i] = mu * v[i] + gi;
        s.params[i] -= lr * (nesterov ? gi + mu * v[i] : v[i]);
    }
}

void momentum_update(const OptimizerStep& s) { momentum_body(s, false); }
void nesterov_update(const OptimizerStep& s) { momentum_body(s, true); }

}  // namespace

// torch.optim.SGD's momentum defaults to 0, which would make these kinds
// plain SGD (and nesterov=True refuses it); 0.9 is the customary value.
constinit const OptimizerRegistration optimizers::momentum{
    .kind = OptimizerKind::momentum,
    .name = "momentum",
    .label = "Momentum",
    .summary = "v ← μv + g, θ ← θ − η v; torch.optim.SGD with momentum=μ",
    .slots = 1,  // v
    .defaults = {.kind = OptimizerKind::momentum, .learning_rate = 0.01, .momentum = 0.9},
    .uses = {.momentum = true},
    .weight_decay = WeightDecay::coupled,
    .update = momentum_update,
};

constinit const OptimizerRegistration optimizers::nesterov{
    .kind = OptimizerKind::nesterov,
    .name = "nesterov",
    .label = "Nesterov",
    .summary = "v ← μv + g, θ ← θ − η (g + μv); torch.optim.SGD with momentum=μ, nesterov=True",
    .slots = 1,  // v
    .defaults = {.kind = OptimizerKind::nesterov, .learning_rate = 0.01, .momentum = 0.9},
    .uses = {.momentum = true},
    .weight_decay = WeightDecay::coupled,
    .update = nesterov_update,
};

}  // namespace neurite
