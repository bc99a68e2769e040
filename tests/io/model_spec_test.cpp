#include "neurite/io/model_spec.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <typeinfo>
#include <vector>

#include "neurite/classic/logic_gates.hpp"
#include "neurite/classic/perceptron.hpp"
#include "neurite/core/error.hpp"
#include "neurite/data/csv.hpp"
#include "neurite/nn/activation_layer.hpp"
#include "neurite/nn/dense.hpp"
#include "neurite/nn/dropout.hpp"

namespace fs = std::filesystem;
using namespace neurite;

namespace {

const fs::path kData = NEURITE_TEST_DATA;

// The 2-2-1 XOR step network, with explicit weights and thresholds.
const std::string kXorSpec = xor_step_network_spec();

using neurite::test::error_of;

std::string parse_error(const std::string& text) {
    return error_of([&] { parse_model_spec(text, "spec.json"); });
}

// A spec with one layer given as JSON text, on two inputs.
std::string with_layer(const std::string& layer) {
    return R"({"input": 2, "layers": [)" + layer + "]}";
}

void expect_same_init(const Initializer& a, const Initializer& b, const std::string& where) {
    EXPECT_EQ(a.kind, b.kind) << where;
    EXPECT_EQ(a.a, b.a) << where;
    EXPECT_EQ(a.b, b.b) << where;
}

void expect_same(const ModelSpec& a, const ModelSpec& b) {
    EXPECT_EQ(a.input, b.input);
    EXPECT_EQ(a.seed, b.seed);
    ASSERT_EQ(a.layers.size(), b.layers.size());
    for (std::size_t i = 0; i < a.layers.size(); ++i) {
        const LayerSpec& x = a.layers[i];
        const LayerSpec& y = b.layers[i];
        const std::string where = "layer " + std::to_string(i);
        EXPECT_EQ(x.type, y.type) << where;
        EXPECT_EQ(x.activation, y.activation) << where;
        EXPECT_EQ(x.alpha, y.alpha) << where;
        if (x.type == "dense") {
            EXPECT_EQ(x.units, y.units) << where;
            ASSERT_EQ(x.weight_init.has_value(), y.weight_init.has_value()) << where;
            if (x.weight_init) expect_same_init(*x.weight_init, *y.weight_init, where);
            expect_same_init(x.bias_init, y.bias_init, where);
            EXPECT_EQ(x.weights, y.weights) << where;
            EXPECT_EQ(x.bias, y.bias) << where;
        }
        if (x.type == "dropout") {
            EXPECT_EQ(x.rate, y.rate) << where;
        }
    }
}

// A spec using every feature of the format.
ModelSpec full_spec() {
    ModelSpec s;
    s.input = 3;
    s.seed = 1234567890123ULL;
    LayerSpec d1;
    d1.type = "dense";
    d1.units = 4;
    d1.activation = Activation::leaky_relu;
    d1.alpha = 0.2;
    d1.weight_init = Initializer::uniform(-0.25, 0.75);
    d1.bias_init = Initializer::constant(0.1);
    s.layers.push_back(d1);
    LayerSpec drop;
    drop.type = "dropout";
    drop.rate = 0.3;
    s.layers.push_back(drop);
    LayerSpec act;
    act.type = "activation";
    act.activation = Activation::elu;
    act.alpha = 0.5;
    s.layers.push_back(act);
    LayerSpec d2;
    d2.type = "dense";
    d2.units = 2;
    d2.activation = Activation::tanh;
    d2.weight_init = Initializer::normal(0.0, 0.05);
    d2.weights = std::vector<double>{0.1, -0.2, 1.0 / 3.0, 4e-7, 1e20, -0.0078125, 0.5, 2.0};
    d2.bias = std::vector<double>{-0.5, 0.25};
    s.layers.push_back(d2);
    LayerSpec d3;
    d3.type = "dense";
    d3.units = 3;
    d3.activation = Activation::softmax;
    d3.weight_init = Initializer::of(InitKind::he_normal);
    s.layers.push_back(d3);
    return s;
}

// The network's first output for each row of a CSV file in tests/data.
template <typename T>
std::vector<T> forward_rows(BasicSequential<T>& net, const std::string& file) {
    const CsvTable inputs = read_csv(kData / file);
    BasicMatrix<T> x(inputs.values.rows(), inputs.values.cols());
    for (std::size_t r = 0; r < x.rows(); ++r)
        for (std::size_t c = 0; c < x.cols(); ++c) x(r, c) = static_cast<T>(inputs.values(r, c));
    const MatrixView<const T> y = net.forward(x.view());
    std::vector<T> out;
    for (std::size_t r = 0; r < y.rows(); ++r) out.push_back(y(r, 0));
    return out;
}

template <typename T>
std::vector<T> forward_xor(BasicSequential<T>& net) {
    return forward_rows(net, "xor_inputs.csv");
}

}  // namespace

// ---- parsing ------------------------------------------------------------------

TEST(ModelSpecParse, XorExampleFromTheHeader) {
    const ModelSpec s = parse_model_spec(kXorSpec);
    EXPECT_EQ(s.input, 2u);
    EXPECT_FALSE(s.seed.has_value());
    ASSERT_EQ(s.layers.size(), 2u);
    const LayerSpec& h = s.layers[0];
    EXPECT_EQ(h.type, "dense");
    EXPECT_EQ(h.units, 2u);
    EXPECT_EQ(h.activation, Activation::step);
    EXPECT_LT(h.alpha, 0.0);
    EXPECT_FALSE(h.weight_init.has_value());
    EXPECT_EQ(h.bias_init.kind, InitKind::zeros);
    EXPECT_EQ(*h.weights, (std::vector<double>{1, -1, -1, 1}));
    EXPECT_EQ(*h.bias, (std::vector<double>{-0.5, -0.5}));
    EXPECT_EQ(*s.layers[1].weights, (std::vector<double>{1, 1}));
    EXPECT_EQ(*s.layers[1].bias, (std::vector<double>{-0.5}));
}

TEST(ModelSpecParse, Defaults) {
    const ModelSpec s = parse_model_spec(with_layer(R"({"type": "dense", "units": 3})"));
    const LayerSpec& l = s.layers[0];
    EXPECT_EQ(l.activation, Activation::identity);
    EXPECT_LT(l.alpha, 0.0);
    EXPECT_FALSE(l.weights.has_value());
    EXPECT_FALSE(l.bias.has_value());
}

TEST(ModelSpecParse, FormatVersionAndSeed) {
    const ModelSpec s = parse_model_spec(
        R"({"format": "neurite-spec", "version": 1, "seed": 18446744073709551615, "input": 1,
            "layers": [{"type": "dropout", "rate": 0}]})");
    EXPECT_EQ(s.seed, std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(s.layers[0].type, "dropout");
    EXPECT_EQ(s.layers[0].rate, 0.0);
}

