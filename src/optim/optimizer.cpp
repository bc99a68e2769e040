#include "neurite/optim/optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "neurite/core/error.hpp"
#include "neurite/core/memory.hpp"
#include "neurite/core/names.hpp"
#include "neurite/optim/registry.hpp"

namespace neurite {
namespace {

// The names, in registry order, in the form name_of/value_named read (one
// error format for every enum's names). Built once from the registrations.
std::span<const NameEntry<OptimizerKind>> names() {
    static const std::vector<NameEntry<OptimizerKind>> table = [] {
        std::vector<NameEntry<OptimizerKind>> t;
        for (const OptimizerRegistration* r : optimizer_registrations()) t.push_back({r->kind, r->name});
        return t;
    }();
    return table;
}

void require_positive_finite(double value, const char* field) {
    if (!(value > 0.0) || !std::isfinite(value))
        fail("optimizer config: ", field, " must be positive and finite (got ", value, ")");
}

void require_unit_interval(double value, const char* field) {
    if (!(value >= 0.0 && value < 1.0))
        fail("optimizer config: ", field, " must be in [0, 1) (got ", value, ")");
}

void validate(const OptimizerConfig& c) {
    require_positive_finite(c.learning_rate, "learning_rate");
    require_unit_interval(c.momentum, "momentum");
    require_unit_interval(c.rho, "rho");
    require_unit_interval(c.beta1, "beta1");
    require_unit_interval(c.beta2, "beta2");
    require_positive_finite(c.epsilon, "epsilon");
    if (!(c.weight_decay >= 0.0) || !std::isfinite(c.weight_decay))
        fail("optimizer config: weight_decay must be non-negative and finite (got ",
             c.weight_decay, ")");
}

}  // namespace

OptimizerConfig default_config(OptimizerKind kind) { return optimizer_registration(kind).defaults; }

std::string_view to_string(OptimizerKind k) { return name_of<OptimizerKind>(names(), k); }

OptimizerKind parse_optimizer(std::string_view name) { return value_named<OptimizerKind>(names(), name, "optimizer"); }

std::size_t Optimizer::slots(OptimizerKind k) { return optimizer_registration(k).slots; }

Optimizer::Optimizer(const OptimizerConfig& config, std::size_t param_count)
    : config_(config), n_(param_count) {
    validate(config_);
    // The state comes on top of the parameters and gradients already in
    // memory: refuse what cannot fit before allocating it.
    const std::size_t k = slots(config_.kind);
    if (k > 0)
        require_memory(saturating_mul(n_, (2 + k) * sizeof(float)),
                       cat("optimizer ", to_string(config_.kind), ": training ", n_, " parameters (with their gradients and ",
                           k, " state slot", k == 1 ? "" : "s", ")"));
    state_.assign(k * n_, 0.0f);
}

void Optimizer::step(std::span<float> params, std::span<const float> grads, double rate) {
    if (params.size() != n_)
        fail("optimizer ", to_string(config_.kind), ": params has ", params.size(),
             " elements, expected ", n_);
    if (grads.size() != n_)
        fail("optimizer ", to_string(config_.kind), ": grads has ", grads.size(),
             " elements, expected ", n_);
    // A schedule may legitimately lower the rate to 0 (cosine with min_lr = 0),
    // so only a negative or non-finite rate set after construction is refused.
    if (!(rate >= 0.0) || !std::isfinite(rate))
        fail("optimizer ", to_string(config_.kind),
             ": learning_rate must be non-negative and finite (got ", rate, ")");

    ++steps_;
    optimizer_registration(config_.kind)
        .update({.params = params, .grads = grads, .state = state_, .config = config_, .lr = rate, .t = steps_});
}

void Optimizer::set_state(std::span<const float> state, std::uint64_t steps) {
    if (state.size() != state_.size())
        fail("optimizer ", to_string(config_.kind), ": state has ", state.size(),
             " elements, expected ", state_.size(), " (", slots(config_.kind), " slots x ", n_,
             " parameters)");
    std::copy(state.begin(), state.end(), state_.begin());
    steps_ = steps;
}

void Optimizer::set_momentum(double momentum) {
    if (!(momentum >= 0.0 && momentum < 1.0))
        fail("optimizer ", to_string(config_.kind), ": momentum must be in [0, 1) (got ", momentum, ")");
    config_.momentum = momentum;
}

void Optimizer::reset() {
    std::fill(state_.begin(), state_.end(), 0.0f);
    steps_ = 0;
}

}  // namespace neurite
