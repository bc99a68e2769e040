// Command-line flags shared by the commands: named values (optimizer,
// activation, loss, schedule) turned into the library's enums while the
// command line is parsed, and the optimizer's hyper-parameters.
//
// Every value a flag can be wrong about is checked before a command reads any
// data, so `neurite train --optimizer adm` says so at once instead of after
// loading MNIST. A bad value is a bad command line: one line on stderr naming
// the flag (and the valid values) and exit code 2, as CLI11's own checks give.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "neurite/core/error.hpp"
#include "neurite/nn/loss.hpp"
#include "neurite/optim/optimizer.hpp"

namespace neurite::cli {

// Refuses the command line: main prints "error: MESSAGE (see 'neurite
// --help')" and exits 2. The message starts with the flag it is about.
template <typename... Args>
[[noreturn]] void bad_flag(const Args&... args) {
    throw CLI::ValidationError(cat(args...));
}

// A check accepting exactly the names `parse` accepts; the message for any
// other is parse's own, which lists the valid names.
template <typename E>
CLI::Validator names_check(E (*parse)(std::string_view), std::string also = {}) {
    return CLI::Validator(
        [parse, also](std::string& name) -> std::string {
            if (!also.empty() && name == also) return {};
            try {
                parse(name);
                return {};
            } catch (const Error& e) {
                // The library's list of names (and its "did you mean"), with
                // the word the flag adds.
                std::string message = e.what();
                const std::string list = "expected one of: ";
                if (const auto at = message.find(list); !also.empty() && at != std::string::npos)
                    message.replace(at, list.size(), "expected " + also + " or one of: ");
                return message;
            }
        },
        "");
}

// What the help of a name option adds to the command's own words: for a
// loss, every name and the short names ("…: mse, mae, …; short names ce
// (categorical_cross_entropy), …"). Nothing for the other enums, whose
// commands list their names themselves.
std::string names_help(Loss (*parse)(std::string_view));
template <typename E>
std::string names_help(E (*)(std::string_view)) {
    return {};
}

// An option naming a value of a library enum (--optimizer adam): an unknown
// name is refused while the command line is parsed.
template <typename E>
CLI::Option* add_name_option(CLI::App& cmd, const std::string& flag, E& value, E (*parse)(std::string_view),
                             const std::string& help) {
    return cmd.add_option_function<std::string>(flag, [&value, parse](const std::string& name) { value = parse(name); },
                                                help + names_help(parse))
        ->check(names_check(parse));
}

// The same with a word for "not set" (--loss auto): that word leaves `value` empty.
template <typename E>
CLI::Option* add_name_option(CLI::App& cmd, const std::string& flag, std::optional<E>& value,
                             E (*parse)(std::string_view), const std::string& unset_word, const std::string& help) {
    return cmd
        .add_option_function<std::string>(
            flag,
            [&value, parse, unset_word](const std::string& name) {
                value = name == unset_word ? std::nullopt : std::optional<E>(parse(name));
            },
            help + names_help(parse))
        ->check(names_check(parse, unset_word));
}

// [0, 1), the range of momentum, rho and the betas.
extern const CLI::Validator kUnitInterval;
// > 0 and finite.
extern const CLI::Validator kPositiveFinite;

// The optimizer and those of its hyper-parameters given on the command line;
// the others keep the optimizer's defaults (default_config). Which kinds read
// which one is in their registrations (optim/registry.hpp).
struct OptimizerFlags {
    OptimizerKind kind = OptimizerKind::adam;
    std::optional<double> momentum;  // --momentum
    std::optional<double> rho;       // --rho
    std::optional<double> beta1;     // --beta1
    std::optional<double> beta2;     // --beta2
    std::optional<double> epsilon;   // --eps
};

// The optimizers' names from the registry: "sgd, momentum, …, adamw".
std::string optimizer_names_text();

// The optimizers' defaults of one hyper-parameter for help texts, from the
// registry: "default 0.9" when they agree, else per kind with the commonest
// value last ("default: adagrad 1e-10, adadelta 1e-6, others 1e-8"). `uses`
// picks the kinds that read it; nullptr means every kind.
std::string defaults_text(double OptimizerConfig::*field, bool (*uses)(OptimizerKind) = nullptr);

// Registers --optimizer, --momentum, --rho, --beta1, --beta2 and --eps.
void add_optimizer_options(CLI::App& cmd, OptimizerFlags& flags);

// Refuses a hyper-parameter flag that the chosen optimizer does not use
// (--beta1 with sgd), which would otherwise be ignored without a word.
void check_optimizer_flags(const OptimizerFlags& flags);

// The optimizer's own defaults (the library's default_config: PyTorch's,
// docs/optimizers-and-losses.md) with the flags given applied, and the
// learning rate and weight decay when given (else the optimizer's own).
OptimizerConfig optimizer_config(const OptimizerFlags& flags, std::optional<double> learning_rate,
                                 std::optional<double> weight_decay);

// "adam lr 0.001" (without a rate: "adam"), followed by the
// hyper-parameters given by flags ("adam lr 0.001 beta2 0.99"), for the
// commands' header lines.
std::string optimizer_text(const OptimizerFlags& flags, std::optional<double> learning_rate = std::nullopt);

// Registers --precision fp32|bf16 (kernels/backend.hpp's Precision): the
// arithmetic of the matrix products, set as soon as the flag is read; bf16
// on a CPU without it fails naming the flag and the reason.
void add_precision_option(CLI::App& cmd);
// What --precision VALUE does (fp32 or bf16), and its help text.
void use_precision(const std::string& value);
extern const char* const kPrecisionHelp;

}  // namespace neurite::cli
