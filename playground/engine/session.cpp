// The playground's engine over the neurite library (see session.hpp).
#include "session.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <string_view>
#include <utility>

#include "neurite/core/error.hpp"
#include "neurite/core/rng.hpp"
#include "neurite/data/batches.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/nn/activation.hpp"
#include "neurite/nn/activation_layer.hpp"
#include "neurite/nn/dense.hpp"
#include "neurite/nn/diagnostics.hpp"
#include "neurite/nn/loss.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/optim/optimizer.hpp"
#include "neurite/optim/registry.hpp"
#include "neurite/tensor/matrix.hpp"
#include "neurite/train/epoch.hpp"
#include "neurite/train/metrics.hpp"
#include "neurite/train/step.hpp"

namespace neurite::playground {
namespace {

using json = nlohmann::json;

enum class Problem { binary, multiclass, regression };
enum class Regularization { none, l1, l2 };

struct Config {
    std::vector<std::size_t> hidden{4, 2};
    std::vector<Activation> activations{Activation::tanh, Activation::tanh};  // one per hidden layer
    Problem problem = Problem::binary;
    std::size_t classes = 2;
    OptimizerKind optimizer = OptimizerKind::sgd;
    double learning_rate = 0.03;
    std::size_t batch_size = 10;
    Regularization regularization = Regularization::none;
    double regularization_rate = 0.0;
    double dropout = 0.0;
    std::uint64_t seed = 1;
};

// Sizes the page may ask for: generous (the TF playground stops at 8 × 6),
// but a typo of 1e9 units is an error, not an out-of-memory crash.
constexpr std::size_t kMaxUnits = 4096;
constexpr std::size_t kMaxLayers = 64;
constexpr std::size_t kMaxClasses = 1000;

[[noreturn]] void bad(std::string_view key, const std::string& what) {
    fail("playground config: \"", key, "\": ", what);
}

std::string shown(const json& v) { return v.dump(); }

std::size_t positive_int(const json& v, std::string_view key, std::size_t max) {
    if (!v.is_number_integer() || v.get<long long>() < 1 || std::uint64_t(v.get<long long>()) > max)
        bad(key, cat("must be an integer from 1 to ", max, ", got ", shown(v)));
    return std::size_t(v.get<long long>());
}

double number_in(const json& v, std::string_view key, double lo, double hi, bool hi_open) {
    if (!v.is_number()) bad(key, cat("must be a number, got ", shown(v)));
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < lo || (hi_open ? d >= hi : d > hi))
        bad(key, cat("must be in [", lo, ", ", hi, hi_open ? ")" : "]", ", got ", shown(v)));
    return d;
}

std::string text(const json& v, std::string_view key) {
    if (!v.is_string()) bad(key, cat("must be a string, got ", shown(v)));
    return v.get<std::string>();
}

Activation activation_named(const std::string& name, std::string_view key) {
    if (name == "linear") return Activation::identity;
    Activation a{};
    try {
        a = parse_activation(name);
    } catch (const Error& e) {
        bad(key, e.what());
    }
    if (!is_elementwise(a)) bad(key, cat(to_string(a), " is only for the output layer"));
    return a;
}

Config parse_config(const std::string& text_json) {
    json doc;
    try {
        doc = json::parse(text_json);
    } catch (const json::exception& e) {
        fail("playground config: not valid JSON: ", e.what());
    }
    if (!doc.is_object()) fail("playground config: must be a JSON object, got ", shown(doc));
    static const std::vector<std::string_view> keys = {
        "hidden",     "activation", "activations", "problem",         "classes", "optimizer",
        "learning_rate", "batch_size", "regularization", "regularization_rate", "dropout", "seed"};
    for (const auto& [key, value] : doc.items()) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            std::string list;
            for (auto k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
            bad(key, cat("unknown key (the keys are ", list, ")"));
        }
    }
    Config c;
    if (doc.contains("hidden")) {
        const json& h = doc["hidden"];
        if (!h.is_array()) bad("hidden", cat("must be an array of layer sizes, got ", shown(h)));
        if (h.size() > kMaxLayers) bad("hidden", cat("at most ", kMaxLayers, " hidden layers, got ", h.size()));
        c.hidden.clear();
        for (std::size_t i = 0; i < h.size(); ++i) c.hidden.push_back(positive_int(h[i], cat("hidden[", i, "]"), kMaxUnits));
    }
    Activation common = Activation::tanh;
    if (doc.contains("activation")) common = activation_named(text(doc["activation"], "activation"), "activation");
    c.activations.assign(c.hidden.size(), common);
    if (doc.contains("activations")) {
        const json& a = doc["activations"];
        if (!a.is_array() || a.size() != c.hidden.size())
            bad("activations", cat("must be an array of ", c.hidden.size(), " activation names (one per hidden layer), got ",
                                   shown(a)));
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string key = cat("activations[", i, "]");
            c.activations[i] = activation_named(text(a[i], key), key);
        }
    }
    bool regression = false;
    if (doc.contains("problem")) {
        const std::string p = text(doc["problem"], "problem");
        if (p == "regression") regression = true;
        else if (p != "classification") bad("problem", cat("must be \"classification\" or \"regression\", got ", shown(doc["problem"])));
    }
    if (doc.contains("classes")) c.classes = positive_int(doc["classes"], "classes", kMaxClasses);
    if (regression) c.problem = Problem::regression;
    else if (c.classes < 2) bad("classes", "classification needs at least 2 classes");
    else c.problem = c.classes == 2 ? Problem::binary : Problem::multiclass;
    if (doc.contains("optimizer")) {
        try {
            c.optimizer = parse_optimizer(text(doc["optimizer"], "optimizer"));
        } catch (const Error& e) {
            bad("optimizer", e.what());
        }
    }
    if (doc.contains("learning_rate")) {
        c.learning_rate = number_in(doc["learning_rate"], "learning_rate", 0.0, 100.0, false);
        if (c.learning_rate <= 0) bad("learning_rate", cat("must be positive, got ", shown(doc["learning_rate"])));
    }
    if (doc.contains("batch_size")) c.batch_size = positive_int(doc["batch_size"], "batch_size", 1u << 20);
    if (doc.contains("regularization")) {
        const std::string r = text(doc["regularization"], "regularization");
        if (r == "none") c.regularization = Regularization::none;
        else if (r == "l1" || r == "L1") c.regularization = Regularization::l1;
        else if (r == "l2" || r == "L2") c.regularization = Regularization::l2;
        else bad("regularization", cat("must be \"none\", \"l1\" or \"l2\", got ", shown(doc["regularization"])));
    }
    if (doc.contains("regularization_rate"))
        c.regularization_rate = number_in(doc["regularization_rate"], "regularization_rate", 0.0, 1e6, false);
    if (doc.contains("dropout")) c.dropout = number_in(doc["dropout"], "dropout", 0.0, 1.0, true);
    if (doc.contains("seed")) {
        const json& s = doc["seed"];
        if (!s.is_number_integer() || (s.is_number_integer() && !s.is_number_unsigned() && s.get<long long>() < 0))
            bad("seed", cat("must be a non-negative integer, got ", shown(s)));
        c.seed = s.get<std::uint64_t>();
    }
    return c;
}