TEST(ModelSpecParse, IntegralFloatsAreIntegers) {
    const ModelSpec s = parse_model_spec(R"({"input": 2.0, "layers": [{"type": "dense", "units": 1e1}]})");
    EXPECT_EQ(s.input, 2u);
    EXPECT_EQ(s.layers[0].units, 10u);
}

TEST(ModelSpecParse, FlatWeightsAreNeuronMajor) {
    const ModelSpec nested = parse_model_spec(
        R"({"input": 3, "layers": [{"type": "dense", "units": 2, "weights": [[1, 2, 3], [4, 5, 6]]}]})");
    const ModelSpec flat = parse_model_spec(
        R"({"input": 3, "layers": [{"type": "dense", "units": 2, "weights": [1, 2, 3, 4, 5, 6]}]})");
    EXPECT_EQ(nested.layers[0].weights, flat.layers[0].weights);
    EXPECT_EQ(*flat.layers[0].weights, (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(ModelSpecParse, BiasAndThreshold) {
    auto bias_of = [](const std::string& layer) { return *parse_model_spec(with_layer(layer)).layers[0].bias; };
    EXPECT_EQ(bias_of(R"({"type": "dense", "units": 2, "bias": [0.5, -1]})"), (std::vector<double>{0.5, -1}));
    EXPECT_EQ(bias_of(R"({"type": "dense", "units": 2, "bias": 0.25})"), (std::vector<double>{0.25, 0.25}));
    EXPECT_EQ(bias_of(R"({"type": "dense", "units": 2, "threshold": [0.5, -1]})"), (std::vector<double>{-0.5, 1}));
    const auto zero = bias_of(R"({"type": "dense", "units": 1, "threshold": 0})");
    EXPECT_FALSE(std::signbit(zero[0])) << "threshold 0 gives bias +0, not -0";
}

TEST(ModelSpecParse, Initializers) {
    const ModelSpec s = parse_model_spec(R"({"input": 2, "layers": [
        {"type": "dense", "units": 1, "init": "xavier_normal", "bias_init": {"kind": "constant", "value": 0.1}},
        {"type": "dense", "units": 1, "init": {"kind": "uniform", "low": -1, "high": 2}, "bias_init": "zeros"},
        {"type": "dense", "units": 1, "init": {"kind": "normal", "mean": 0.5, "std": 0.01}},
        {"type": "dense", "units": 1, "init": {"kind": "lecun_uniform"}}]})");
    expect_same_init(*s.layers[0].weight_init, Initializer::of(InitKind::xavier_normal), "0");
    expect_same_init(s.layers[0].bias_init, Initializer::constant(0.1), "0 bias");
    expect_same_init(*s.layers[1].weight_init, Initializer::uniform(-1, 2), "1");
    expect_same_init(s.layers[1].bias_init, Initializer::zeros(), "1 bias");
    expect_same_init(*s.layers[2].weight_init, Initializer::normal(0.5, 0.01), "2");
    expect_same_init(*s.layers[3].weight_init, Initializer::of(InitKind::lecun_uniform), "3");
}

TEST(ModelSpecParse, ActivationLayersAndAlpha) {
    const ModelSpec s = parse_model_spec(R"({"input": 2, "layers": [
        {"type": "dense", "units": 2, "activation": "elu", "alpha": 0.7},
        {"type": "activation", "activation": "leaky_relu", "alpha": 0.05},
        {"type": "activation", "activation": "softmax"}]})");
    EXPECT_EQ(s.layers[0].alpha, 0.7);
    EXPECT_EQ(s.layers[1].type, "activation");
    EXPECT_EQ(s.layers[1].activation, Activation::leaky_relu);
    EXPECT_EQ(s.layers[1].alpha, 0.05);
    EXPECT_EQ(s.layers[2].activation, Activation::softmax);
    EXPECT_LT(s.layers[2].alpha, 0.0);
}

TEST(ModelSpecParse, LongStringsAreShortenedInMessages) {
    // 36 ASCII characters and then a two-byte character across the cut.
    const std::string name = std::string(36, 'a') + "\xC3\xA9" + std::string(10, 'b');
    const std::string msg = parse_error(with_layer(R"({"type": "dense", "units": ")" + name + "\"}"));
    EXPECT_NE(msg.find("got \"" + std::string(36, 'a') + "...\""), std::string::npos) << msg;
}

// Damaged specs give an Error, never another exception or a crash.
TEST(ModelSpecParse, MutationsThrowOnlyError) {
    const std::string base = R"({"format": "neurite-spec", "version": 1, "input": 2, "seed": 3, "layers": [
        {"type": "dense", "units": 2, "activation": "leaky_relu", "alpha": 0.1,
         "init": {"kind": "normal", "mean": 0, "std": 1}, "weights": [[1, -1], [-1, 1]], "threshold": 0.5},
        {"type": "dropout", "rate": 0.5}, {"type": "activation", "activation": "softmax"},
        {"type": "dense", "units": 1, "bias_init": "he_normal", "weights": [1, 1], "bias": [0.5]}]})";
    const std::string alphabet = "{}[],:\"0123456789-.eE ntfaxu\\\xC3\xFF";
    Rng rng(11);
    int errors = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        const std::string text = neurite::test::mutate(base, alphabet, rng, 4);
        try {
            const ModelSpec s = parse_model_spec(text, "fuzz");
            build_network<float>(s);
            expect_same(parse_model_spec(to_json(s)), s);
        } catch (const Error&) {
            ++errors;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "unexpected " << typeid(e).name() << ": " << e.what() << "\nfor: " << text;
        }
    }
    EXPECT_GT(errors, 1000);
}

// ---- errors ---------------------------------------------------------------------

struct ErrorCase {
    const char* name;
    std::string json;
    std::string message;  // expected substring
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class ModelSpecErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ModelSpecErrors, NameThePath) {
    const ErrorCase& c = GetParam();
    const std::string msg = parse_error(c.json);
    ASSERT_FALSE(msg.empty()) << "no error for " << c.json;
    EXPECT_NE(msg.find(c.message), std::string::npos) << "message: " << msg << "\nexpected: " << c.message;
    EXPECT_EQ(msg.rfind("spec.json: ", 0), 0u) << msg;
}

const std::string kDense2 = R"({"type": "dense", "units": 2})";

