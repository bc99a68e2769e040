// AdaGrad: G ← G + g²;  θ ← θ − η g / (√G + ε) (g with λθ folded in).
// torch.optim.Adagrad(lr, eps=ε, weight_decay=λ), lr_decay 0 and
// initial_accumulator_value 0.
#include <cmath>

#include "update.hpp"

namespace neurite {
namespace {

void update(const OptimizerStep& s) {
    const optim_detail::Coefficients c(s);
    optim_detail::for_each_element<1>(s, c.weight_decay, [=](float& p, float g, float& G) {
        G += g * g;
        p -= c.lr * g / (std::sqrt(G) + c.eps);
    });
}

}  // namespace

constinit const OptimizerRegistration optimizers::adagrad{
    .kind = OptimizerKind::adagrad, .name = "adagrad", .label = "AdaGrad", .slots = 1,  // G
    .summary = "G ← G + g², θ ← θ − η g/(√G + ε); torch.optim.Adagrad",
    .defaults = {.kind = OptimizerKind::adagrad, .learning_rate = 0.01, .epsilon = 1e-10},
    .uses = {.epsilon = true}, .update = update,
};

}  // namespace neurite