// Reads the per-layer weight-gradient norms (nn/diagnostics) of the last
// batch of an epoch, before any penalty is added: the page's
// vanishing/exploding-gradient bars. Armed with the epoch's batch count, it
// measures on the last call only.
class LastBatchNorms : public GradientStage {
public:
    void arm(std::size_t batches) { remaining_ = batches; }
    bool apply(Sequential& net) override {
        if (remaining_ > 0 && --remaining_ == 0) {
            const std::vector<LayerGradientNorm> norms = gradient_norms(net);
            values.resize(norms.size());
            for (std::size_t i = 0; i < norms.size(); ++i) values[i] = static_cast<float>(norms[i].weight_norm);
        }
        return true;
    }
    std::vector<float> values;

private:
    std::size_t remaining_ = 0;
};

}  // namespace

struct Session::State {
    Config config;
    std::size_t features = 2;  // the playground's x₁, x₂ until data say otherwise
    std::unique_ptr<Sequential> net;
    std::unique_ptr<Optimizer> optimizer;
    // The library's training step with the page's stages: the gradient
    // norms, then the L1/L2 penalty on the weights.
    std::unique_ptr<TrainStep> train_step;
    LastBatchNorms norms;
    std::optional<WeightPenalty> penalty;
    Rng shuffle{1};
    std::optional<BatchIterator> batches;  // over `train`, rebuilt when the data or the batch size change
    std::size_t epoch = 0;

