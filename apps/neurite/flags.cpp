#include "flags.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "neurite/kernels/backend.hpp"
#include "neurite/optim/registry.hpp"

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

// Which hyper-parameters each optimizer reads: its registration's.
bool uses_momentum(OptimizerKind k) { return optimizer_registration(k).uses.momentum; }
bool uses_rho(OptimizerKind k) { return optimizer_registration(k).uses.rho; }
bool uses_betas(OptimizerKind k) { return optimizer_registration(k).uses.betas; }
bool uses_epsilon(OptimizerKind k) { return optimizer_registration(k).uses.epsilon; }

// "a", "a and b", "a, b and c".
std::string and_list(const std::vector<std::string>& items) {
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) s += i + 1 == items.size() ? " and " : ", ";
        s += items[i];
    }
    return s;
}

// The names of the optimizers that read a hyper-parameter ("rmsprop and adadelta").
std::string users_text(bool (*uses)(OptimizerKind)) {
    std::vector<std::string> names;
    for (const OptimizerRegistration* r : optimizer_registrations())
        if (uses(r->kind)) names.emplace_back(r->name);
    return and_list(names);
}

// A default as people write it: 0.001, 1e-10, 1e-6 (not C++'s 1e-06).
std::string number_text(double x) {
    std::string s = cat(x);
    if (const auto e = s.find("e-0"); e != std::string::npos) s.erase(e + 2, 1);
    if (const auto e = s.find("e+0"); e != std::string::npos) s.erase(e + 2, 1);
    return s;
}

}  // namespace

std::string names_help(Loss (*)(std::string_view)) {
    std::string names;
    for (const auto& entry : loss_names()) names += cat(names.empty() ? "" : ", ", entry.name);
    // "ce and cross_entropy (categorical_cross_entropy), bce (binary_cross_entropy), …":
    // the short names of each loss together, in the table's order.
    std::vector<Loss> losses;
    for (const auto& alias : loss_aliases())
        if (std::find(losses.begin(), losses.end(), alias.value) == losses.end()) losses.push_back(alias.value);
    std::string short_names;
    for (const Loss loss : losses) {
        std::vector<std::string> same;
        for (const auto& alias : loss_aliases())
            if (alias.value == loss) same.emplace_back(alias.name);
        short_names += cat(short_names.empty() ? "" : ", ", and_list(same), " (", to_string(loss), ")");
    }
    return cat(": ", names, "; short names ", short_names);
}

std::string optimizer_names_text() {
    std::string s;
    for (const OptimizerRegistration* r : optimizer_registrations()) s += cat(s.empty() ? "" : ", ", r->name);
    return s;
}

std::string defaults_text(double OptimizerConfig::*field, bool (*uses)(OptimizerKind)) {
    // The kinds that read the field, grouped by their default in registry
    // order; the largest group of two or more becomes "others", last.
    std::vector<std::pair<double, std::vector<std::string>>> groups;
    for (const OptimizerRegistration* r : optimizer_registrations()) {
        if (uses && !uses(r->kind)) continue;
        const double value = r->defaults.*field;
        auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& e) { return e.first == value; });
        if (g == groups.end()) g = groups.insert(groups.end(), {value, {}});
        g->second.emplace_back(r->name);
    }
    if (groups.size() == 1) return cat("default ", number_text(groups[0].first));
    auto others = std::max_element(groups.begin(), groups.end(),
                                   [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
    if (others != groups.end() && others->second.size() < 2) others = groups.end();
    std::string s = "default: ";
    for (auto g = groups.begin(); g != groups.end(); ++g)
        if (g != others) s += cat(and_list(g->second), " ", number_text(g->first), ", ");
    if (others != groups.end()) return s + cat("others ", number_text(others->first));
    return s.substr(0, s.size() - 2);
}

const CLI::Validator kUnitInterval = number_check([](double x) { return x >= 0.0 && x < 1.0; }, "in [0, 1)");
const CLI::Validator kPositiveFinite =
    number_check([](double x) { return x > 0.0 && std::isfinite(x); }, "positive and finite");

void add_optimizer_options(CLI::App& cmd, OptimizerFlags& f) {
    // The names, the kinds each flag is for and their defaults all come from
    // the optimizer registry, so a new optimizer appears here by itself.
    add_name_option(cmd, "--optimizer", f.kind, parse_optimizer, optimizer_names_text());
    // One hyper-parameter: "<what> of <the kinds that read it>, <range> (<their defaults>)".
    const auto add_hyper = [&](const char* flag, std::optional<double>& value, const char* what,
                               double OptimizerConfig::*field, bool (*uses)(OptimizerKind), const char* range,
                               const CLI::Validator& check) {
        cmd.add_option(flag, value, cat(what, " of ", users_text(uses), ", ", range, " (", defaults_text(field, uses), ")"))
            ->check(check);
    };
    add_hyper("--momentum", f.momentum, "Momentum μ", &OptimizerConfig::momentum, uses_momentum, "in [0, 1)", kUnitInterval);
    add_hyper("--rho", f.rho, "Decay ρ", &OptimizerConfig::rho, uses_rho, "in [0, 1)", kUnitInterval);
    add_hyper("--beta1", f.beta1, "β₁", &OptimizerConfig::beta1, uses_betas, "in [0, 1)", kUnitInterval);
    add_hyper("--beta2", f.beta2, "β₂", &OptimizerConfig::beta2, uses_betas, "in [0, 1)", kUnitInterval);
    add_hyper("--eps", f.epsilon, "ε", &OptimizerConfig::epsilon, uses_epsilon, "> 0", kPositiveFinite);
}

void check_optimizer_flags(const OptimizerFlags& f) {
    const auto refuse_unused = [&](const std::optional<double>& value, const char* flag, bool (*uses)(OptimizerKind)) {
        if (value && !uses(f.kind))
            bad_flag(flag, ": the ", to_string(f.kind), " optimizer does not use it (", users_text(uses), " do)");
    };
    refuse_unused(f.momentum, "--momentum", uses_momentum);
    refuse_unused(f.rho, "--rho", uses_rho);
    refuse_unused(f.beta1, "--beta1", uses_betas);
    refuse_unused(f.beta2, "--beta2", uses_betas);
    refuse_unused(f.epsilon, "--eps", uses_epsilon);
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

const char* const kPrecisionHelp =
    "Arithmetic of the matrix products: fp32, or bf16 (operands rounded to bfloat16, sums in float32, on CPUs with "
    "AVX-512 BF16; weights, optimizer state, losses and model files stay float32; docs/bf16.md) (default fp32)";

void use_precision(const std::string& value) {
    if (value == "bf16") {
        if (const std::string why = bf16_unsupported_reason(); !why.empty())
            fail("--precision bf16: ", why, "; use --precision fp32");
        set_precision(Precision::bf16);
    } else if (value == "fp32") {
        set_precision(Precision::fp32);
    } else {
        fail("--precision: \"", value, "\" is not fp32 or bf16");
    }
}

void add_precision_option(CLI::App& cmd) {
    cmd.add_option_function<std::string>("--precision", use_precision, kPrecisionHelp)
        ->check(CLI::IsMember({"fp32", "bf16"}));
}

}  // namespace neurite::cli
