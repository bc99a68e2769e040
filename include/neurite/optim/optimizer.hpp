// Optimizers: small update functions over parameter spans.
//
// Every optimizer is one function that updates params from grads and up to
// two state slots of the same length (the idea of tiny-dnn's
// stateful_optimizer<N>). The Optimizer object only holds the hyper-
// parameters, the state slots in one buffer, and the step counter, so saving
// or restoring its state is one copy.
//
// The rules, with g the mini-batch gradient of the mean loss and, for every
// kind but adamw, the L2 weight decay λ folded in first: g ← g + λθ. Each is
// torch.optim's rule for the same hyper-parameters (docs/optimizers-and-
// losses.md lists the PyTorch class and arguments, and every default):
//
//   sgd        θ ← θ − η g
//   momentum   v ← μ v + g;  θ ← θ − η v                  (torch SGD, dampening 0)
//   nesterov   v ← μ v + g;  θ ← θ − η (g + μ v)          (torch SGD, nesterov=True)
//   adagrad    G ← G + g²;  θ ← θ − η g / (√G + ε)
//   rmsprop    E ← ρ E + (1−ρ) g²;  θ ← θ − η g / (√E + ε)   (torch's alpha is ρ)
//   adadelta   E ← ρ E + (1−ρ) g²;  Δ = −√(D + ε)/√(E + ε) · g;
//              D ← ρ D + (1−ρ) Δ²;  θ ← θ + η Δ          (η = 1 is the paper's rule)
//   adam       m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
//              θ ← θ − η m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
//   adamw      adam without the L2 term, with decoupled decay θ ← θ − η λ θ
//              before the update
//
// The momentum velocity v is a sum of gradients, not of steps: η multiplies
// it at every step, so a schedule that changes η changes the next step at
// once. (neurite 0.2.0 kept η inside it, v ← μ v − η g; θ ← θ + v: the same
// path at a constant rate, state in other units; Trainer::resume_from
// converts such checkpoints.) t counts steps from 1.
// Plain SGD, mini-batch SGD and full-batch gradient descent differ only in
// the batch size the training loop uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace neurite {

enum class OptimizerKind { sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw };

std::string_view to_string(OptimizerKind k);
// Throws Error listing the valid names for an unknown one.
OptimizerKind parse_optimizer(std::string_view name);

// Designated initializers keep working ({.kind = ..., .learning_rate = ...});
// the fields they leave out take the values below, which are the same for
// every kind. default_config(kind) gives each kind's own defaults instead
// (PyTorch's, with the exceptions docs/optimizers-and-losses.md gives
// reasons for): start from it when the kind is chosen at run time.
struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::sgd;
    double learning_rate = 0.01;
    double momentum = 0.9;       // momentum, nesterov
    double rho = 0.9;            // rmsprop, adadelta decay
    double beta1 = 0.9;          // adam, adamw
    double beta2 = 0.999;        // adam, adamw
    double epsilon = 1e-8;       // adagrad, rmsprop, adadelta, adam, adamw
    double weight_decay = 0.0;   // λ
};

// Each kind's defaults, chosen in one table (optimizer.cpp):
//   sgd, momentum, nesterov  η 0.01, μ 0.9
//   adagrad                  η 0.01, ε 1e-10
//   rmsprop                  η 0.01, ρ 0.99, ε 1e-8
//   adadelta                 η 1.0,  ρ 0.9,  ε 1e-6
//   adam                     η 0.001, β₁ 0.9, β₂ 0.999, ε 1e-8
//   adamw                    adam's, and λ 0.01
// λ is 0 for every kind but adamw.
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
    std::uint64_t steps() const { return steps_; }
    // Plain SGD without weight decay has no state and can be fused into
    // back-propagation (Sequential::sgd_step, used by train_step); the caller
    // then reports the step with count_fused_step().
    bool is_plain_sgd() const { return config_.kind == OptimizerKind::sgd && config_.weight_decay == 0.0; }
    void count_fused_step() { ++steps_; }
    // Number of state slots of a kind (0, 1 or 2).
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