INSTANTIATE_TEST_SUITE_P(
    ModelSpec, ModelSpecErrors,
    ::testing::Values(
        // sizes
        ErrorCase{"NegativeUnits", R"({"input": 2, "layers": [)" + kDense2 + R"(, {"type": "dense", "units": -3}]})",
                  "spec.json: layers[1].units: expected an integer ≥ 1, got -3"},
        ErrorCase{"ZeroUnits", with_layer(R"({"type": "dense", "units": 0})"),
                  "layers[0].units: expected an integer ≥ 1, got 0"},
        ErrorCase{"FractionalUnits", with_layer(R"({"type": "dense", "units": 2.5})"),
                  "layers[0].units: expected an integer ≥ 1, got 2.5"},
        ErrorCase{"StringUnits", with_layer(R"({"type": "dense", "units": "2"})"),
                  "layers[0].units: expected an integer ≥ 1, got \"2\""},
        ErrorCase{"MissingUnits", with_layer(R"({"type": "dense"})"), "layers[0]: missing key \"units\""},
        ErrorCase{"TooManyUnits", with_layer(R"({"type": "dense", "units": 1000001})"),
                  "layers[0].units: at most 1000000 units are supported, got 1000001"},
        ErrorCase{"MissingInput", R"({"layers": [{"type": "dense", "units": 1}]})", "spec.json: missing key \"input\""},
        ErrorCase{"ZeroInput", R"({"input": 0, "layers": [{"type": "dense", "units": 1}]})",
                  "spec.json: input: expected an integer ≥ 1, got 0"},
        ErrorCase{"HugeInput", R"({"input": 100000001, "layers": [{"type": "dense", "units": 1}]})",
                  "input: at most 100000000 inputs are supported, got 100000001"},
        ErrorCase{"TooManyParameters",
                  R"({"input": 100000, "layers": [{"type": "dense", "units": 20000}, {"type": "dense", "units": 10000}]})",
                  "layers[1]: the network would have 2200030000 parameters; at most 2147483648 are supported"},
        // layers
        ErrorCase{"MissingLayers", R"({"input": 2})", "spec.json: missing key \"layers\""},
        ErrorCase{"EmptyLayers", R"({"input": 2, "layers": []})", "layers: expected at least one layer"},
        ErrorCase{"LayersNotArray", R"({"input": 2, "layers": {}})", "layers: expected an array of layers, got an object"},
        ErrorCase{"LayerNotObject", R"({"input": 2, "layers": [3]})", "layers[0]: expected a layer object, got 3"},
        ErrorCase{"MissingType", with_layer(R"({"units": 2})"),
                  "layers[0]: missing key \"type\" (expected one of: dense, activation, dropout)"},
        ErrorCase{"TypoInType", with_layer(R"({"typ": "dense", "units": 2})"),
                  "layers[0]: unknown key \"typ\" (did you mean \"type\"?)"},
        ErrorCase{"UnknownType", with_layer(R"({"type": "dens", "units": 2})"),
                  "layers[0].type: unknown layer type \"dens\" (did you mean \"dense\"?)"},
        ErrorCase{"UnknownTypeNoSuggestion", with_layer(R"({"type": "conv2d"})"),
                  "layers[0].type: unknown layer type \"conv2d\" (expected one of: dense, activation, dropout)"},
        ErrorCase{"TypeNotString", with_layer(R"({"type": 1})"), "layers[0].type: expected a layer type, got 1"},
        // unknown keys
        ErrorCase{"UnknownKeyWithSuggestion", with_layer(R"({"type": "dense", "unit": 2})"),
                  "spec.json: layers[0]: unknown key \"unit\" (did you mean \"units\"?)"},
        ErrorCase{"UnknownKeyTransposed", with_layer(R"({"type": "dense", "units": 2, "wieghts": []})"),
                  "layers[0]: unknown key \"wieghts\" (did you mean \"weights\"?)"},
        ErrorCase{"UnknownKeyCase", with_layer(R"({"type": "dense", "Units": 2})"),
                  "layers[0]: unknown key \"Units\" (did you mean \"units\"?)"},
        ErrorCase{"UnknownKeyNoSuggestion", with_layer(R"({"type": "dense", "units": 2, "kernel": 3})"),
                  "layers[0]: unknown key \"kernel\" (a dense layer takes: type, units, activation"},
        ErrorCase{"KeyOfAnotherLayerType", with_layer(R"({"type": "dropout", "rate": 0.5, "units": 2})"),
                  "layers[0]: key \"units\" does not apply to a dropout layer"},
        ErrorCase{"RateOnDense", with_layer(R"({"type": "dense", "units": 2, "rate": 0.5})"),
                  "layers[0]: key \"rate\" does not apply to a dense layer"},
        ErrorCase{"UnknownTopLevelKey", R"({"input": 2, "layer": []})",
                  "spec.json: unknown key \"layer\" (did you mean \"layers\"?)"},
        ErrorCase{"DuplicateKey", with_layer(R"({"type": "dense", "units": 2, "units": 3})"),
                  "spec.json: layers[0]: duplicate key \"units\""},
        ErrorCase{"DuplicateTopLevelKey", R"({"input": 2, "input": 3, "layers": []})",
                  "spec.json: duplicate key \"input\""},
        ErrorCase{"DuplicateKeyInInit",
                  with_layer(R"({"type": "dense", "units": 2}, {"type": "dense", "units": 1,
                                 "init": {"kind": "constant", "value": 1, "value": 2}})"),
                  "spec.json: layers[1].init: duplicate key \"value\""},
        // activations
        ErrorCase{"UnknownActivation", with_layer(R"({"type": "dense", "units": 2, "activation": "rellu"})"),
                  "layers[0].activation: unknown activation \"rellu\" (did you mean \"relu\"?)"},
        ErrorCase{"UnknownActivationListsNames", with_layer(R"({"type": "activation", "activation": "swish"})"),
                  "layers[0].activation: unknown activation \"swish\" (expected one of: identity, step, step_strict, sigmoid"},
        ErrorCase{"ActivationNotString", with_layer(R"({"type": "activation", "activation": 1})"),
                  "layers[0].activation: expected an activation name, got 1"},
        ErrorCase{"ActivationLayerWithoutActivation", with_layer(R"({"type": "activation"})"),
                  "layers[0]: missing key \"activation\""},
        ErrorCase{"AlphaForRelu", with_layer(R"({"type": "dense", "units": 2, "activation": "relu", "alpha": 0.1})"),
                  "layers[0].alpha: activation \"relu\" takes no alpha (only leaky_relu and elu do)"},
        ErrorCase{"NegativeAlpha", with_layer(R"({"type": "activation", "activation": "elu", "alpha": -1})"),
                  "layers[0].alpha: expected a number ≥ 0, got -1"},
        // initializers
        ErrorCase{"UnknownInit", with_layer(R"({"type": "dense", "units": 2, "init": "he_unifrom"})"),
                  "layers[0].init: unknown initializer \"he_unifrom\" (did you mean \"he_uniform\"?)"},
        ErrorCase{"UniformWithoutBounds", with_layer(R"({"type": "dense", "units": 2, "init": "uniform"})"),
                  "layers[0].init: \"uniform\" needs bounds"},
        ErrorCase{"ConstantWithoutValue", with_layer(R"({"type": "dense", "units": 2, "bias_init": "constant"})"),
                  "layers[0].bias_init: \"constant\" needs a value"},
        ErrorCase{"InitMissingParameter",
                  with_layer(R"({"type": "dense", "units": 2, "init": {"kind": "uniform", "low": -1}})"),
                  "layers[0].init: missing key \"high\""},
        ErrorCase{"InitMissingKind", with_layer(R"({"type": "dense", "units": 2, "init": {"low": -1}})"),
                  "layers[0].init: missing key \"kind\""},
        ErrorCase{"InitUnknownKey",
                  with_layer(R"({"type": "dense", "units": 2, "init": {"kind": "normal", "mean": 0, "stddev": 1}})"),
                  "layers[0].init: unknown key \"stddev\""},
        ErrorCase{"InitKeyForOtherKind",
                  with_layer(R"({"type": "dense", "units": 2, "init": {"kind": "he_normal", "std": 1}})"),
                  "layers[0].init: unknown key \"std\""},
        ErrorCase{"UniformBoundsReversed",
                  with_layer(R"({"type": "dense", "units": 2, "init": {"kind": "uniform", "low": 1, "high": -1}})"),
                  "layers[0].init.high: expected a number greater than low (1), got -1"},
        ErrorCase{"NegativeStd",
                  with_layer(R"({"type": "dense", "units": 2, "init": {"kind": "normal", "mean": 0, "std": -1}})"),
                  "layers[0].init.std: expected a number ≥ 0, got -1"},
        ErrorCase{"InitWrongType", with_layer(R"({"type": "dense", "units": 2, "init": 3})"),
                  "layers[0].init: expected an initializer name or object, got 3"},
        // weights and biases
        ErrorCase{"TooManyRows", with_layer(R"({"type": "dense", "units": 2, "weights": [[1, 2], [3, 4], [5, 6]]})"),
                  "spec.json: layers[0].weights: expected 2 rows of 2 numbers, got 3 rows"},
        ErrorCase{"ShortRow", with_layer(R"({"type": "dense", "units": 2, "weights": [[1, 2], [3]]})"),
                  "layers[0].weights[1]: expected 2 numbers, got 1"},
        ErrorCase{"RowNotArray", with_layer(R"({"type": "dense", "units": 2, "weights": [[1, 2], 3]})"),
                  "layers[0].weights[1]: expected a row of 2 numbers, got 3"},
        ErrorCase{"FlatWrongCount", with_layer(R"({"type": "dense", "units": 2, "weights": [1, 2, 3]})"),
                  "layers[0].weights: expected 2 rows of 2 numbers (or 4 numbers flat), got 3 numbers"},
        ErrorCase{"OneUnitShape", with_layer(R"({"type": "dense", "units": 1, "weights": [[1, 2], [3, 4]]})"),
                  "layers[0].weights: expected 1 row of 2 numbers, got 2 rows"},
        ErrorCase{"WeightNotNumber", with_layer(R"({"type": "dense", "units": 2, "weights": [[1, "x"], [3, 4]]})"),
                  "layers[0].weights[0][1]: expected a number, got \"x\""},
        ErrorCase{"FlatWeightNull", with_layer(R"({"type": "dense", "units": 1, "weights": [1, null]})"),
                  "layers[0].weights[1]: expected a number, got null"},
        ErrorCase{"WeightsEmpty", with_layer(R"({"type": "dense", "units": 2, "weights": []})"),
                  "layers[0].weights: expected 2 rows of 2 numbers, got an empty array"},
        ErrorCase{"WeightsNotArray", with_layer(R"({"type": "dense", "units": 2, "weights": 1})"),
                  "layers[0].weights: expected 2 rows of 2 numbers, got 1"},
        ErrorCase{"WeightsUseTheLayerInput",
                  R"({"input": 3, "layers": [)" + kDense2 +
                      R"(, {"type": "dense", "units": 1, "weights": [[1, 2, 3]]}]})",
                  "layers[1].weights[0]: expected 2 numbers, got 3"},
        ErrorCase{"BiasAndThreshold",
                  with_layer(R"({"type": "dense", "units": 2, "bias": [1, 2], "threshold": 0.5})"),
                  "layers[0]: give either \"bias\" or \"threshold\" (bias = −threshold), not both"},
        ErrorCase{"BiasWrongLength", with_layer(R"({"type": "dense", "units": 2, "bias": [1, 2, 3]})"),
                  "layers[0].bias: expected 2 numbers (one per unit), got 3"},
        ErrorCase{"ThresholdWrongType", with_layer(R"({"type": "dense", "units": 2, "threshold": "high"})"),
                  "layers[0].threshold: expected a number or an array of 2 numbers, got \"high\""},
        ErrorCase{"ThresholdElementNotNumber", with_layer(R"({"type": "dense", "units": 2, "threshold": [1, true]})"),
                  "layers[0].threshold[1]: expected a number, got true"},
        // dropout
        ErrorCase{"RateOne", with_layer(R"({"type": "dropout", "rate": 1})"),
                  "layers[0].rate: expected a number in [0, 1), got 1"},
        ErrorCase{"RateNegative", with_layer(R"({"type": "dropout", "rate": -0.1})"),
                  "layers[0].rate: expected a number in [0, 1), got -0.1"},
        ErrorCase{"RateString", with_layer(R"({"type": "dropout", "rate": "0.5"})"),
                  "layers[0].rate: expected a number in [0, 1), got \"0.5\""},
        ErrorCase{"RateMissing", with_layer(R"({"type": "dropout"})"), "layers[0]: missing key \"rate\""},
        // the document
        ErrorCase{"WrongFormat", R"({"format": "keras", "input": 2, "layers": []})",
                  "spec.json: format: expected \"neurite-spec\", got \"keras\""},
        ErrorCase{"NewerVersion", R"({"version": 2, "input": 2, "layers": [], "new_key": 1})",
                  "spec.json: version: unsupported spec version 2 (this build reads version 1)"},
        ErrorCase{"VersionNotInteger", R"({"version": "1", "input": 2, "layers": []})",
                  "spec.json: version: expected an integer ≥ 0, got \"1\""},
        ErrorCase{"TopLevelArray", R"([1, 2])", "spec.json: expected a JSON object at the top level, got an array of 2"},
        ErrorCase{"NegativeSeed", R"({"input": 2, "seed": -1, "layers": [{"type": "dropout", "rate": 0}]})",
                  "spec.json: seed: expected an integer ≥ 0, got -1"},
        ErrorCase{"FractionalSeed", R"({"input": 2, "seed": 1.5, "layers": [{"type": "dropout", "rate": 0}]})",
                  "spec.json: seed: expected an integer ≥ 0, got 1.5"},
        // JSON syntax
        ErrorCase{"SyntaxError", "{\n  \"input\": 2,\n}", "spec.json: invalid JSON at line 3, column 1 (byte 17): "},
        ErrorCase{"Truncated", R"({"input": 2, "layers": [)", "spec.json: invalid JSON at line 1, column 25 (byte 25): "},
        ErrorCase{"NaNLiteral", with_layer(R"({"type": "dense", "units": 1, "bias": NaN})"), "spec.json: invalid JSON at"},
        ErrorCase{"NumberOverflow", with_layer(R"({"type": "dense", "units": 1, "bias": 1e400})"),
                  "spec.json: invalid JSON: number overflow parsing '1e400'"},
        ErrorCase{"TrailingGarbage", with_layer(kDense2) + " x", "spec.json: invalid JSON at line 1"},
        ErrorCase{"Empty", "", "spec.json: empty spec"},
        ErrorCase{"Blank", " \n\t ", "spec.json: empty spec"}),
    [](const ::testing::TestParamInfo<ErrorCase>& param_info) { return std::string(param_info.param.name); });

