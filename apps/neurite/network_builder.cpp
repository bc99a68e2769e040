#include "network_builder.hpp"

#include <filesystem>

#include "flags.hpp"
#include "neurite/core/error.hpp"
#include "onnx_import.hpp"

namespace neurite::cli {

void add_architecture_options(CLI::App& cmd, ArchitectureOptions& o, const std::string& hidden_example) {
    auto* model = cmd.add_option("--model", o.model, "JSON model spec of the architecture (default: --hidden/--activation)");
    cmd.add_option("--init-from", o.init_from,
                   "Start from the weights of a model file (.nrm), a JSON spec with weights "
                   "(e.g. exported from the playground) or an ONNX file (.onnx)")
        ->excludes(model);
    cmd.add_option("--hidden", o.hidden, "Hidden layer sizes, e.g. --hidden " + hidden_example)
        ->delimiter(',')
        ->check(CLI::Range(1, 1000000));
    add_name_option(cmd, "--activation", o.activation, parse_activation,
                    "Hidden activation (relu, tanh, sigmoid, elu, leaky_relu, …)");
    cmd.add_option("--dropout", o.dropout, "Dropout rate after each hidden layer")->check(CLI::Range(0.0, 0.95));
    cmd.add_option("--input-dropout", o.input_dropout,
                   "Dropout rate of the inputs (a dropout layer before the first dense layer; e.g. 0.2 as in "
                   "Srivastava et al. 2014)")
        ->check(CLI::Range(0.0, 0.95));
    cmd.add_option_function<std::string>(
           "--init",
           [&o](const std::string& name) {
               o.init = name == "auto" ? std::nullopt : std::optional<InitKind>(parse_init(name));
           },
           "Weights of the hidden layers: auto (he_uniform before relu-like activations, else xavier_uniform), "
           "xavier_uniform, xavier_normal, he_uniform, he_normal, lecun_uniform, lecun_normal")
        ->check(CLI::IsMember(
            {"auto", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal"}));
}

void NetworkBuilder::use_hidden(std::vector<std::size_t> hidden, std::optional<InitKind> init) {
    options_.hidden = std::move(hidden);
    options_.init = init;
}

NetworkBuilder::NetworkBuilder(const ArchitectureOptions& options) : options_(options) {
    if (options_.input_dropout > 0.0 && (!options_.init_from.empty() || !options_.model.empty()))
        bad_flag("--input-dropout adds a layer to the network of --hidden; with ",
             options_.model.empty() ? "--init-from" : "--model", " write a dropout layer into the spec instead");
    if (!options_.init_from.empty()) {
        // A model file (*.nrm) or a JSON spec with weights on every dense
        // layer (the playground's export).
        const std::string& file = options_.init_from;
        if (!std::filesystem::exists(file)) fail("--init-from: ", file, ": no such file");
        if (is_model_file(file)) {
            model_file_ = load_model_file(file);
            file_spec_ = model_file_->spec;
        } else {
            file_spec_ = is_onnx_path(file) ? load_onnx_model(file) : load_model_spec(file);
            for (std::size_t i = 0; i < file_spec_->layers.size(); ++i) {
                const LayerSpec& l = file_spec_->layers[i];
                if (l.type == "dense" && !l.weights)
                    fail(file, ": layers[", i, "] has no weights (--init-from starts from trained weights; "
                         "--model takes an architecture alone)");
            }
        }
    } else if (!options_.model.empty()) {
        file_spec_ = load_model_spec(options_.model);
    }
}

std::string NetworkBuilder::source() const {
    if (!options_.init_from.empty()) return options_.init_from;
    if (!options_.model.empty()) return options_.model;
    return "--hidden";
}

ModelSpec NetworkBuilder::spec(std::size_t inputs, std::size_t outputs, bool classification) const {
    if (file_spec_) {
        if (file_spec_->input != inputs)
            fail(options_.init_from.empty() ? "" : "--init-from: ", source(), ": the model takes ", file_spec_->input,
                 " inputs but the data has ", inputs, " features");
        ModelSpec s = *file_spec_;
        // A network ending in log_softmax (PyTorch's LogSoftmax for NLLLoss)
        // trains as softmax + cross-entropy: the same loss, the same classes.
        if (classification && !s.layers.empty() && s.layers.back().activation == Activation::log_softmax)
            s.layers.back().activation = Activation::softmax;
        return s;
    }
    ModelSpec spec;
    spec.input = inputs;
    const auto layer = [&](std::string_view type, std::size_t units, Activation activation, double rate) {
        LayerSpec l;
        l.type = std::string(type);
        l.units = units;
        l.activation = activation;
        l.rate = rate;
        spec.layers.push_back(l);
    };
    if (options_.input_dropout > 0.0) layer("dropout", 0, Activation::identity, options_.input_dropout);
    for (const std::size_t units : options_.hidden) {
        layer("dense", units, options_.activation, 0.0);
        if (options_.init) spec.layers.back().weight_init = Initializer::of(*options_.init);
        if (options_.dropout > 0.0) layer("dropout", 0, Activation::identity, options_.dropout);
    }
    layer("dense", outputs, Activation::identity, 0.0);
    if (classification) layer("activation", 0, Activation::softmax, 0.0);
    return spec;
}

Sequential NetworkBuilder::build(const Dataset& train, std::size_t batch_size, std::size_t optimizer_slots,
                                 std::uint64_t seed) const {
    const ModelSpec s = spec(train.features.cols(), train.targets.cols(), train.is_classification());
    // Refused before anything big is allocated when it cannot fit.
    check_training_memory(s, batch_size, optimizer_slots, source());
    Sequential net = model_file_ ? network_of(*model_file_) : build_network<float>(s, seed);
    const std::size_t out = train.targets.cols();
    if (net.output_size() != out && !one_output_for_two_classes(net, train))
        fail(options_.init_from.empty() ? "" : "--init-from: ", source(), ": the model has ", net.output_size(),
             " outputs but the data needs ", out, out > 2 && net.output_size() == 1 ? " (one output per class)" : "");
    return net;
}

bool one_output_for_two_classes(const Sequential& net, const Dataset& train) {
    return train.classes == 2 && net.output_size() == 1;
}

void use_one_output(Dataset& d) {
    Matrix t(d.size(), 1);
    for (std::size_t r = 0; r < d.size(); ++r) t(r, 0) = static_cast<float>(d.labels[r]);
    d.targets = std::move(t);
}

std::string architecture_text(const Sequential& net) {
    std::string s = std::to_string(net.input_size());
    for (std::size_t i = 0; i < net.size(); ++i)
        if (net.layer(i).type() == "dense") s += "-" + std::to_string(net.layer_output_size(i));
    return s;
}

std::string hidden_activations_text(const Sequential& net) {
    // One entry per dense layer: its activation, or that of the activation
    // layers after it (a dense layer without one followed by softmax, or a
    // spec's separate activation layer).
    std::vector<std::string> per_dense;
    for (const LayerSpec& l : spec_of(net, false).layers) {
        if (l.type == "dense") {
            per_dense.emplace_back(to_string(l.activation));
        } else if (l.type == "activation" && !per_dense.empty()) {
            std::string& a = per_dense.back();
            a = a == "identity" ? std::string(to_string(l.activation)) : a + "+" + std::string(to_string(l.activation));
        }
    }
    if (per_dense.size() <= 1) return "no hidden layer";
    per_dense.pop_back();  // the output layer
    std::string all = per_dense.front();
    bool same = true;
    for (std::size_t i = 1; i < per_dense.size(); ++i) {
        same = same && per_dense[i] == per_dense.front();
        all += "/" + per_dense[i];
    }
    return same ? per_dense.front() : all;
}

}  // namespace neurite::cli