    // Network layer index of each dense layer, and of the layer whose output
    // is that dense layer's output (the sigmoid/softmax after the output layer).
    std::vector<std::size_t> dense_layers;
    std::vector<std::size_t> output_layers;

    std::vector<float> train_y, test_y;  // as given
    Dataset train, test;                 // features and the network's targets
    std::size_t train_rows = 0, test_rows = 0;

    // Losses, accuracies and the confusion matrix, computed when first asked
    // for after a change.
    struct Metrics {
        double train_loss = 0, test_loss = 0, train_acc = 0, test_acc = 0;
        std::vector<std::uint32_t> confusion;
    };
    mutable std::optional<Metrics> metrics;

    std::size_t outputs() const { return config.problem == Problem::multiclass ? config.classes : 1; }
    Loss loss() const {
        switch (config.problem) {
            case Problem::binary: return Loss::binary_cross_entropy;
            case Problem::multiclass: return Loss::categorical_cross_entropy;
            case Problem::regression: return Loss::mse;
        }
        return Loss::mse;
    }

    ModelSpec spec() const {
        ModelSpec s;
        s.input = features;
        for (std::size_t i = 0; i < config.hidden.size(); ++i) {
            LayerSpec d;
            d.units = config.hidden[i];
            d.activation = config.activations[i];
            s.layers.push_back(d);
            if (config.dropout > 0) {
                LayerSpec drop;
                drop.type = "dropout";
                drop.rate = config.dropout;
                s.layers.push_back(drop);
            }
        }
        LayerSpec out;
        out.units = outputs();
        out.activation = config.problem == Problem::multiclass ? Activation::softmax : Activation::identity;
        s.layers.push_back(out);
        // A separate sigmoid layer, so that training goes through the fused,
        // stable binary cross-entropy on logits.
        if (config.problem == Problem::binary) {
            LayerSpec sig;
            sig.type = "activation";
            sig.activation = Activation::sigmoid;
            s.layers.push_back(sig);
        }
        s.seed = config.seed;
        return s;
    }

    void rebuild() {
        const ModelSpec s = spec();
        check_training_memory(s, config.batch_size, Optimizer::slots(config.optimizer), "playground");
        net = std::make_unique<Sequential>(build_network<float>(s, config.seed));
        make_optimizer();
        shuffle = Rng(config.seed ^ 0x73687566666c65ULL);
        batches.reset();
        epoch = 0;
        dense_layers.clear();
        output_layers.clear();
        for (std::size_t i = 0; i < net->size(); ++i) {
            if (net->layer(i).type() != "dense") continue;
            dense_layers.push_back(i);
            std::size_t o = i;
            if (i + 1 < net->size() && net->layer(i + 1).type() == "activation") o = i + 1;
            output_layers.push_back(o);
        }
        norms.values.assign(dense_layers.size(), 0.0f);
        metrics.reset();
    }