TEST(ModelSpecErrorsMisc, DefaultSourceName) {
    EXPECT_EQ(error_of([] { parse_model_spec(R"({"input": 0, "layers": []})"); }),
              "<spec>: input: expected an integer ≥ 1, got 0");
}

TEST(ModelSpecErrorsMisc, SyntaxErrorDetailIsKept) {
    const std::string msg = parse_error("{\n  \"input\": 2,\n}");
    EXPECT_NE(msg.find("unexpected '}'"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("[json.exception"), std::string::npos) << msg;
}

// ---- files ------------------------------------------------------------------------

TEST(ModelSpecLoad, XorFile) {
    const ModelSpec s = load_model_spec(kData / "xor_step.json");
    expect_same(s, parse_model_spec(kXorSpec));
}

TEST(ModelSpecLoad, ErrorsNameTheFile) {
    const fs::path dir = fs::temp_directory_path() / ("neurite_spec_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path p = dir / "bad.json";
    std::ofstream(p) << with_layer(R"({"type": "dense", "units": -3})");
    const std::string msg = error_of([&] { load_model_spec(p); });
    EXPECT_EQ(msg, p.string() + ": layers[0].units: expected an integer ≥ 1, got -3");

    const std::string missing = error_of([&] { load_model_spec(dir / "missing.json"); });
    EXPECT_NE(missing.find((dir / "missing.json").string()), std::string::npos) << missing;
    EXPECT_NE(missing.find("no such file"), std::string::npos) << missing;

    const std::string directory = error_of([&] { load_model_spec(dir); });
    EXPECT_NE(directory.find(dir.string()), std::string::npos) << directory;
    EXPECT_NE(directory.find("directory"), std::string::npos) << directory;
    fs::remove_all(dir);
}

TEST(ModelSpecLoad, Unreadable) {
    if (::geteuid() == 0) GTEST_SKIP() << "root can read any file";
    const fs::path dir = fs::temp_directory_path() / ("neurite_spec_unreadable_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path p = dir / "locked.json";
    std::ofstream(p) << kXorSpec;
    fs::permissions(p, fs::perms::none);
    const std::string msg = error_of([&] { load_model_spec(p); });
    EXPECT_NE(msg.find(p.string() + ": cannot open model spec"), std::string::npos) << msg;
    fs::permissions(p, fs::perms::owner_all);
    fs::remove_all(dir);
}

// Every ```json block of docs/model-spec.md is a complete spec that parses
// and builds.
TEST(ModelSpecLoad, DocumentationExamples) {
    std::ifstream in(fs::path(NEURITE_SOURCE_DIR) / "docs" / "model-spec.md");
    ASSERT_TRUE(in) << "docs/model-spec.md not found";
    std::string line, block;
    bool inside = false;
    int blocks = 0;
    int line_no = 0, start = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!inside && line == "```json") {
            inside = true;
            block.clear();
            start = line_no;
        } else if (inside && line == "```") {
            inside = false;
            ++blocks;
            SCOPED_TRACE("docs/model-spec.md block at line " + std::to_string(start));
            ModelSpec s;
            ASSERT_NO_THROW(s = parse_model_spec(block, "docs"));
            EXPECT_NO_THROW(build_network<float>(s));
            expect_same(parse_model_spec(to_json(s)), s);
        } else if (inside) {
            block += line + "\n";
        }
    }
    EXPECT_GE(blocks, 3);
}

// ---- writing ----------------------------------------------------------------------

TEST(ModelSpecJson, RoundTrip) {
    const ModelSpec s = full_spec();
    const std::string text = to_json(s);
    const ModelSpec back = parse_model_spec(text, "written");
    expect_same(back, s);
    EXPECT_EQ(to_json(back), text);
}

// A trained model's extras: its input scaling and class names, written and
// read back exactly, and checked against the network's widths.
TEST(ModelSpecJson, PreprocessingAndClassNamesRoundTrip) {
    ModelSpec s = parse_model_spec(R"({"input": 2, "layers": [{"type": "dense", "units": 3, "activation": "softmax"}]})");
    s.preprocessing = Preprocessing{ScalingKind::standardize, {0.5f, -1.25f}, {2.0f, 1.0f / 3.0f}};
    s.class_names = {"a", "b", "c"};
    const std::string text = to_json(s);
    const ModelSpec back = parse_model_spec(text, "written");
    ASSERT_TRUE(back.preprocessing.has_value());
    EXPECT_EQ(back.preprocessing->kind, ScalingKind::standardize);
    EXPECT_EQ(back.preprocessing->offset, s.preprocessing->offset);
    EXPECT_EQ(back.preprocessing->scale, s.preprocessing->scale);
    EXPECT_EQ(back.class_names, s.class_names);
    EXPECT_EQ(to_json(back), text);

    const std::string top = R"({"input": 2, "layers": [{"type": "dense", "units": 3}], )";
    EXPECT_EQ(parse_error(top + R"("preprocessing": {"kind": "minmax", "offset": [0], "scale": [1, 2]}})"),
              "spec.json: preprocessing.offset: expected 2 numbers (one per input), got 1");
    EXPECT_EQ(parse_error(top + R"("preprocessing": {"kind": "minmax"}})"),
              "spec.json: preprocessing: \"minmax\" needs \"offset\" and \"scale\", one number per input each");
    EXPECT_EQ(parse_error(top + R"("preprocessing": {"kind": "none", "offset": [0, 1]}})"),
              "spec.json: preprocessing.offset: expected 0 numbers (one per input), got 2");
    EXPECT_EQ(parse_error(top + R"("class_names": ["x", 2, "z"]})"), "spec.json: class_names[1]: expected a string, got 2");
    EXPECT_EQ(parse_error(top + R"("class_names": ["x"]})"), "spec.json: class_names: expected 3 names (one per output), got 1");
    s.preprocessing->scale.pop_back();
    EXPECT_NE(error_of([&] { to_json(s); }).find("preprocessing has 2 offsets and 1 scales"), std::string::npos);
}

TEST(ModelSpecJson, RoundTripsFloatWeightsExactly) {
    ModelSpec s = parse_model_spec(with_layer(R"({"type": "dense", "units": 3})"));
    std::vector<double> w;
    for (int k = 0; k < 6; ++k) w.push_back(double(std::nextafter(float(k) / 7.0f + 0.1f, 2.0f)));
    w[5] = double(std::numeric_limits<float>::denorm_min());
    s.layers[0].weights = w;
    s.layers[0].bias = std::vector<double>{double(1.0f / 3.0f), double(-std::numeric_limits<float>::max()), 0.0};
    expect_same(parse_model_spec(to_json(s)), s);
}

TEST(ModelSpecJson, Layout) {
    const std::string text = to_json(parse_model_spec(kXorSpec));
    // Versioned, indented, weights one row per unit.
    EXPECT_EQ(text.rfind("{\n  \"format\": \"neurite-spec\",\n  \"version\": 1,\n  \"input\": 2,\n", 0), 0u) << text;
    EXPECT_NE(text.find("\"weights\": [[1.0, -1.0], [-1.0, 1.0]]"), std::string::npos) << text;
    EXPECT_NE(text.find("\"bias\": [-0.5, -0.5]"), std::string::npos) << text;
    EXPECT_EQ(text.find("threshold"), std::string::npos) << text;
    EXPECT_EQ(text.back(), '\n');

    // A wide layer: each unit's row on its own line.
    ModelSpec wide = parse_model_spec(R"({"input": 40, "layers": [{"type": "dense", "units": 3}]})");
    wide.layers[0].weights = std::vector<double>(120, 0.123456789);
    const std::string w = to_json(wide);
    EXPECT_NE(w.find("\"weights\": [\n        [0.123456789, "), std::string::npos) << w;
    std::size_t rows = 0;
    for (std::size_t p = w.find("\n        [0.1"); p != std::string::npos; p = w.find("\n        [0.1", p + 1)) ++rows;
    EXPECT_EQ(rows, 3u) << w;
}

TEST(ModelSpecJson, SmallLayersStayOnOneLine) {
    const std::string text = to_json(parse_model_spec(
        R"({"input": 2, "layers": [{"type": "dense", "units": 8, "activation": "relu"}, {"type": "dropout", "rate": 0.5}]})"));
    EXPECT_NE(text.find("{\"type\": \"dense\", \"units\": 8, \"activation\": \"relu\"}"), std::string::npos) << text;
    EXPECT_NE(text.find("{\"type\": \"dropout\", \"rate\": 0.5}"), std::string::npos) << text;
}

TEST(ModelSpecJson, RejectsInvalidSpecs) {
    ModelSpec s = parse_model_spec(with_layer(R"({"type": "dense", "units": 2})"));
    s.layers[0].bias = std::vector<double>{0.0, std::nan("")};
    EXPECT_EQ(error_of([&] { to_json(s); }), "model spec: layers[0].bias[1]: expected a finite number, got nan");
    s.layers[0].bias = std::vector<double>{0.0};
    EXPECT_EQ(error_of([&] { to_json(s); }), "model spec: layers[0].bias: expected 2 numbers, got 1");
}

// ---- networks ---------------------------------------------------------------------

TEST(ModelSpecBuild, XorFromStepUnits) {
    auto net = build_network<float>(load_model_spec(kData / "xor_step.json"));
    EXPECT_EQ(forward_xor(net), (std::vector<float>{0, 1, 1, 0}));
    auto netd = build_network<double>(parse_model_spec(kXorSpec));
    EXPECT_EQ(forward_xor(netd), (std::vector<double>{0, 1, 1, 0}));
}

// The perceptron's fruit example (watermelon (1, 1) -> 1, banana (-1, -1) -> 0)
// with the textbook's f(0) = 0: step_strict gives the Perceptron class's
// outputs; step differs exactly where the net input is 0.
TEST(ModelSpecBuild, FruitExampleWithTheStrictStep) {
    const MatrixD fruit(2, 2, {1, 1, -1, -1});
    const auto perceptron = [&](std::vector<double> w, double theta) {
        const Perceptron p(std::move(w), theta, +1.0);  // net input w·x + θ, as the demo runs the text's update
        return std::vector<float>{float(p.predict(fruit.row(0))), float(p.predict(fruit.row(1)))};
    };
    // Trained: w = (2, 0), θ = 1 (net inputs 3 and -1).
    ModelSpec trained = load_model_spec(kData / "fruit_step_strict.json");
    EXPECT_EQ(trained.layers[0].activation, Activation::step_strict);
    auto net = build_network<float>(trained);
    EXPECT_EQ(forward_rows(net, "fruit_inputs.csv"), (std::vector<float>{1, 0}));
    EXPECT_EQ(forward_rows(net, "fruit_inputs.csv"), perceptron({2, 0}, 1));
    // The start: w = (1, -1), θ = 0 puts both fruits at net input 0.
    ModelSpec start = load_model_spec(kData / "fruit_start_step_strict.json");
    auto strict = build_network<float>(start);
    EXPECT_EQ(forward_rows(strict, "fruit_inputs.csv"), (std::vector<float>{0, 0}));  // both judged bananas
    EXPECT_EQ(forward_rows(strict, "fruit_inputs.csv"), perceptron({1, -1}, 0));
    start.layers[0].activation = Activation::step;
    auto heaviside = build_network<double>(start);
    EXPECT_EQ(forward_rows(heaviside, "fruit_inputs.csv"), (std::vector<double>{1, 1}));  // both watermelons
    // The spec written back keeps the activation.
    const std::string text = to_json(spec_of(strict));
    EXPECT_NE(text.find("\"activation\": \"step_strict\""), std::string::npos) << text;
    expect_same(parse_model_spec(text), spec_of(strict));
}

TEST(ModelSpecBuild, WeightsAreTransposedIntoTheLayer) {
    const ModelSpec s = parse_model_spec(
        R"({"input": 3, "layers": [{"type": "dense", "units": 2,
              "weights": [[1, 2, 3], [4, 5, 6]], "bias": [7, 8]}]})");
    auto net = build_network<double>(s);
    auto& dense = dynamic_cast<Dense<double>&>(net.layer(0));
    const auto w = dense.weights();
    ASSERT_EQ(w.rows(), 3u);
    ASSERT_EQ(w.cols(), 2u);
    for (std::size_t u = 0; u < 2; ++u)
        for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(w(i, u), double(u * 3 + i + 1));
    EXPECT_EQ(dense.bias()[0], 7.0);
    EXPECT_EQ(dense.bias()[1], 8.0);
    // y = x·W + b for x = (1, 0, -1): unit 0: 1 − 3 + 7, unit 1: 4 − 6 + 8.
    MatrixD x(1, 3, {1, 0, -1});
    const auto y = net.forward(x.view());
    EXPECT_EQ(y(0, 0), 5.0);
    EXPECT_EQ(y(0, 1), 6.0);
}

