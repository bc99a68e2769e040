// Optimizers: small update functions over parameter spans.
//
// Every optimizer is one function that updates params from grads and its
// state slots of the same length (the idea of tiny-dnn's
// stateful_optimizer<N>), registered once with its name, defaults and the
// hyper-parameters it reads (optim/registry.hpp; the list of kinds is
// optim/optimizers.hpp). The Optimizer object only holds the hyper-
// parameters, the state slots in one buffer, and the step counter, so saving
// or restoring its state is one copy.
//
// Conventions every rule shares: g is the mini-batch gradient of the mean
// loss, with the L2 weight decay λ folded in first (g ← g + λθ) for every
// kind whose registration says WeightDecay::coupled; t counts steps from 1.
// Each rule is torch.optim's for the same hyper-parameters; the rule itself
// is written next to its update in src/optim/<name>.cpp, and
// docs/optimizers-and-losses.md lists every formula, default and PyTorch
// class. Plain SGD, mini-batch SGD and full-batch gradient descent differ
// only in the batch size the training loop uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "neurite/optim/optimizers.hpp"

namespace neurite {

std::string_view to_string(OptimizerKind k);
// Throws Error listing the valid names for an unknown one.
OptimizerKind parse_optimizer(std::string_view name);

// Designated initializers keep working ({.kind = ..., .learning_rate = ...});
// the fields they leave out take the values below, which are the same for
// every kind. default_config(kind) gives each kind's own defaults instead
// (PyTorch's, with the exceptions docs/optimizers-and-losses.md gives
// reasons for): start from it when the kind is chosen at run time. Which
// kinds read which field is in their registrations (OptimizerHypers).
struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::sgd;
    double learning_rate = 0.01;  // η
    double momentum = 0.9;        // μ
    double rho = 0.9;             // ρ, the decay of running means of g²
    double beta1 = 0.9;           // β₁, the decay of Adam's mean of g
    double beta2 = 0.999;         // β₂, the decay of Adam's mean of g²
    double epsilon = 1e-8;        // ε, added to a denominator
    double weight_decay = 0.0;    // λ
};

// Each kind's defaults: its registration's (src/optim/<name>.cpp, where each
// value that differs from PyTorch's says why; docs/optimizers-and-losses.md
// has the whole table). λ is 0 for every kind but adamw (0.01).
OptimizerConfig default_config(OptimizerKind kind);

class Optimizer {
public:
    Optimizer(const OptimizerConfig& config, std::size_t param_count);

    // One update at rate lr (≥ 0 and finite; a schedule may hand in 0);
    // params and grads must have param_count elements. The rate is the
    // caller's (the schedule's): the optimizer keeps none of its own between
    // steps, so there is one place where the current rate lives.
    void step(std::span<float> params, std::span<const float> grads, double lr);
    // The same at the configured rate, config().learning_rate.
    void step(std::span<float> params, std::span<const float> grads) { step(params, grads, config_.learning_rate); }

    const OptimizerConfig& config() const { return config_; }
    // Changes μ between steps (a momentum ramp); the state is kept. In [0, 1).
    void set_momentum(double momentum);
    std::uint64_t steps() const { return steps_; }
    // Plain SGD without weight decay has no state and can be fused into
    // back-propagation (Sequential::sgd_step, used by train_step); the caller
    // then reports the step with count_fused_step().
    bool is_plain_sgd() const { return config_.kind == OptimizerKind::sgd && config_.weight_decay == 0.0; }
    void count_fused_step() { ++steps_; }
    // Number of state slots of a kind (its registration's: 0, 1 or 2 today).
    static std::size_t slots(OptimizerKind k);

    // The state buffer (slots × param_count) and step counter, for checkpoints.
    std::span<const float> state() const { return state_; }
    void set_state(std::span<const float> state, std::uint64_t steps);
    void reset();

private:
    OptimizerConfig config_;
    std::size_t n_;
    std::vector<float> state_;
    std::uint64_t steps_ = 0;
};

}  // namespace neurite
