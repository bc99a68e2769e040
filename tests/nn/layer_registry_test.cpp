// The layer registry: a layer kind defined entirely in this file (a learnable
// per-feature scale) is registered through the registry alone and then built
// from a JSON spec, trained, saved, loaded, described and gradient-checked
// with no change to the library.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/io/model_file.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/nn/gradcheck.hpp"
#include "neurite/nn/layer_registry.hpp"
#include "neurite/optim/optimizer.hpp"
#include "neurite/train/trainer.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

// y = x ⊙ s: one learnable scale per feature, starting at `value`.
template <typename T>
class Scale final : public Layer<T> {
public:
    explicit Scale(double value) : value_(value) {}

    std::string_view type() const override { return "scale"; }
    std::string describe() const override { return cat("scale(", value_, ")"); }
    std::size_t output_size(std::size_t input_size) const override { return input_size; }
    std::size_t param_count(std::size_t input_size) const override { return input_size; }
    void bind(std::size_t input_size, std::span<T> params, std::span<T> grads) override {
        this->input_size_ = input_size;
        params_ = params;
        grads_ = grads;
    }
    void init(Rng& /*rng*/) override { std::fill(params_.begin(), params_.end(), static_cast<T>(value_)); }

    void forward(MatrixView<const T> x, MatrixView<T> y, Phase /*phase*/) override {
        for (std::size_t r = 0; r < x.rows(); ++r)
            for (std::size_t c = 0; c < x.cols(); ++c) y(r, c) = x(r, c) * params_[c];
    }
    // ds_c = Σ_r dy(r, c)·x(r, c); dx(r, c) = dy(r, c)·s_c.
    void backward(MatrixView<const T> x, MatrixView<const T> /*y*/, MatrixView<const T> dy,
                  MatrixView<T> dx) override {
        std::fill(grads_.begin(), grads_.end(), T(0));
        for (std::size_t r = 0; r < x.rows(); ++r)
            for (std::size_t c = 0; c < x.cols(); ++c) {
                grads_[c] += dy(r, c) * x(r, c);
                if (!dx.empty()) dx(r, c) = dy(r, c) * params_[c];
            }
    }
    void backward_sgd(MatrixView<const T> x, MatrixView<const T> y, MatrixView<const T> dy, MatrixView<T> dx,
                      T lr) override {
        backward(x, y, dy, dx);
        for (std::size_t c = 0; c < params_.size(); ++c) params_[c] -= lr * grads_[c];
    }

    double value() const { return value_; }
    std::span<T> scales() { return params_; }
    std::span<const T> scales() const { return params_; }

private:
    double value_;
    std::span<T> params_, grads_;
};

// The kind: keys "value" (the starting scale, default 1) and "weights" (the
// scales themselves, one per input).
void parse_scale(SpecFields& in, LayerSpec& s) {
    if (in.has("value")) s.options["value"] = in.finite("value");
    if (in.has("weights")) s.weights = in.per_unit("weights", in.input_size());
}

void check_scale(SpecPlace& at, const LayerSpec& s) {
    if (s.weights && s.weights->size() != at.input_size())
        at.fail("weights", cat("expected ", at.input_size(), " numbers, got ", s.weights->size()));
}

void write_scale(const LayerSpec& s, std::size_t /*input_size*/, SpecOut& out) {
    if (const auto it = s.options.find("value"); it != s.options.end()) out.number("value", it->second);
    if (s.weights) out.numbers("weights", *s.weights);
}

// The kind's layer code, for float and double.
struct ScaleOps {
    template <typename T>
    static LayerList<T> make(const LayerSpec& s, std::uint64_t /*seed*/) {
        const auto it = s.options.find("value");
        LayerList<T> out;
        out.push_back(std::make_unique<Scale<T>>(it == s.options.end() ? 1.0 : it->second));
        return out;
    }

    template <typename T>
    static void load(std::span<Layer<T>* const> made, const LayerSpec& s, const std::string& /*path*/) {
        auto& layer = dynamic_cast<Scale<T>&>(*made[0]);
        if (s.weights) std::transform(s.weights->begin(), s.weights->end(), layer.scales().begin(),
                                      [](double v) { return static_cast<T>(v); });
    }

    template <typename T>
    static std::size_t describe(std::span<const Layer<T>* const> layers, bool with_weights, LayerSpec& s) {
        const auto& layer = dynamic_cast<const Scale<T>&>(*layers[0]);
        if (layer.value() != 1.0) s.options["value"] = layer.value();
        if (with_weights) s.weights.emplace(layer.scales().begin(), layer.scales().end());
        return 1;
    }
};

LayerKind scale_kind() {
    return with_ops<ScaleOps>({.name = "scale", .what = "a scale layer", .keys = {"type", "value", "weights"},
                               .parse = parse_scale, .check = check_scale, .write = write_scale});
}

constexpr const char* kSpec = R"({
  "input": 2,
  "seed": 7,
  "layers": [
    {"type": "scale", "value": 0.5},
    {"type": "dense", "units": 1}
  ]
})";

