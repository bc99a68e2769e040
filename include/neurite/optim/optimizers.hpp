// The optimizers neurite has: the one list a new optimizer is added to.
//
// Each optimizer is a registration (optim/registry.hpp: its name, update,
// state slots, defaults and the hyper-parameters it reads) defined next to
// its update in src/optim/<name>.cpp. Adding one takes three edits in this
// file — a value of OptimizerKind, the declaration of its registration, its
// place in kOptimizerRegistrations — plus its own source file and its test
// (docs/architecture.md, "Adding an optimizer"). Everything else (parsing
// and printing names, default_config, Optimizer::slots, the step, the CLI's
// flags and help, the playground's menu) reads the registrations.
//
// The list is written out here, not collected by static constructors in each
// source file: a registration that only registers itself would be dropped by
// the linker from the static library (and the WebAssembly build), which
// nothing else would notice until a user asked for that optimizer.
#pragma once

namespace neurite {

enum class OptimizerKind { sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw };

struct OptimizerRegistration;  // optim/registry.hpp

namespace optimizers {
// Defined in src/optim/<name>.cpp (nesterov with momentum in momentum.cpp,
// adamw with adam in adam.cpp: each pair shares one body).
extern const OptimizerRegistration sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw;
}  // namespace optimizers

// In OptimizerKind order: registration(kind) indexes it, and
// src/optim/registry.cpp refuses a list out of that order at its first use.
inline constexpr const OptimizerRegistration* kOptimizerRegistrations[] = {
    &optimizers::sgd,     &optimizers::momentum, &optimizers::nesterov, &optimizers::adagrad,
    &optimizers::rmsprop, &optimizers::adadelta, &optimizers::adam,     &optimizers::adamw,
};

}  // namespace neurite
