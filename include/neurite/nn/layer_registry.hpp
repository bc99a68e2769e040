// The layer registry: every layer kind the JSON model spec, the model file
// and spec_of know, each registered once with what it knows about itself.
//
// A kind is a name (the spec's "type" and Layer::type()), the JSON keys it
// takes, and functions that
//   parse    read its keys from a spec layer object into a LayerSpec,
//   check    check a LayerSpec built in code the way parse checks a parsed one,
//   write    write a LayerSpec's keys back,
//   make     make its network layers from a LayerSpec (their output_size and
//            param_count give the spec's shape and parameter count),
//   load     copy a LayerSpec's explicit parameters into the made layers,
//   describe turn built layers back into a LayerSpec.
// The io code (parse_model_spec, to_json, build_network, spec_of, the model
// file) asks the registry and knows no kind by name. JSON itself stays in io:
// a kind reads and writes through the SpecFields and SpecOut interfaces.
//
// Each library kind (dense, activation, dropout) is defined in its own source
// file (e.g. dense_layer_kind() in src/nn/dense.cpp) and listed once in
// src/nn/layer_registry.cpp; a program or test adds its own with
// register_layer_kind or a LayerRegistration object. Adding a kind is a how-to
// in docs/architecture.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "neurite/nn/activation.hpp"
#include "neurite/nn/init.hpp"
#include "neurite/nn/layer.hpp"

namespace neurite {

// One layer of a model spec. `type` names its registered kind; the other
// fields are what that kind reads and writes. The library's kinds use:
//   dense       units, activation, alpha, weight_init, bias_init, weights, bias
//   activation  activation, alpha
//   dropout     rate
// A kind registered elsewhere may use any of them with the same meaning
// (weights and bias: explicit parameters; weight_init: their initializer)
// and keeps other numbers in `options`, by JSON key.
struct LayerSpec {
    std::string type = "dense";
    std::size_t units = 0;
    Activation activation = Activation::identity;
    double alpha = -1.0;  // < 0: the activation's default
    double rate = 0.0;
    std::optional<Initializer> weight_init;
    Initializer bias_init = Initializer::zeros();
    // Explicit parameters. For dense, neuron-major: weights[u * inputs + i] is
    // the weight from input i to unit u; bias[u] = −threshold[u].
    std::optional<std::vector<double>> weights;
    std::optional<std::vector<double>> bias;
    std::map<std::string, double, std::less<>> options;
};

// A spec layer while it is read or checked: its input width, and how to
// report a problem with it ("SOURCE: layers[i].KEY: MESSAGE").
class SpecPlace {
public:
    virtual ~SpecPlace() = default;
    // The layer's input width (the previous layer's output width).
    virtual std::size_t input_size() const = 0;
    // Throws Error naming the layer's path and `key` (empty: the layer itself).
    [[noreturn]] virtual void fail(std::string_view key, const std::string& message) const = 0;
    // Counts the layer's parameters towards the network's limit (from the
    // layers its kind makes of `spec`). A kind calls it once the keys that set
    // its size are read, so that a too-big network is refused before its
    // weights are; when a kind does not, it is counted after parse or check.
    virtual void count_parameters(const LayerSpec& spec) = 0;

    // Checks for code-built specs, with the parser's messages.
    void check_alpha(const LayerSpec& spec) const;  // "alpha": finite, only for leaky_relu and elu
    void check_init(const Initializer& init, std::string_view key) const;
    void check_finite(std::span<const double> values, std::string_view key) const;
};

// The keys of a spec layer object, read with the parser's checks; a required
// key that is missing, or a value of the wrong kind, is an Error naming its
// JSON path.
class SpecFields : public SpecPlace {
public:
    virtual bool has(std::string_view key) const = 0;
    // The value as messages quote it, e.g. "\"relu\"", "an array of 3".
    virtual std::string shown(std::string_view key) const = 0;
    // A number (not checked for finiteness); otherwise "expected EXPECTED, got …".
    virtual double number(std::string_view key, std::string_view expected) const = 0;
    // A finite number.
    virtual double finite(std::string_view key) const = 0;
    // An integer in [1, max]; more is "at most MAX WHAT are supported".
    virtual std::size_t size(std::string_view key, std::size_t max, std::string_view what) const = 0;
    virtual Activation activation(std::string_view key) const = 0;
    // The "alpha" key for activation `a`: −1 when absent, an Error when `a`
    // takes none.
    virtual double alpha(Activation a) const = 0;
    virtual Initializer initializer(std::string_view key) const = 0;
    // `rows` rows of `columns` numbers, nested ([[…], […]]) or flat; flat,
    // row-major in the result.
    virtual std::vector<double> rows(std::string_view key, std::size_t rows, std::size_t columns) const = 0;
    // A number (repeated `count` times) or an array of `count` numbers; with
    // `negate`, each is negated (a threshold given as a bias).
    virtual std::vector<double> per_unit(std::string_view key, std::size_t count, bool negate = false) const = 0;
};

// The keys of a spec layer object as it is written, in call order.
class SpecOut {
public:
    virtual ~SpecOut() = default;
    virtual void integer(std::string_view key, std::uint64_t value) = 0;
    virtual void number(std::string_view key, double value) = 0;
    virtual void text(std::string_view key, std::string_view value) = 0;
    virtual void initializer(std::string_view key, const Initializer& init) = 0;
    virtual void numbers(std::string_view key, std::span<const double> values) = 0;
    // values.size() / columns rows of `columns` numbers each.
    virtual void rows(std::string_view key, std::span<const double> values, std::size_t columns) = 0;
};

template <typename T>
using LayerList = std::vector<std::unique_ptr<Layer<T>>>;

// What a kind does for networks of element type T.
template <typename T>
struct LayerKindOps {
    // The network layers of one spec layer (a softmax dense layer makes two).
    // `seed` is this spec layer's own, derived from the network's seed and
    // the layer's position, for kinds that draw numbers outside init.
    LayerList<T> (*make)(const LayerSpec& spec, std::uint64_t seed) = nullptr;
    // Copies the spec's explicit parameters into the made layers, which are
    // built and initialized; `path` ("layers[2]") names them in errors.
    // nullptr: the kind has none.
    void (*load)(std::span<Layer<T>* const> made, const LayerSpec& spec, const std::string& path) = nullptr;
    // Writes layers[0] (and layers after it that the same spec layer made)
    // into `out` and returns how many layers it took (at least 1).
    std::size_t (*describe)(std::span<const Layer<T>* const> layers, bool with_weights, LayerSpec& out) = nullptr;
};

struct LayerKind {
    std::string name;               // "dense": the spec's "type", Layer::type()
    std::string what;               // "a dense layer", in messages
    std::vector<std::string> keys;  // the JSON keys it takes, "type" included
    void (*parse)(SpecFields& in, LayerSpec& out) = nullptr;
    void (*check)(SpecPlace& at, const LayerSpec& spec) = nullptr;
    // `input_size` is the layer's input width.
    void (*write)(const LayerSpec& spec, std::size_t input_size, SpecOut& out) = nullptr;
    LayerKindOps<float> float_ops = {};  // see with_ops and one_layer_kind
    LayerKindOps<double> double_ops = {};