TEST(ModelSpecBuild, LayersAndOptions) {
    const ModelSpec s = full_spec();
    auto net = build_network<float>(s);
    ASSERT_EQ(net.size(), 6u);  // the softmax dense layer is two layers
    const auto& d1 = dynamic_cast<const Dense<float>&>(net.layer(0));
    EXPECT_EQ(d1.units(), 4u);
    EXPECT_EQ(d1.activation(), Activation::leaky_relu);
    EXPECT_EQ(d1.options().alpha, 0.2);
    for (float b : d1.bias()) EXPECT_EQ(b, 0.1f);
    for (float w : d1.weights().flat()) {
        EXPECT_GE(w, -0.25f);
        EXPECT_LT(w, 0.75f);
    }
    EXPECT_EQ(dynamic_cast<const Dropout<float>&>(net.layer(1)).rate(), 0.3);
    const auto& act = dynamic_cast<const ActivationLayer<float>&>(net.layer(2));
    EXPECT_EQ(act.activation(), Activation::elu);
    EXPECT_EQ(act.alpha(), 0.5);
    const auto& d3 = dynamic_cast<const Dense<float>&>(net.layer(4));
    EXPECT_EQ(d3.activation(), Activation::identity);
    EXPECT_EQ(dynamic_cast<const ActivationLayer<float>&>(net.layer(5)).activation(), Activation::softmax);
    EXPECT_EQ(net.output_size(), 3u);
}