    // The optimizer, the training step and its stages for the network as it
    // is (its weights untouched).
    void make_optimizer() {
        OptimizerConfig oc = default_config(config.optimizer);
        oc.learning_rate = config.learning_rate;
        // A kind with decoupled decay (AdamW) uses it as its L2, and only the
        // page's regularization setting turns it on; every other kind gets the
        // L2 term added to the weight gradients by a WeightPenalty stage.
        const bool decoupled = optimizer_registration(config.optimizer).weight_decay == WeightDecay::decoupled;
        oc.weight_decay = decoupled && config.regularization == Regularization::l2 ? config.regularization_rate : 0.0;
        optimizer = std::make_unique<Optimizer>(oc, net->param_count());
        train_step = std::make_unique<TrainStep>(*net, *optimizer, loss());
        train_step->add_stage(norms);
        penalty.reset();
        if (config.regularization == Regularization::l1)
            penalty.emplace(WeightPenalty::Kind::l1, config.regularization_rate);
        else if (config.regularization == Regularization::l2 && !decoupled)
            penalty.emplace(WeightPenalty::Kind::l2, config.regularization_rate);
        if (penalty) train_step->add_stage(*penalty);
    }

    // Checks the labels against the problem and builds the targets (and,
    // for classification, the labels) of both data sets.
    void make_targets() {
        auto targets = [&](const std::vector<float>& y, std::size_t rows, Dataset& d, const char* name) {
            d.targets.resize(rows, outputs());
            d.targets.fill(0.0f);
            d.classes = config.problem == Problem::regression ? 0 : config.classes;
            d.labels.assign(d.classes > 0 ? rows : 0, 0);
            for (std::size_t r = 0; r < rows; ++r) {
                const float v = y[r];
                if (!std::isfinite(v)) fail("playground data: ", name, "[", r, "] is not a finite number");
                if (config.problem == Problem::regression) {
                    d.targets(r, 0) = v;
                    continue;
                }
                if (v != std::floor(v) || v < 0 || v >= float(config.classes))
                    fail("playground data: ", name, "[", r, "] = ", v, " is not a class index from 0 to ",
                         config.classes - 1);
                d.labels[r] = static_cast<std::int32_t>(v);
                if (config.problem == Problem::binary) d.targets(r, 0) = v;
                else d.targets(r, std::size_t(v)) = 1.0f;
            }
        };
        targets(train_y, train_rows, train, "train_y");
        targets(test_y, test_rows, test, "test_y");
        batches.reset();
        metrics.reset();
    }

    bool has_data() const { return train_rows > 0; }

    // Loss and accuracy from the library's evaluate(), the confusion matrix
    // from its ConfusionMatrix; NaN for an empty set.
    void compute_metrics() const {
        Metrics m;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        auto score = [&](const Dataset& d, double& loss_out, double& acc_out) {
            loss_out = acc_out = nan;
            if (d.size() == 0) return;
            const Evaluation e = evaluate(*net, d, loss());
            loss_out = e.loss;
            acc_out = e.accuracy;
        };
        score(train, m.train_loss, m.train_acc);
        score(test, m.test_loss, m.test_acc);
        const std::size_t k = config.problem == Problem::regression ? 0 : config.classes;
        m.confusion.assign(k * k, 0);
        if (k > 0 && test.size() > 0) {
            Matrix out(test.size(), outputs());
            net->predict(test.features.view(), out.view());
            const std::vector<std::int32_t> guess = classes_of(out.view());
            const ConfusionMatrix cm(guess, test.labels, k);
            for (std::size_t t = 0; t < k; ++t)
                for (std::size_t g = 0; g < k; ++g) m.confusion[t * k + g] = static_cast<std::uint32_t>(cm.at(t, g));
        }
        metrics = std::move(m);
    }

    const Metrics& current() const {
        if (!metrics) compute_metrics();
        return *metrics;
    }

    std::size_t rows_of(const std::vector<float>& x, const char* what) const {
        if (x.size() % features != 0)
            fail("playground: ", what, " has ", x.size(), " values, not a multiple of the ", features, " features");
        return x.size() / features;
    }

