#include "flags.hpp"

#include <cmath>

namespace neurite::cli {

namespace {

CLI::Validator number_check(bool (*ok)(double), const char* range) {
    return CLI::Validator(
        [ok, range](std::string& text) -> std::string {
            double x = 0;
            if (!CLI::detail::lexical_cast(text, x)) return cat("expected a number, got \"", text, "\"");
            return ok(x) ? std::string() : cat("must be ", range, ", got ", text);
        },
        "");
}

// Which hyper-parameters each optimizer reads (optimizer.hpp's update rules).
bool uses_momentum(OptimizerKind k) { return k == OptimizerKind::momentum || k == OptimizerKind::nesterov; }
bool uses_rho(OptimizerKind k) { return k == OptimizerKind::rmsprop || k == OptimizerKind::adadelta; }
bool uses_betas(OptimizerKind k) { return k == OptimizerKind::adam || k == OptimizerKind::adamw; }
bool uses_epsilon(OptimizerKind k) { return k != OptimizerKind::sgd && k != OptimizerKind::momentum && k != OptimizerKind::nesterov; }

}  // namespace

const CLI::Validator kUnitInterval = number_check([](double x) { return x >= 0.0 && x < 1.0; }, "in [0, 1)");
const CLI::Validator kPositiveFinite =
    number_check([](double x) { return x > 0.0 && std::isfinite(x); }, "positive and finite");

void add_optimizer_options(CLI::App& cmd, OptimizerFlags& f) {
    add_name_option(cmd, "--optimizer", f.kind, parse_optimizer,
                    "sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw");
    cmd.add_option("--momentum", f.momentum, "Momentum μ of momentum and nesterov, in [0, 1) (default 0.9)")
        ->check(kUnitInterval);
    cmd.add_option("--rho", f.rho, "Decay ρ of rmsprop and adadelta, in [0, 1) (default: rmsprop 0.99, adadelta 0.9)")
        ->check(kUnitInterval);
    cmd.add_option("--beta1", f.beta1, "β₁ of adam and adamw, in [0, 1) (default 0.9)")->check(kUnitInterval);
    cmd.add_option("--beta2", f.beta2, "β₂ of adam and adamw, in [0, 1) (default 0.999)")->check(kUnitInterval);
    cmd.add_option("--eps", f.epsilon,
                   "ε of adagrad, rmsprop, adadelta, adam and adamw, > 0 (default: adagrad 1e-10, adadelta 1e-6, others 1e-8)")
        ->check(kPositiveFinite);
}

void check_optimizer_flags(const OptimizerFlags& f) {
    const auto refuse_unused = [&](const std::optional<double>& value, const char* flag, bool used, const char* users) {
        if (value && !used)
            bad_flag(flag, ": the ", to_string(f.kind), " optimizer does not use it (", users, " do)");
    };
    refuse_unused(f.momentum, "--momentum", uses_momentum(f.kind), "momentum and nesterov");
    refuse_unused(f.rho, "--rho", uses_rho(f.kind), "rmsprop and adadelta");
    refuse_unused(f.beta1, "--beta1", uses_betas(f.kind), "adam and adamw");
    refuse_unused(f.beta2, "--beta2", uses_betas(f.kind), "adam and adamw");
    refuse_unused(f.epsilon, "--eps", uses_epsilon(f.kind), "adagrad, rmsprop, adadelta, adam and adamw");
}

OptimizerConfig optimizer_config(const OptimizerFlags& f, std::optional<double> learning_rate,
                                 std::optional<double> weight_decay) {
    OptimizerConfig c = default_config(f.kind);
    if (learning_rate) c.learning_rate = *learning_rate;
    if (weight_decay) c.weight_decay = *weight_decay;
    if (f.momentum) c.momentum = *f.momentum;
    if (f.rho) c.rho = *f.rho;
    if (f.beta1) c.beta1 = *f.beta1;
    if (f.beta2) c.beta2 = *f.beta2;
    if (f.epsilon) c.epsilon = *f.epsilon;
    return c;
}

std::string optimizer_text(const OptimizerFlags& f, std::optional<double> learning_rate) {
    std::string s(to_string(f.kind));
    if (learning_rate) s += cat(" lr ", *learning_rate);
    const auto given = [&](const std::optional<double>& value, const char* name) {
        if (value) s += cat(" ", name, " ", *value);
    };
    given(f.momentum, "momentum");
    given(f.rho, "rho");
    given(f.beta1, "beta1");
    given(f.beta2, "beta2");
    given(f.epsilon, "eps");
    return s;
}

}  // namespace neurite::cli