TEST(ModelSpecBuild, DefaultAlphaIsResolved) {
    auto net = build_network<float>(
        parse_model_spec(with_layer(R"({"type": "dense", "units": 2, "activation": "leaky_relu"})")));
    EXPECT_EQ(dynamic_cast<const Dense<float>&>(net.layer(0)).options().alpha, 0.01);
}

TEST(ModelSpecBuild, SeedMakesInitializationReproducible) {
    ModelSpec s = parse_model_spec(R"({"input": 5, "layers": [{"type": "dense", "units": 4, "activation": "relu"},
                                                             {"type": "dense", "units": 3}]})");
    auto params = [](const BasicSequential<float>& n) {
        return std::vector<float>(n.params().begin(), n.params().end());
    };
    const auto a = params(build_network<float>(s, 7));
    EXPECT_EQ(params(build_network<float>(s, 7)), a);
    EXPECT_NE(params(build_network<float>(s, 8)), a);
    s.seed = 7;
    EXPECT_EQ(params(build_network<float>(s, 99)), a) << "spec.seed wins over default_seed";
}

TEST(ModelSpecBuild, ExplicitBiasKeepsInitializedWeights) {
    const ModelSpec s = parse_model_spec(with_layer(R"({"type": "dense", "units": 2, "threshold": 1})"));
    auto net = build_network<float>(s);
    const auto& d = dynamic_cast<const Dense<float>&>(net.layer(0));
    EXPECT_EQ(d.bias()[0], -1.0f);
    bool any_nonzero = false;
    for (float w : d.weights().flat()) any_nonzero = any_nonzero || w != 0.0f;
    EXPECT_TRUE(any_nonzero);
}