    std::size_t dense_index(std::size_t layer, const char* what) const {
        if (layer >= dense_layers.size())
            fail("playground: ", what, "(", layer, "): the network has ", dense_layers.size(), " dense layers (0 to ",
                 dense_layers.size() - 1, ")");
        return dense_layers[layer];
    }
};

Session::Session() : state_(new State) { state_->rebuild(); }

Session::~Session() { delete state_; }

void Session::configure(const std::string& config_json) {
    Config c = parse_config(config_json);
    State& s = *state_;
    const Config old = s.config;
    s.config = std::move(c);
    try {
        if (s.has_data()) s.make_targets();
        s.rebuild();
    } catch (...) {
        s.config = old;
        if (s.has_data()) s.make_targets();
        s.rebuild();
        throw;
    }
}

void Session::tune(const std::string& config_json) {
    const Config c = parse_config(config_json);
    State& s = *state_;
    const Config& now = s.config;
    // What shapes the network or its data needs configure().
    const auto differs = [&](std::string_view key) {
        fail("playground tune: \"", key, "\" changes the network or its data; configure() starts a new run");
    };
    if (c.hidden != now.hidden) differs("hidden");
    if (c.activations != now.activations) differs("activations");
    if (c.problem != now.problem || c.classes != now.classes) differs(c.problem != now.problem ? "problem" : "classes");
    if (c.dropout != now.dropout) differs("dropout");
    if (c.seed != now.seed) differs("seed");
    check_training_memory(s.spec(), c.batch_size, Optimizer::slots(c.optimizer), "playground");
    // The same kind keeps its state (momenta, Adam's moments and step
    // count), as a PyTorch optimizer does when its rate or decay is changed;
    // another kind starts from zero state.
    const bool same_kind = c.optimizer == now.optimizer;
    const std::vector<float> state(s.optimizer->state().begin(), s.optimizer->state().end());
    const std::uint64_t steps = s.optimizer->steps();
    if (c.batch_size != now.batch_size) s.batches.reset();
    s.config = c;
    s.make_optimizer();
    if (same_kind) s.optimizer->set_state(state, steps);
}

void Session::set_data(const std::vector<float>& train_x, const std::vector<float>& train_y,
                       const std::vector<float>& test_x, const std::vector<float>& test_y, std::size_t features) {
    if (features == 0) fail("playground data: features must be at least 1");
    auto rows = [&](const std::vector<float>& x, const char* name) {
        if (x.size() % features != 0)
            fail("playground data: ", name, " has ", x.size(), " values, not a multiple of ", features, " features");
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!std::isfinite(x[i])) fail("playground data: ", name, "[", i, "] is not a finite number");
        return x.size() / features;
    };
    const std::size_t train_rows = rows(train_x, "train_x");
    const std::size_t test_rows = rows(test_x, "test_x");
    if (train_y.size() != train_rows)
        fail("playground data: train_y has ", train_y.size(), " values for ", train_rows, " rows of train_x");
    if (test_y.size() != test_rows)
        fail("playground data: test_y has ", test_y.size(), " values for ", test_rows, " rows of test_x");
    State& s = *state_;
    State next_data;  // validate the targets before replacing anything
    next_data.config = s.config;
    next_data.train_y = train_y;
    next_data.test_y = test_y;
    next_data.train_rows = train_rows;
    next_data.test_rows = test_rows;
    next_data.make_targets();

    const bool rebuild = features != s.features;
    auto features_of = [&](const std::vector<float>& x, std::size_t count) {
        Matrix m(count, features);
        std::copy(x.begin(), x.end(), m.flat().begin());
        return m;
    };
    s.batches.reset();  // it refers to the old training set
    s.train = std::move(next_data.train);
    s.test = std::move(next_data.test);
    s.train.features = features_of(train_x, train_rows);
    s.test.features = features_of(test_x, test_rows);
    s.train_y = train_y;
    s.test_y = test_y;
    s.train_rows = train_rows;
    s.test_rows = test_rows;
    s.features = features;
    if (rebuild) s.rebuild();
    s.metrics.reset();
}

