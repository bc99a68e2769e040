// AdaGrad: G ← G + g²;  θ ← θ − η g / (√G + ε) (g with λθ folded in).
// torch.optim.Adagrad(lr, eps=ε, weight_decay=λ), lr_decay 0 and
// initial_accumulator_value 0.
#include <cmath>

#include "neurite/optim/registry.hpp"

namespace neurite {
namespace {

void update(const OptimizerStep& s) {
    const auto lr = static_cast<float>(s.lr);
    const auto eps = static_cast<float>(s.config.epsilon);
    const auto wd = static_cast<float>(s.config.weight_decay);
    const std::span<float> G = s.slot(0);
    for (std::size_t i = 0; i < s.params.size(); ++i) {
        const float gi = s.grads[i] + wd * s.params[i];
        G[i] += gi * gi;
        s.params[i] -= lr * gi / (std::sqrt(G[i]) + eps);
    }
}

}  // namespace

constinit const OptimizerRegistration optimizers::adagrad{
    .kind = OptimizerKind::adagrad,
    .name = "adagrad",
    .label = "AdaGrad",
    .summary = "G ← G + g², θ ← θ − η g/(√G + ε); torch.optim.Adagrad",
    .slots = 1,  // G
    .defaults = {.kind = OptimizerKind::adagrad, .learning_rate = 0.01, .epsilon = 1e-10},
    .uses = {.epsilon = true},
    .weight_decay = WeightDecay::coupled,
    .update = update,
};

}  // namespace neurite
