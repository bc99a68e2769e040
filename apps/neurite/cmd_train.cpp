// neurite train: train a network on MNIST, a scikit-learn table or a CSV
// file, with progress, history, plot, checkpoints and a saved model.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "data_source.hpp"
#include "neurite/core/atomic_file.hpp"
#include "neurite/core/error.hpp"
#include "neurite/io/model_file.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/train/progress.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite::cli {
namespace {

struct TrainArgs {
    DataOptions data;
    std::string model;  // JSON spec of the architecture
    std::string init_from;  // a JSON spec with weights or a model file to start from
    std::vector<std::size_t> hidden = {256, 128};
    std::string activation = "relu";
    double dropout = 0.0;
    std::string scale = "auto";
    std::size_t epochs = 15;
    std::size_t batch_size = 64;
    std::string optimizer = "adam";
    double lr = 1e-3;
    double momentum = 0.9;
    double weight_decay = 0.0;
    std::string loss = "auto";
    std::string schedule = "cosine";
    std::size_t lr_step = 10;
    double lr_gamma = 0.1;
    std::size_t plateau_patience = 0;
    double clip_norm = 0.0;
    std::size_t early_stopping = 0;
    double validation_split = 0.1;
    std::vector<float> class_weights;
    std::uint64_t seed = 42;
    std::string out;
    std::size_t checkpoint_every = 1;
    bool resume = false;
    bool quiet = false;
    std::string config;
};

Preprocessing make_preprocessing(const std::string& scale, const TrainTest& data, bool mnist) {
    const std::size_t d = data.train.features.cols();
    std::string kind = scale;
    if (kind == "auto") kind = mnist ? "unit" : "standardize";
    if (kind == "none") return {};
    if (kind == "unit") return fit_fixed_range(d, 0.0, 255.0, 0.0, 1.0);
    if (kind == "unit_offset") return fit_fixed_range(d, 0.0, 255.0, 0.01, 1.0);
    if (kind == "minmax") return fit_minmax(data.train.features.view());
    return fit_standardize(data.train.features.view());
}

Loss pick_loss(const std::string& name, const Dataset& train) {
    if (name != "auto") return parse_loss(name);
    if (!train.is_classification()) return Loss::mse;
    return train.targets.cols() == 1 ? Loss::binary_cross_entropy : Loss::categorical_cross_entropy;
}

// A two-class problem may also be learned by one sigmoid output, P(class 1)
// (the playground's binary networks): then the targets are that one column.
bool one_output_for_two_classes(const Sequential& net, const Dataset& train) {
    return train.classes == 2 && net.output_size() == 1;
}

void check_outputs(const std::string& what, const Sequential& net, const Dataset& train) {
    const std::size_t out = train.targets.cols();
    if (net.output_size() == out || one_output_for_two_classes(net, train)) return;
    fail(what, ": the model has ", net.output_size(), " outputs but the data needs ", out,
         out > 2 && net.output_size() == 1 ? " (one output per class)" : "");
}

void use_one_output(Dataset& d) {
    Matrix t(d.size(), 1);
    for (std::size_t r = 0; r < d.size(); ++r) t(r, 0) = static_cast<float>(d.labels[r]);
    d.targets = std::move(t);
}

// The network of --hidden/--activation/--dropout as a spec (for the memory
// check; the network itself is built layer by layer below).
ModelSpec spec_of_flags(const TrainArgs& a, std::size_t in, std::size_t out, bool classification) {
    ModelSpec spec;
    spec.input = in;
    const Activation act = parse_activation(a.activation);
    const auto layer = [&](LayerType type, std::size_t units, Activation activation, double rate) {
        LayerSpec l;
        l.type = type;
        l.units = units;
        l.activation = activation;
        l.rate = rate;
        spec.layers.push_back(l);
    };
    for (const std::size_t units : a.hidden) {
        layer(LayerType::dense, units, act, 0.0);
        if (a.dropout > 0.0) layer(LayerType::dropout, 0, Activation::identity, a.dropout);
    }
    layer(LayerType::dense, out, Activation::identity, 0.0);
    if (classification) layer(LayerType::activation, 0, Activation::softmax, 0.0);
    return spec;
}

// The network and weights of --init-from: a model file (*.nrm) or a JSON
// spec with weights on every dense layer (the playground's export).
Sequential initial_network(const TrainArgs& a, const Dataset& train, std::size_t slots) {
    const std::size_t in = train.features.cols();
    const std::string& file = a.init_from;
    if (!std::filesystem::exists(file)) fail("--init-from: ", file, ": no such file");
    ModelSpec spec;
    std::optional<ModelFile> model_file;
    if (is_model_file(file)) {
        model_file = load_model_file(file);
        spec = model_file->spec;
    } else {
        spec = load_model_spec(file);
        for (std::size_t i = 0; i < spec.layers.size(); ++i) {
            const LayerSpec& l = spec.layers[i];
            if (l.type == LayerType::dense && !l.weights)
                fail(file, ": layers[", i, "] has no weights (--init-from starts from trained weights; "
                     "--model takes an architecture alone)");
        }
    }
    if (spec.input != in)
        fail("--init-from: ", file, ": the model takes ", spec.input, " inputs but the data has ", in, " features");
    check_training_memory(spec, a.batch_size, slots, file);
    Sequential net = model_file ? network_of(*model_file) : build_network<float>(spec, a.seed);
    check_outputs(cat("--init-from: ", file), net, train);
    return net;
}

Sequential make_network(const TrainArgs& a, const Dataset& train) {
    const std::size_t in = train.features.cols();
    const std::size_t out = train.targets.cols();
    const std::size_t slots = Optimizer::slots(parse_optimizer(a.optimizer));
    if (!a.init_from.empty()) return initial_network(a, train, slots);
    if (!a.model.empty()) {
        const ModelSpec spec = load_model_spec(a.model);
        if (spec.input != in)
            fail(a.model, ": the model takes ", spec.input, " inputs but the data has ", in, " features");
        // Refused before anything big is allocated when it cannot fit.
        check_training_memory(spec, a.batch_size, slots, a.model);
        Sequential net = build_network<float>(spec, a.seed);
        check_outputs(a.model, net, train);
        return net;
    }
    check_training_memory(spec_of_flags(a, in, out, train.is_classification()), a.batch_size, slots, "--hidden");
    const Activation act = parse_activation(a.activation);
    Sequential net(in);
    for (std::size_t units : a.hidden) {
        net.dense(units, act);
        if (a.dropout > 0.0) net.dropout(a.dropout, a.seed + units);
    }
    net.dense(out);
    if (train.is_classification()) net.softmax();
    net.build();
    Rng rng(a.seed);
    net.init(rng);
    return net;
}

std::string architecture_text(const Sequential& net) {
    std::string s = std::to_string(net.input_size());
    for (std::size_t i = 0; i < net.size(); ++i)
        if (net.layer(i).kind() == LayerKind::dense) s += "-" + std::to_string(net.layer_output_size(i));
    return s;
}

// history.csv, history.json and curves.svg, each replaced atomically.
void write_history(const std::filesystem::path& out, const History& history, const std::string& title) {
    write_file_atomic(out / "history.csv", history.to_csv());
    write_file_atomic(out / "history.json", history.to_json());
    write_file_atomic(out / "curves.svg", history.to_svg(title));
}

// Rewrites the history files at checkpoints, so a run that is killed or
// diverges leaves the history up to (about) its last checkpoint next to it.
// Each write flushes three files to disk; on runs of very short epochs they
// are skipped while less than ten times the last write's duration has passed
// since it, so they add at most about a tenth to the training time.
class HistoryWriter : public TrainCallback {
public:
    HistoryWriter(std::filesystem::path out, std::string title) : out_(std::move(out)), title_(std::move(title)) {}
    void on_checkpoint(std::size_t /*epoch*/, const History& history) override {
        using Clock = std::chrono::steady_clock;
        const auto start = Clock::now();
        if (written_ && start - last_end_ < 10 * last_cost_) return;
        write_history(out_, history, title_);
        written_ = true;
        last_end_ = Clock::now();
        last_cost_ = last_end_ - start;
    }

private:
    std::filesystem::path out_;
    std::string title_;
    bool written_ = false;
    std::chrono::steady_clock::time_point last_end_;
    std::chrono::steady_clock::duration last_cost_{};
};

void run_train(const TrainArgs& a) {
    const bool mnist = a.data.csv.empty() && a.data.dataset == "mnist";
    TrainTest data = load_train_test(a.data);
    const Preprocessing pre = make_preprocessing(a.scale, data, mnist);
    pre.apply(data.train.features.view());
    pre.apply(data.test.features.view());

    Dataset train = std::move(data.train);
    Dataset validation;
    if (a.validation_split > 0.0) {
        Rng split_rng(a.seed ^ 0x76616cULL);
        auto [t, v] = split(train, a.validation_split, split_rng, train.is_classification());
        train = std::move(t);
        validation = std::move(v);
    }

    Sequential net = make_network(a, train);
    if (one_output_for_two_classes(net, train)) {
        use_one_output(train);
        if (validation.size() > 0) use_one_output(validation);
        use_one_output(data.test);
    }
    TrainConfig cfg;
    cfg.epochs = a.epochs;
    cfg.batch_size = a.batch_size;
    cfg.seed = a.seed;
    cfg.loss = pick_loss(a.loss, train);
    cfg.optimizer.kind = parse_optimizer(a.optimizer);
    cfg.optimizer.learning_rate = a.lr;
    cfg.optimizer.momentum = a.momentum;
    cfg.optimizer.weight_decay = a.weight_decay;
    if (cfg.optimizer.kind == OptimizerKind::adadelta) cfg.optimizer.epsilon = 1e-6;
    cfg.schedule.kind = parse_schedule(a.schedule);
    cfg.schedule.step_size = a.lr_step;
    cfg.schedule.gamma = a.lr_gamma;
    cfg.schedule.period = a.epochs;
    if (a.plateau_patience > 0) cfg.plateau = PlateauConfig{0.1, a.plateau_patience, 0.0};
    cfg.clip_norm = a.clip_norm;
    cfg.class_weights = a.class_weights;
    cfg.early_stopping.patience = a.early_stopping;
    cfg.preprocessing = pre;

    const std::filesystem::path out =
        a.out.empty() ? std::filesystem::path("out") / (a.data.csv.empty() ? a.data.dataset : "csv")
                      : std::filesystem::path(a.out);
    cfg.checkpoint = out / "checkpoint.nrm";
    if (a.resume && !std::filesystem::exists(cfg.checkpoint))
        fail("--resume: no checkpoint at ", cfg.checkpoint.string());
    {
        std::error_code ec;
        std::filesystem::create_directories(out, ec);
        if (ec) fail(out.string(), ": cannot create the output folder: ", ec.message());
    }
    cfg.checkpoint_every = a.checkpoint_every;

    std::printf("data: %s\n", data.description.c_str());
    std::printf("model: %s (%zu parameters), %s, loss %s, %s lr %g, batch %zu, %zu epochs, seed %llu\n",
                architecture_text(net).c_str(), net.param_count(), a.activation.c_str(),
                std::string(to_string(cfg.loss)).c_str(), a.optimizer.c_str(), a.lr, a.batch_size, a.epochs,
                static_cast<unsigned long long>(a.seed));
    if (validation.size() > 0) std::printf("validation: %zu rows split off the training set\n", validation.size());
    if (!a.init_from.empty()) std::printf("initialized from %s\n", a.init_from.c_str());

    Trainer trainer(net, cfg);
    if (a.resume) {
        trainer.resume_from(cfg.checkpoint);
        std::printf("resumed from %s\n", cfg.checkpoint.string().c_str());
    }
    ProgressPrinter progress(stdout, !a.quiet && isatty(fileno(stdout)) != 0);
    trainer.add_callback(progress);
    const std::string title = mnist               ? std::string("MNIST")
                              : a.data.csv.empty() ? a.data.dataset
                                                   : std::filesystem::path(a.data.csv).filename().string();
    HistoryWriter history_writer(out, title);
    trainer.add_callback(history_writer);
    std::fflush(stdout);
    const History history = trainer.fit(train, validation.size() > 0 ? &validation : nullptr);

    const Evaluation test = evaluate(net, data.test, cfg.loss);
    save_model_file(out / "model.nrm", model_file_of(net, pre, data.test.class_names));
    write_history(out, history, title);

    double seconds = 0;
    for (const auto& e : history.epochs) seconds += e.seconds;
    std::printf("\ntraining: %s, %zu epochs in %.1f s\n", history.stop_reason.c_str(), history.epochs.size(), seconds);
    if (std::isfinite(test.accuracy)) {
        std::printf("test accuracy: %.2f%% (%zu of %zu), test loss %.4f\n", 100.0 * test.accuracy,
                    static_cast<std::size_t>(std::lround(test.accuracy * static_cast<double>(data.test.size()))),
                    data.test.size(), test.loss);
    } else {
        std::printf("test loss: %.6g\n", test.loss);
    }
    std::printf("model:      %s\n", (out / "model.nrm").string().c_str());
    std::printf("history:    %s, %s\n", (out / "history.csv").string().c_str(), (out / "history.json").string().c_str());
    std::printf("plot:       %s\n", (out / "curves.svg").string().c_str());
    std::printf("checkpoint: %s\n", cfg.checkpoint.string().c_str());
}

}  // namespace