TEST(ModelSpecBuild, RejectsInvalidSpecs) {
    ModelSpec s;
    s.input = 2;
    EXPECT_EQ(error_of([&] { build_network<float>(s); }), "model spec: layers: expected at least one layer");
    LayerSpec d;
    d.type = "dense";
    s.layers.push_back(d);
    EXPECT_EQ(error_of([&] { build_network<float>(s); }),
              "model spec: layers[0].units: expected an integer in [1, 1000000], got 0");
    s.layers[0].units = 1;
    s.layers[0].weights = std::vector<double>{1, 2, 3};
    EXPECT_EQ(error_of([&] { build_network<float>(s); }),
              "model spec: layers[0].weights: expected 2 numbers (1 unit × 2 inputs), got 3");
    s.layers[0].weights = std::vector<double>{1, std::numeric_limits<double>::infinity()};
    EXPECT_EQ(error_of([&] { build_network<float>(s); }),
              "model spec: layers[0].weights[1]: expected a finite number, got inf");
    s.layers[0].weights = std::vector<double>{1, 1e39};
    EXPECT_EQ(error_of([&] { build_network<float>(s); }), "model spec: layers[0].weights: 1e+39 is out of range for float");
    EXPECT_NO_THROW(build_network<double>(s));
    s.input = 0;
    EXPECT_NE(error_of([&] { build_network<float>(s); }).find("model spec: input:"), std::string::npos);
}

TEST(ModelSpecOf, RoundTripThroughANetwork) {
    const ModelSpec s = full_spec();
    auto net = build_network<double>(s);
    const ModelSpec back = spec_of(net);
    ASSERT_EQ(back.layers.size(), s.layers.size());
    EXPECT_EQ(back.input, 3u);
    EXPECT_FALSE(back.seed.has_value());
    EXPECT_EQ(back.layers[4].activation, Activation::softmax) << "dense + softmax folds back";
    EXPECT_EQ(back.layers[4].units, 3u);
    EXPECT_EQ(back.layers[0].alpha, 0.2);
    EXPECT_EQ(back.layers[2].alpha, 0.5);
    EXPECT_EQ(back.layers[1].rate, 0.3);
    // The explicit weights of layer 3 come back exactly (double network).
    EXPECT_EQ(back.layers[3].weights, s.layers[3].weights);
    EXPECT_EQ(back.layers[3].bias, s.layers[3].bias);
    // Rebuilding from the spec of a network gives the same parameters.
    auto again = build_network<double>(back);
    EXPECT_TRUE(std::equal(net.params().begin(), net.params().end(), again.params().begin(), again.params().end()));
    // And the spec survives JSON.
    expect_same(parse_model_spec(to_json(back)), back);
}

TEST(ModelSpecOf, XorWeightsAreNeuronMajor) {
    auto net = build_network<float>(parse_model_spec(kXorSpec));
    const ModelSpec s = spec_of(net);
    expect_same(s, parse_model_spec(kXorSpec));
    const ModelSpec bare = spec_of(net, false);
    EXPECT_FALSE(bare.layers[0].weights.has_value());
    EXPECT_FALSE(bare.layers[0].bias.has_value());
}

