// Stochastic gradient descent: θ ← θ − η g (g with λθ folded in).
// torch.optim.SGD(lr, momentum=0, weight_decay=λ).
//
// Without weight decay it needs neither state nor a gradient buffer, and
// train_step fuses it into back-propagation instead (Optimizer::is_plain_sgd);
// this update is the path with λ > 0 or gradient clipping.
#include "update.hpp"

namespace neurite {
namespace {

void update(const OptimizerStep& s) {
    const optim_detail::Coefficients c(s);
    optim_detail::for_each_element<0>(s, c.weight_decay, [=](float& p, float g) { p -= c.lr * g; });
}

}  // namespace

constinit const OptimizerRegistration optimizers::sgd{
    .kind = OptimizerKind::sgd, .name = "sgd", .label = "SGD", .slots = 0,
    .summary = "θ ← θ − η g; torch.optim.SGD",
    // torch.optim.SGD has no default rate (1.13) or 1e-3 (2.x); 0.01 is the
    // customary one. μ is sgd's unused field, kept at the momentum kinds'
    // value so that switching the kind of a config changes nothing else.
    .defaults = {.kind = OptimizerKind::sgd, .learning_rate = 0.01, .momentum = 0.9},
    .uses = {}, .update = update,
};

}  // namespace neurite
