// The optimizer registry: one registration per kind, holding everything the
// library and its programs know about it.
//
// An optimizer is an update function over spans with N state slots (the idea
// of tiny-dnn's stateful_optimizer<N>) plus the facts about it that used to
// be spread over the code: its name, its own defaults, which of
// OptimizerConfig's hyper-parameters it reads, how it applies weight decay,
// and a label and a line of description for menus and help. The Optimizer
// class, default_config, parse_optimizer/to_string, the CLI's flags and help
// and the playground's menu all read these registrations; the list of them is
// optim/optimizers.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "neurite/optim/optimizer.hpp"
#include "neurite/optim/optimizers.hpp"

namespace neurite {

// What an update function gets for one step. The Optimizer has checked the
// sizes and the rate; `state` is the kind's slots back to back, each
// params.size() floats, zero before the first step.
struct OptimizerStep {
    std::span<float> params;
    std::span<const float> grads;
    std::span<float> state;
    const OptimizerConfig& config;
    double lr;         // this step's rate (≥ 0 and finite), the caller's
    std::uint64_t t;   // this step's number, counting from 1

    // State slot i (i < the kind's slots).
    std::span<float> slot(std::size_t i) const { return state.subspan(i * params.size(), params.size()); }
};

// The hyper-parameters of OptimizerConfig an optimizer reads besides the
// rate and the weight decay λ, which every kind reads. The CLI refuses a flag
// for one it does not read (--beta1 with sgd) instead of ignoring it.
struct OptimizerHypers {
    bool momentum = false;  // μ
    bool rho = false;       // ρ
    bool betas = false;     // β₁, β₂
    bool epsilon = false;   // ε
};

// How λ enters: coupled, as L2 in the gradient (g ← g + λθ, torch's
// weight_decay for every class but AdamW), or decoupled, θ ← θ − ηλθ before
// the update (torch.optim.AdamW).
enum class WeightDecay { coupled, decoupled };

struct OptimizerRegistration {
    OptimizerKind kind;
    std::string_view name;     // --optimizer, model files and checkpoints, the playground's URLs
    std::string_view label;    // for menus: "AdamW"
    std::size_t slots;         // state slots of param_count floats each
    std::string_view summary;  // one line: the rule in short and its PyTorch equivalent
    OptimizerConfig defaults;  // default_config(kind); defaults.kind == kind
    OptimizerHypers uses;
    WeightDecay weight_decay = WeightDecay::coupled;
    void (*update)(const OptimizerStep&);
};

// Every registration, in OptimizerKind order.
std::span<const OptimizerRegistration* const> optimizer_registrations();
// The registration of a kind.
const OptimizerRegistration& optimizer_registration(OptimizerKind kind);

}  // namespace neurite
