// The network of the architecture flags, shared by train and search.
//
// --hidden/--activation/--dropout, --model SPEC and --init-from FILE all
// become one ModelSpec for the data at hand; the memory check and the build
// both use that spec, so the architecture is described once. Files are read
// when the builder is made, before any data, so a typo in a spec is reported
// at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "neurite/data/dataset.hpp"
#include "neurite/io/model_file.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/nn/init.hpp"

namespace neurite::cli {

struct ArchitectureOptions {
    std::string model;      // --model: JSON spec of the architecture
    std::string init_from;  // --init-from: a model file or a JSON spec with weights
    std::vector<std::size_t> hidden = {256, 128};
    Activation activation = Activation::relu;
    double dropout = 0.0;
    double input_dropout = 0.0;  // a dropout layer on the inputs, before the first dense layer
    std::optional<InitKind> init;  // --init of the hidden layers; empty: each activation's default
};

// Registers --model, --init-from, --hidden, --activation, --dropout,
// --input-dropout and --init (--init-from and --model exclude each other). `hidden_example` shows in
// --hidden's help (e.g. "256,128").
void add_architecture_options(CLI::App& cmd, ArchitectureOptions& options, const std::string& hidden_example);

class NetworkBuilder {
public:
    // Reads and checks the files --model or --init-from name.
    explicit NetworkBuilder(const ArchitectureOptions& options);

    // The architecture for data of `inputs` features and `outputs` target
    // columns (plus a softmax output for classes, for --hidden).
    ModelSpec spec(std::size_t inputs, std::size_t outputs, bool classification) const;

    // Refuses a network that would not fit in memory, then builds the spec's
    // network, initialized from `seed` or with the --init-from weights, and
    // checks that its outputs fit the data.
    Sequential build(const Dataset& train, std::size_t batch_size, std::size_t optimizer_slots,
                     std::uint64_t seed) const;

    // What the architecture comes from, for messages: "--hidden", the
    // --model file or the --init-from file.
    std::string source() const;

    // Replaces --hidden's layers and --init (the defaults a command picks
    // for its data when neither flag was given).
    void use_hidden(std::vector<std::size_t> hidden, std::optional<InitKind> init);

private:
    ArchitectureOptions options_;
    std::optional<ModelSpec> file_spec_;   // --model, or --init-from's architecture
    std::optional<ModelFile> model_file_;  // --init-from a model file
};

// A two-class problem may also be learned by one sigmoid output, P(class 1)
// (the playground's binary networks): then the targets are that one column.
bool one_output_for_two_classes(const Sequential& net, const Dataset& train);
// Replaces the one-hot targets by the class (0 or 1) in one column.
void use_one_output(Dataset& d);

// "784-256-128-10": the inputs and each dense layer's units.
std::string architecture_text(const Sequential& net);
// The hidden layers' activations as built: "relu" when all share one, else
// one per hidden layer ("tanh/relu"); "no hidden layer" when there is none.
std::string hidden_activations_text(const Sequential& net);

}  // namespace neurite::cli