void Session::step(std::size_t epochs) {
    State& s = *state_;
    if (!s.has_data()) fail("playground: no training data (call set_data first)");
    if (!s.batches) s.batches.emplace(s.train, s.config.batch_size, &s.shuffle);
    for (std::size_t e = 0; e < epochs; ++e) {
        // A run that diverges shows NaN or infinite losses on the page and
        // stops changing; the next configure() starts afresh.
        s.norms.arm(s.batches->batches());
        run_epoch(*s.train_step, *s.batches, s.config.learning_rate);
        ++s.epoch;
    }
    s.metrics.reset();
}

std::size_t Session::epoch() const { return state_->epoch; }

double Session::train_loss() const { return state_->current().train_loss; }
double Session::test_loss() const { return state_->current().test_loss; }
double Session::train_accuracy() const { return state_->current().train_acc; }
double Session::test_accuracy() const { return state_->current().test_acc; }

std::vector<float> Session::predict(const std::vector<float>& x) const {
    const State& s = *state_;
    const std::size_t rows = s.rows_of(x, "predict input");
    std::vector<float> out(rows * s.outputs());
    if (rows == 0) return out;
    s.net->predict(MatrixView<const float>(x.data(), rows, s.features), MatrixView<float>(out.data(), rows, s.outputs()));
    return out;
}

std::vector<float> Session::neuron_outputs(const std::vector<float>& x) const {
    const State& s = *state_;
    const std::size_t rows = s.rows_of(x, "neuron_outputs input");
    std::size_t total = 0;
    for (std::size_t i : s.dense_layers) total += s.net->layer_output_size(i);
    std::vector<float> out(rows * total);
    constexpr std::size_t kChunk = 4096;
    for (std::size_t first = 0; first < rows; first += kChunk) {
        const std::size_t count = std::min(kChunk, rows - first);
        s.net->forward(MatrixView<const float>(x.data() + first * s.features, count, s.features), Phase::infer);
        std::size_t offset = 0;  // start of this layer's block
        for (std::size_t d = 0; d < s.dense_layers.size(); ++d) {
            const std::size_t units = s.net->layer_output_size(s.dense_layers[d]);
            const MatrixView<const float> a = s.net->activations(s.output_layers[d]);
            for (std::size_t r = 0; r < count; ++r)
                std::copy(a.row(r).begin(), a.row(r).end(), out.begin() + long(offset + (first + r) * units));
            offset += rows * units;
        }
    }
    return out;
}

std::vector<std::size_t> Session::layer_sizes() const {
    const State& s = *state_;
    std::vector<std::size_t> sizes{s.features};
    for (std::size_t i : s.dense_layers) sizes.push_back(s.net->layer_output_size(i));
    return sizes;
}

std::vector<float> Session::weights(std::size_t layer) const {
    const State& s = *state_;
    const auto& dense = dynamic_cast<const Dense<float>&>(std::as_const(*s.net).layer(s.dense_index(layer, "weights")));
    const MatrixView<const float> w = dense.weights();  // input-major
    std::vector<float> out(w.rows() * w.cols());
    for (std::size_t u = 0; u < w.cols(); ++u)
        for (std::size_t i = 0; i < w.rows(); ++i) out[u * w.rows() + i] = w(i, u);
    return out;
}

std::vector<float> Session::biases(std::size_t layer) const {
    const State& s = *state_;
    const auto& dense = dynamic_cast<const Dense<float>&>(std::as_const(*s.net).layer(s.dense_index(layer, "biases")));
    const auto b = dense.bias();
    return {b.begin(), b.end()};
}

std::vector<float> Session::gradient_norms() const { return state_->norms.values; }

std::vector<std::uint32_t> Session::confusion() const { return state_->current().confusion; }

std::string Session::export_spec() const {
    ModelSpec spec = spec_of(*state_->net, true);
    spec.seed = state_->config.seed;
    return to_json(spec);
}

}  // namespace neurite::playground