TEST(LayerRegistry, ListsTheLibraryKindsInOrder) {
    std::vector<std::string> names;
    for (const LayerKind* k : layer_kinds()) names.push_back(k->name);
    ASSERT_GE(names.size(), 3u);
    EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + 3),
              (std::vector<std::string>{"dense", "activation", "dropout"}));
    EXPECT_NE(find_layer_kind("dense"), nullptr);
    EXPECT_EQ(find_layer_kind("scale"), nullptr);
}

TEST(LayerRegistry, RefusesATakenNameAndLibraryRemovals) {
    LayerRegistration scale(scale_kind());
    EXPECT_NE(test::error_of([] { register_layer_kind(scale_kind()); }).find("already registered"),
              std::string::npos);
    EXPECT_NE(test::error_of([] { unregister_layer_kind("dense"); }).find("no registered layer type"),
              std::string::npos);
}

TEST(LayerRegistry, AKindRegisteredHereIsParsedBuiltAndCounted) {
    {
        LayerRegistration scale(scale_kind());
        const ModelSpec spec = parse_model_spec(kSpec);
        ASSERT_EQ(spec.layers.size(), 2u);
        EXPECT_EQ(spec.layers[0].type, "scale");
        EXPECT_EQ(param_count(spec), 2u + 3u);  // two scales, then (2 + 1)·1

        Sequential net = build_network<float>(spec);
        EXPECT_EQ(net.param_count(), 5u);
        EXPECT_EQ(net.layer(0).type(), "scale");
        EXPECT_EQ(net.layer(0).describe(), "scale(0.5)");
        EXPECT_EQ(net.params()[0], 0.5f);
        EXPECT_EQ(net.params()[1], 0.5f);

        // Its own keys are checked with the parser's messages.
        const std::string e = test::error_of([] {
            (void)parse_model_spec(R"({"input": 2, "layers": [{"type": "scale", "valeu": 2}]})", "s.json");
        });
        EXPECT_EQ(e, "s.json: layers[0]: unknown key \"valeu\" (did you mean \"value\"?)");
        const std::string units = test::error_of([] {
            (void)parse_model_spec(R"({"input": 2, "layers": [{"type": "scale", "units": 2}]})", "s.json");
        });
        EXPECT_EQ(units, "s.json: layers[0]: key \"units\" does not apply to a scale layer");
    }
    // Gone with its registration.
    const std::string e = test::error_of([] { (void)parse_model_spec(kSpec, "s.json"); });
    EXPECT_EQ(e, "s.json: layers[0].type: unknown layer type \"scale\" (expected one of: dense, activation, dropout)");
}

TEST(LayerRegistry, AKindRegisteredHereTrainsSavesLoadsAndDescribesItself) {
    LayerRegistration scale(scale_kind());
    Sequential net = build_network<float>(parse_model_spec(kSpec));

    // y = 3·x0 − 2·x1 on a small grid.
    Matrix x(16, 2), y(16, 1);
    for (std::size_t r = 0; r < 16; ++r) {
        x(r, 0) = static_cast<float>(r % 4) / 3.0f - 0.5f;
        x(r, 1) = static_cast<float>(r / 4) / 3.0f - 0.5f;
        y(r, 0) = 3.0f * x(r, 0) - 2.0f * x(r, 1);
    }
    OptimizerConfig config = default_config(OptimizerKind::adam);
    config.learning_rate = 0.05;
    Optimizer opt(config, net.param_count());
    const std::vector<float> before(net.params().begin(), net.params().end());
    const double first = train_step(net, opt, x.view(), y.view(), Loss::mse);
    double last = first;
    for (int step = 0; step < 60; ++step) last = train_step(net, opt, x.view(), y.view(), Loss::mse);
    EXPECT_LT(last, 0.5 * first);
    EXPECT_NE(net.params()[0], before[0]);  // the scales themselves learn

    // Saved and loaded through the model file, weights and all.
    test::TempDir dir;
    const auto path = dir.path / "scale.nrm";
    save_model_file(path, model_file_of(net));
    const ModelFile file = load_model_file(path);
    ASSERT_EQ(file.spec.layers.size(), 2u);
    EXPECT_EQ(file.spec.layers[0].type, "scale");
    EXPECT_EQ(file.spec.layers[0].options.at("value"), 0.5);
    Sequential loaded = network_of(file);
    EXPECT_TRUE(std::equal(net.params().begin(), net.params().end(), loaded.params().begin(), loaded.params().end()));
    EXPECT_EQ(loaded.layer(0).describe(), "scale(0.5)");

    // Described as a spec with its weights, written, read and built again.
    const std::string text = to_json(spec_of(net));
    EXPECT_NE(text.find("{\"type\": \"scale\", \"value\": 0.5, \"weights\": ["), std::string::npos) << text;
    Sequential again = build_network<float>(parse_model_spec(text));
    EXPECT_TRUE(std::equal(net.params().begin(), net.params().end(), again.params().begin(), again.params().end()));
}

TEST(LayerRegistry, AKindRegisteredHerePassesTheGradientCheck) {
    Scale<double> layer(0.7);
    Rng rng(3);
    const LayerCheck c = check_layer(layer, 4, 3, rng);
    EXPECT_LT(c.input.max_error, 1e-6);
    EXPECT_LT(c.params.max_error, 1e-6);
    EXPECT_EQ(c.params.checked, 4u);
}

}  // namespace
}  // namespace neurite