    template <typename T>
    const LayerKindOps<T>& ops() const {
        if constexpr (std::is_same_v<T, float>) return float_ops;
        else return double_ops;
    }
};

// `kind` with its float_ops and double_ops filled from `Ops`, whose static
// member templates make<T>, describe<T> and (for a kind with explicit
// parameters) load<T> have LayerKindOps<T>'s signatures: a kind's code for
// both element types, written once.
template <typename Ops>
LayerKind with_ops(LayerKind kind);

// `kind` for a kind that makes one layer of class template L per spec layer,
// from two captureless lambdas:
//   args(spec, seed) -> a std::tuple of L<T>'s constructor arguments
//   read(layer, spec) writes a built `const L<T>&` (a generic parameter)
//   back into the spec.
template <template <typename> class L, typename Args, typename Read>
LayerKind one_layer_kind(LayerKind kind, Args args, Read read);

// The registered kinds, in registration order (the library's first).
std::vector<const LayerKind*> layer_kinds();
// The kind named `name`, or nullptr.
const LayerKind* find_layer_kind(std::string_view name);
// Registers a kind; an empty or taken name, no keys, or a missing parse,
// write or make function is an Error.
void register_layer_kind(LayerKind kind);
// Removes a kind registered with register_layer_kind (not a library kind).
void unregister_layer_kind(std::string_view name);

// Registers a kind for the object's lifetime: at namespace scope, for the
// program's; in a test, for the test's.
class LayerRegistration {
public:
    explicit LayerRegistration(LayerKind kind);
    ~LayerRegistration();
    LayerRegistration(const LayerRegistration&) = delete;
    LayerRegistration& operator=(const LayerRegistration&) = delete;

private:
    std::string name_;
};

// ---- implementation of with_ops and one_layer_kind --------------------------------

namespace detail {

template <typename Ops, typename T>
LayerKindOps<T> ops_of() {
    LayerKindOps<T> ops;
    ops.make = &Ops::template make<T>;
    if constexpr (requires { &Ops::template load<T>; }) ops.load = &Ops::template load<T>;
    ops.describe = &Ops::template describe<T>;
    return ops;
}

// Ops for one_layer_kind; Args and Read are captureless lambda types, made
// on each call (C++20 lets them be default-constructed).
template <template <typename> class L, typename Args, typename Read>
struct OneLayerOps {
    template <typename T>
    static LayerList<T> make(const LayerSpec& spec, std::uint64_t seed) {
        LayerList<T> out;
        out.push_back(std::apply([](auto&&... a) { return std::make_unique<L<T>>(a...); }, Args{}(spec, seed)));
        return out;
    }
    template <typename T>
    static std::size_t describe(std::span<const Layer<T>* const> layers, bool /*with_weights*/, LayerSpec& out) {
        Read{}(dynamic_cast<const L<T>&>(*layers[0]), out);
        return 1;
    }
};

}  // namespace detail

template <typename Ops>
LayerKind with_ops(LayerKind kind) {
    kind.float_ops = detail::ops_of<Ops, float>();
    kind.double_ops = detail::ops_of<Ops, double>();
    return kind;
}

template <template <typename> class L, typename Args, typename Read>
LayerKind one_layer_kind(LayerKind kind, Args /*args*/, Read /*read*/) {
    return with_ops<detail::OneLayerOps<L, Args, Read>>(std::move(kind));
}

}  // namespace neurite
