// JavaScript bindings of the playground engine (Emscripten embind).
//
// Built by scripts/build_playground.sh into neurite_engine.js + .wasm, a
// modularized ES5 factory named NeuriteEngine:
//
//   const engine = await NeuriteEngine();          // loads neurite_engine.wasm
//   const s = new engine.Session();
//   s.configure('{"hidden":[4,2],"activation":"tanh","learning_rate":0.03}');
//   s.setData(trainX, trainY, testX, testY, 2);
//   s.step(1);
//   ...
//   s.delete();                                     // frees the C++ object
//
// The API as JavaScript sees it. "array" arguments take a Float32Array, any
// other typed array, or a plain Array of numbers; x arrays are rows × features,
// row-major. Every method throws a JavaScript Error whose message is
// neurite's (it names the bad JSON key, e.g. 'playground config: "hidden[1]":
// must be an integer from 1 to 4096, got -3').
//
//   new Session()                                      default config, 2 features
//   configure(configJson: string): undefined           fresh network (see session.hpp for the keys)
//   tune(configJson: string): undefined                new optimizer settings, same network and epoch
//   setData(trainX: array, trainY: array, testX: array, testY: array, features: number): undefined
//   step(epochs: number): undefined                    epochs of shuffled mini-batches (embind needs the argument)
//   epoch(): number
//   trainLoss(): number        testLoss(): number
//   trainAccuracy(): number    testAccuracy(): number  (NaN for regression; NaN losses without data)
//   metrics(): {epoch, trainLoss, testLoss, trainAccuracy, testAccuracy}   all of the above at once
//   predict(x: array): Float32Array                    rows × outputs (binary: P(class 1); k classes: k probabilities)
//   neuronOutputs(x: array): Float32Array              per dense layer l: rows × units(l), layer after layer
//   layerSizes(): number[]                             [features, units of each dense layer …, outputs]
//   weights(layer: number): Float32Array               neuron-major, w[u * inputs + i]
//   biases(layer: number): Float32Array
//   gradientNorms(): Float32Array                      one per dense layer, from the last mini-batch
//   confusion(): number[]                              classes × classes, row = true class ([] for regression)
//   exportSpec(): string                               JSON model spec with weights (neurite predict --model)
//   delete(): undefined                                embind: frees the object
//
// One free function gives the library's lists, which the page needs before it
// can read a URL or fill its menus (so it loads the engine first):
//
//   catalog(): {
//     optimizers: [{name, label, summary, slots, weightDecay: 'coupled' | 'decoupled',
//                   defaults: {learning_rate, weight_decay, and those of momentum,
//                              rho, beta1, beta2, epsilon the kind reads}}, …],
//     hiddenActivations: [{name, label}, …]
//   }
//
// The optimizers are the library's registry (include/neurite/optim/
// registry.hpp), in its order; the hidden activations are every element-wise
// activation a layer can learn through (not softmax, not step). Their names
// are the ones configure() accepts.
//
// Each method is also bound under its C++ snake_case name (set_data, train_loss,
// neuron_outputs, layer_sizes, gradient_norms, export_spec, …), which is the
// same function. Returned typed arrays are copies: they stay valid after the
// next call and after memory growth.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <array>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/nn/activation.hpp"
#include "neurite/optim/registry.hpp"
#include "session.hpp"