TEST(ModelSpecOf, HandBuiltNetworks) {
    Sequential net(4);
    net.dense(3, Activation::tanh).dropout(0.25).dense(2).softmax().activation(Activation::leaky_relu, 0.3);
    const ModelSpec unbuilt = spec_of(net);
    ASSERT_EQ(unbuilt.layers.size(), 4u);
    EXPECT_FALSE(unbuilt.layers[0].weights.has_value()) << "no weights before build()";
    EXPECT_EQ(unbuilt.layers[2].activation, Activation::softmax);
    EXPECT_EQ(unbuilt.layers[3].type, "activation");
    EXPECT_EQ(unbuilt.layers[3].alpha, 0.3);
    net.build();
    Rng rng(3);
    net.init(rng);
    const ModelSpec s = spec_of(net);
    ASSERT_TRUE(s.layers[2].weights.has_value());
    EXPECT_EQ(s.layers[2].weights->size(), 6u);
    auto copy = build_network<float>(parse_model_spec(to_json(s)));
    EXPECT_TRUE(std::equal(net.params().begin(), net.params().end(), copy.params().begin(), copy.params().end()));
}

TEST(ModelSpecOf, SoftmaxAfterANonIdentityDenseIsNotFolded) {
    Sequential net(2);
    net.dense(2, Activation::relu).softmax();
    const ModelSpec s = spec_of(net, false);
    ASSERT_EQ(s.layers.size(), 2u);
    EXPECT_EQ(s.layers[0].activation, Activation::relu);
    EXPECT_EQ(s.layers[1].type, "activation");
    EXPECT_EQ(s.layers[1].activation, Activation::softmax);
}

TEST(ModelSpecHostile, DeepNestingIsRefusedWhileParsing) {
    // 100000 levels: refused at level 65, never built or walked recursively.
    const std::string open(100000, '['), close(100000, ']');
    std::string e = parse_error(R"({"input": 2, "layers": )" + open + close + "}");
    EXPECT_EQ(e.rfind("spec.json: layers[0][0]", 0), 0u) << e.substr(0, 300);
    EXPECT_NE(e.find(": JSON nested deeper than 64 levels"), std::string::npos) << e.substr(0, 300);
    EXPECT_LT(e.size(), 400u);
    e = parse_error(open);  // unterminated as well
    EXPECT_NE(e.find("JSON nested deeper than 64 levels"), std::string::npos) << e.substr(0, 300);
    std::string objects;
    for (int i = 0; i < 100000; ++i) objects += R"({"a": )";
    e = parse_error(objects);
    EXPECT_NE(e.find("JSON nested deeper than 64 levels"), std::string::npos) << e.substr(0, 300);
    // What a spec needs (5 levels) is far below the limit.
    EXPECT_NO_THROW(parse_model_spec(kXorSpec));
}

TEST(ModelSpecHostile, DuplicateKeys) {
    EXPECT_EQ(parse_error(R"({"input": 2, "input": 3, "layers": [{"type": "dense", "units": 1}]})"),
              "spec.json: duplicate key \"input\"");
    EXPECT_EQ(parse_error(with_layer(R"({"type": "dense", "type": "dropout", "units": 1})")),
              "spec.json: layers[0]: duplicate key \"type\"");
}

TEST(ModelSpecHostile, MillionLayersAreRefusedWhileParsing) {
    std::string text = R"({"input": 2, "layers": [)";
    for (int i = 0; i < 1000000; ++i) text += R"({"type": "dropout", "rate": 0}, )";
    text += R"({"type": "dense", "units": 1}]})";
    EXPECT_EQ(parse_error(text), "spec.json: layers: at most 10000 layers are supported, got more");
    // 10000 layers are accepted.
    std::string ok = R"({"input": 2, "layers": [)";
    for (int i = 0; i < 9999; ++i) ok += R"({"type": "dropout", "rate": 0}, )";
    ok += R"({"type": "dense", "units": 1}]})";
    EXPECT_EQ(parse_model_spec(ok).layers.size(), 10000u);
    // A spec built in code is held to the same limit.
    ModelSpec spec = parse_model_spec(ok);
    spec.layers.push_back(spec.layers.front());
    EXPECT_EQ(error_of([&] { to_json(spec); }), "model spec: layers: at most 10000 layers are supported, got 10001");
}

TEST(ModelSpecHostile, NegativeZeroAndHugeSizes) {
    EXPECT_EQ(parse_error(R"({"input": 0, "layers": [{"type": "dense", "units": 1}]})"),
              "spec.json: input: expected an integer ≥ 1, got 0");
    EXPECT_EQ(parse_error(R"({"input": -1, "layers": [{"type": "dense", "units": 1}]})"),
              "spec.json: input: expected an integer ≥ 1, got -1");
    EXPECT_EQ(parse_error(with_layer(R"({"type": "dense", "units": 0})")),
              "spec.json: layers[0].units: expected an integer ≥ 1, got 0");
    EXPECT_EQ(parse_error(with_layer(R"({"type": "dense", "units": 18446744073709551615})")),
              "spec.json: layers[0].units: at most 1000000 units are supported, got 18446744073709551615");
    EXPECT_NE(parse_error(with_layer(R"({"type": "dense", "units": 1e300})")).find("spec.json: layers[0].units: "),
              std::string::npos);
    EXPECT_NE(parse_error(with_layer(R"({"type": "dense", "units": 99999999999999999999999})"))
                  .find("spec.json: layers[0].units: "),
              std::string::npos);
}

TEST(ModelSpecHostile, FiftyMegabyteStringsMakeShortMessages) {
    const std::string big(50'000'000, 'x');
    const std::string cut = std::string(37, 'x') + "...";
    const std::string mb(1'000'000, 'x');  // the other paths, with shorter strings to keep the test fast
    std::string e = parse_error(R"({"format": ")" + big + R"(", "input": 2, "layers": []})");
    EXPECT_EQ(e, "spec.json: format: expected \"neurite-spec\", got \"" + cut + "\"");
    e = parse_error(R"({")" + big + R"(": 1, "input": 2, "layers": []})");
    EXPECT_EQ(e.rfind("spec.json: unknown key \"" + cut + "\" (the spec takes: ", 0), 0u) << e.substr(0, 300);
    e = parse_error(with_layer(R"({"type": "dense", "units": 1, "activation": ")" + mb + R"("})"));
    EXPECT_EQ(e.rfind("spec.json: layers[0].activation: unknown activation \"" + cut + "\" (expected one of", 0), 0u)
        << e.substr(0, 300);
    e = parse_error(with_layer(R"({"type": ")" + mb + R"("})"));
    EXPECT_EQ(e.rfind("spec.json: layers[0].type: unknown layer type \"" + cut + "\"", 0), 0u) << e.substr(0, 300);
    e = parse_error(R"({")" + mb + R"(": 1, ")" + mb + R"(": 2})");
    EXPECT_EQ(e, "spec.json: duplicate key \"" + cut + "\"");
    e = parse_error(R"({"input": ")" + big);  // unterminated
    EXPECT_EQ(e.rfind("spec.json: invalid JSON at line 1, column ", 0), 0u) << e.substr(0, 300);
    for (const std::string& m : {e}) EXPECT_LT(m.size(), 400u) << m.substr(0, 300);
}
