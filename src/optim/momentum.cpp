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
#include "update.hpp"

namespace neurite {
namespace {

void momentum_body(const OptimizerStep& s, bool nesterov) {
    const optim_detail::Coefficients c(s);
    const float mu = c.momentum;
    optim_detail::for_each_element<1>(s, c.weight_decay, [=](float& p, float g, float& v) {
        v = mu * v + g;
        p -= c.lr * (nesterov ? g + mu * v : v);
    });
}

void momentum_update(const OptimizerStep& s) { momentum_body(s, false); }
void nesterov_update(const OptimizerStep& s) { momentum_body(s, true); }

}  // namespace

// torch.optim.SGD's momentum defaults to 0, which would make these kinds
// plain SGD (and nesterov=True refuses it); 0.9 is the customary value.
constinit const OptimizerRegistration optimizers::momentum{
    .kind = OptimizerKind::momentum, .name = "momentum", .label = "Momentum", .slots = 1,  // v
    .summary = "v ← μv + g, θ ← θ − η v; torch.optim.SGD with momentum=μ",
    .defaults = {.kind = OptimizerKind::momentum, .learning_rate = 0.01, .momentum = 0.9},
    .uses = {.momentum = true}, .update = momentum_update,
};

constinit const OptimizerRegistration optimizers::nesterov{
    .kind = OptimizerKind::nesterov, .name = "nesterov", .label = "Nesterov", .slots = 1,  // v
    .summary = "v ← μv + g, θ ← θ − η (g + μv); torch.optim.SGD with momentum=μ, nesterov=True",
    .defaults = {.kind = OptimizerKind::nesterov, .learning_rate = 0.01, .momentum = 0.9},
    .uses = {.momentum = true}, .update = nesterov_update,
};

}  // namespace neurite