void add_train(CLI::App& app) {
    auto a = std::make_shared<TrainArgs>();
    auto* cmd = app.add_subcommand("train", "Train a network (default: a 784-256-128-10 ReLU MLP on MNIST with Adam)");
    add_data_options(*cmd, a->data);
    auto* model = cmd->add_option("--model", a->model, "JSON model spec of the architecture (default: --hidden/--activation)");
    auto* init_from = cmd->add_option("--init-from", a->init_from,
                                      "Start from the weights of a model file (.nrm) or a JSON spec with weights "
                                      "(e.g. exported from the playground)");
    init_from->excludes(model);
    cmd->add_option("--hidden", a->hidden, "Hidden layer sizes, e.g. --hidden 256,128")->delimiter(',');
    cmd->add_option("--activation", a->activation, "Hidden activation (relu, tanh, sigmoid, elu, leaky_relu, …)");
    cmd->add_option("--dropout", a->dropout, "Dropout rate after each hidden layer")->check(CLI::Range(0.0, 0.95));
    cmd->add_option("--scale", a->scale, "Input scaling: auto, none, unit (0..255 to 0..1), unit_offset (to 0.01..1), minmax, standardize")
        ->check(CLI::IsMember({"auto", "none", "unit", "unit_offset", "minmax", "standardize"}));
    cmd->add_option("--epochs", a->epochs, "Training epochs")->check(CLI::Range(1, 100000));
    cmd->add_option("--batch-size", a->batch_size, "Mini-batch size (1 = per-sample SGD)")->check(CLI::Range(1, 10000000));
    cmd->add_option("--optimizer", a->optimizer, "sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw");
    cmd->add_option("--lr", a->lr, "Learning rate")->check(CLI::PositiveNumber);
    cmd->add_option("--momentum", a->momentum, "Momentum (momentum, nesterov)")->check(CLI::Range(0.0, 0.9999));
    cmd->add_option("--weight-decay", a->weight_decay, "L2 weight decay λ")->check(CLI::NonNegativeNumber);
    cmd->add_option("--loss", a->loss, "Loss (auto: cross-entropy for classes, mse for regression)");
    cmd->add_option("--schedule", a->schedule, "Learning-rate schedule: constant, step, exponential, cosine");
    cmd->add_option("--lr-step", a->lr_step, "Epochs per step of the step schedule")->check(CLI::Range(1, 100000));
    cmd->add_option("--lr-gamma", a->lr_gamma, "Factor of the step/exponential schedules")->check(CLI::PositiveNumber);
    cmd->add_option("--plateau-patience", a->plateau_patience, "Divide the rate by 10 after this many epochs without improvement (0: off)");
    cmd->add_option("--clip-norm", a->clip_norm, "Clip the gradient's global L2 norm (0: off)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--early-stopping", a->early_stopping, "Stop after this many epochs without improvement and restore the best weights (0: off)");
    cmd->add_option("--validation-split", a->validation_split, "Fraction of the training set held out for validation")
        ->check(CLI::Range(0.0, 0.9));
    cmd->add_option("--class-weights", a->class_weights, "Per-class loss weights, e.g. 1,1,2")->delimiter(',');
    cmd->add_option("--seed", a->seed, "Seed for initialization, shuffling and splits");
    cmd->add_option("--out", a->out, "Output folder (default: out/DATASET)");
    cmd->add_option("--checkpoint-every", a->checkpoint_every, "Epochs between checkpoints")->check(CLI::Range(1, 100000));
    cmd->add_flag("--resume", a->resume, "Continue from OUT/checkpoint.nrm")->excludes(init_from);
    cmd->add_flag("-q,--quiet", a->quiet, "One line per epoch, no progress bar");
    cmd->add_option("--config", a->config, "JSON file of options (keys are the long option names; flags given on the command line win)");
    cmd->callback([a] { run_train(*a); });
}