namespace {

using emscripten::val;
using neurite::playground::Session;

// Runs f; a C++ exception becomes a JavaScript Error with its message. The
// Error is thrown after the C++ catch block has ended and the message string
// is freed, so nothing C++ is left half-handled when JavaScript unwinds.
template <typename F>
auto guarded(F&& f) -> decltype(f()) {
    val error = val::undefined();
    try {
        return f();
    } catch (const std::exception& e) {
        error = val::global("Error").new_(std::string(e.what()));
    } catch (...) {
        error = val::global("Error").new_(std::string("neurite: unknown error"));
    }
    error.throw_();
}

std::vector<float> floats(const val& v) {
    if (v.isUndefined() || v.isNull()) return {};
    return emscripten::convertJSArrayToNumberVector<float>(v);
}

val float_array(const std::vector<float>& v) {
    // new Float32Array(view) copies out of the wasm heap.
    return val::global("Float32Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

template <typename T>
val number_array(const std::vector<T>& v) {
    val out = val::array();
    for (std::size_t i = 0; i < v.size(); ++i) out.set(i, double(v[i]));
    return out;
}

void configure(Session& s, const std::string& json) {
    guarded([&] { s.configure(json); });
}

void tune(Session& s, const std::string& json) {
    guarded([&] { s.tune(json); });
}
void set_data(Session& s, const val& train_x, const val& train_y, const val& test_x, const val& test_y,
              double features) {
    guarded([&] {
        if (!(features >= 1) || features != double(std::size_t(features)))
            neurite::fail("playground data: features must be a positive integer, got ", features);
        s.set_data(floats(train_x), floats(train_y), floats(test_x), floats(test_y), std::size_t(features));
    });
}
void step(Session& s, const val& epochs) {
    guarded([&] {
        double n = epochs.isUndefined() ? 1.0 : epochs.as<double>();
        if (!(n >= 0) || n != double(std::size_t(n)))
            neurite::fail("playground: step(epochs): epochs must be a non-negative integer, got ", n);
        s.step(std::size_t(n));
    });
}
double epoch(const Session& s) { return double(s.epoch()); }
double train_loss(const Session& s) { return guarded([&] { return s.train_loss(); }); }
double test_loss(const Session& s) { return guarded([&] { return s.test_loss(); }); }
double train_accuracy(const Session& s) { return guarded([&] { return s.train_accuracy(); }); }
double test_accuracy(const Session& s) { return guarded([&] { return s.test_accuracy(); }); }
val metrics(const Session& s) {
    return guarded([&] {
        val m = val::object();
        m.set("epoch", double(s.epoch()));
        m.set("trainLoss", s.train_loss());
        m.set("testLoss", s.test_loss());
        m.set("trainAccuracy", s.train_accuracy());
        m.set("testAccuracy", s.test_accuracy());
        return m;
    });
}
val predict(const Session& s, const val& x) {
    return guarded([&] { return float_array(s.predict(floats(x))); });
}
val neuron_outputs(const Session& s, const val& x) {
    return guarded([&] { return float_array(s.neuron_outputs(floats(x))); });
}
val layer_sizes(const Session& s) {
    return guarded([&] { return number_array(s.layer_sizes()); });
}
std::size_t layer_index(double layer) {
    if (!(layer >= 0) || layer != double(std::size_t(layer)))
        neurite::fail("playground: layer must be a non-negative integer, got ", layer);
    return std::size_t(layer);
}
val weights(const Session& s, double layer) {
    return guarded([&] { return float_array(s.weights(layer_index(layer))); });
}
val biases(const Session& s, double layer) {
    return guarded([&] { return float_array(s.biases(layer_index(layer))); });
}
val gradient_norms(const Session& s) {
    return guarded([&] { return float_array(s.gradient_norms()); });
}
val confusion(const Session& s) {
    return guarded([&] { return number_array(s.confusion()); });
}
std::string export_spec(const Session& s) {
    return guarded([&] { return s.export_spec(); });
}

// ---- the library's lists ------------------------------------------------------

val optimizer_entry(const neurite::OptimizerRegistration& r) {
    const neurite::OptimizerConfig& d = r.defaults;
    val defaults = val::object();
    defaults.set("learning_rate", d.learning_rate);
    if (r.uses.momentum) defaults.set("momentum", d.momentum);
    if (r.uses.rho) defaults.set("rho", d.rho);
    if (r.uses.betas) {
        defaults.set("beta1", d.beta1);
        defaults.set("beta2", d.beta2);
    }
    if (r.uses.epsilon) defaults.set("epsilon", d.epsilon);
    defaults.set("weight_decay", d.weight_decay);
    val o = val::object();
    o.set("name", std::string(r.name));
    o.set("label", std::string(r.label));
    o.set("summary", std::string(r.summary));
    o.set("slots", double(r.slots));
    o.set("weightDecay", std::string(r.weight_decay == neurite::WeightDecay::decoupled ? "decoupled" : "coupled"));
    o.set("defaults", defaults);
    return o;
}

// A hidden layer learns only through its activation's derivative: step's is
// 0 wherever it is defined, so a layer of steps never changes. Asked of the
// library's own derivative rather than listed by name.
bool learns_through(neurite::Activation a) {
    const auto alpha = static_cast<float>(neurite::default_alpha(a));
    const std::array<float, 2> x = {-0.5f, 0.5f}, dy = {1.0f, 1.0f};
    std::array<float, 2> y{}, dx{};
    neurite::activate<float>(a, alpha, x, y);
    neurite::activation_backward<float>(a, alpha, y, dy, dx);
    return dx[0] != 0.0f || dx[1] != 0.0f;
}

val catalog() {
    return guarded([] {
        val optimizers = val::array();
        for (const neurite::OptimizerRegistration* r : neurite::optimizer_registrations())
            optimizers.call<void>("push", optimizer_entry(*r));
        val activations = val::array();
        for (const auto& [a, name] : neurite::activation_names()) {
            if (!neurite::is_elementwise(a) || !learns_through(a)) continue;
            val entry = val::object();
            entry.set("name", std::string(name));
            entry.set("label", std::string(neurite::activation_label(a)));
            activations.call<void>("push", entry);
        }
        val out = val::object();
        out.set("optimizers", optimizers);
        out.set("hiddenActivations", activations);
        return out;
    });
}

}  // namespace

EMSCRIPTEN_BINDINGS(neurite_playground) {
    emscripten::function("catalog", &catalog);
    auto session = emscripten::class_<Session>("Session").constructor<>();
#define NEURITE_BIND(js, cpp) session.function(js, &cpp).function(#cpp, &cpp)
    session.function("configure", &configure);
    session.function("tune", &tune);
    NEURITE_BIND("setData", set_data);
    session.function("step", &step);
    session.function("epoch", &epoch);
    NEURITE_BIND("trainLoss", train_loss);
    NEURITE_BIND("testLoss", test_loss);
    NEURITE_BIND("trainAccuracy", train_accuracy);
    NEURITE_BIND("testAccuracy", test_accuracy);
    session.function("metrics", &metrics);
    session.function("predict", &predict);
    NEURITE_BIND("neuronOutputs", neuron_outputs);
    NEURITE_BIND("layerSizes", layer_sizes);
    session.function("weights", &weights);
    session.function("biases", &biases);
    NEURITE_BIND("gradientNorms", gradient_norms);
    session.function("confusion", &confusion);
    NEURITE_BIND("exportSpec", export_spec);
#undef NEURITE_BIND
}