std::vector<std::string> expand_config(const std::vector<std::string>& args) {
    // neurite [global options] train ... --config FILE ...: the file's
    // options are inserted right after "train", so later command-line
    // flags override them.
    std::vector<std::string> out;
    std::size_t train_at = args.size();
    std::string file;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "train" && train_at == args.size()) train_at = i;
        if (train_at < i && args[i] == "--config" && i + 1 < args.size()) file = args[i + 1];
        if (train_at < i && args[i].rfind("--config=", 0) == 0) file = args[i].substr(9);
    }
    if (file.empty()) return args;
    std::ifstream in(file);
    if (!in) fail(file, ": cannot open the config file");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        fail(file, ": not valid JSON (", e.what(), ")");
    }
    if (!j.is_object()) fail(file, ": the config must be a JSON object of option names and values");
    std::vector<std::string> inserted;
    for (const auto& [key, value] : j.items()) {
        if (key == "config") fail(file, ": a config file cannot name another config file");
        const std::string flag = "--" + key;
        if (value.is_boolean()) {
            if (value.get<bool>()) inserted.push_back(flag);
        } else if (value.is_array()) {
            std::string joined;
            for (const auto& v : value) joined += (joined.empty() ? "" : ",") + (v.is_string() ? v.get<std::string>() : v.dump());
            inserted.push_back(flag + "=" + joined);
        } else if (value.is_string()) {
            inserted.push_back(flag + "=" + value.get<std::string>());
        } else if (value.is_number()) {
            inserted.push_back(flag + "=" + value.dump());
        } else {
            fail(file, ": option \"", key, "\" must be a number, string, boolean or array");
        }
    }
    out.assign(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(train_at) + 1);
    out.insert(out.end(), inserted.begin(), inserted.end());
    out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(train_at) + 1, args.end());
    return out;
}

}  // namespace neurite::cli
