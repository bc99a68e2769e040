// The playground's engine: one network, its data and its training state,
// driven step by step from the web page (compiled to WebAssembly with
// Emscripten, bound to JavaScript in bindings.cpp) and, natively, from the
// tests. Everything is the neurite library; this class only keeps the
// pieces together and reports what the page draws.
//
// Data arrive already turned into features by the page (x₁, x₂, x₁², …):
// rows × features, row-major. Classification targets are class indices
// 0 … classes−1; regression targets one number per row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace neurite::playground {

// What the page sets; parsed from JSON by configure() so the page, the URL
// and the tests share one text form:
//   {"hidden": [4, 2], "activation": "tanh", "activations": ["tanh","relu"] (optional, per layer),
//    "problem": "classification" | "regression", "classes": 2,
//    "optimizer": "sgd" | "momentum" | "nesterov" | "adagrad" | "rmsprop" | "adadelta" | "adam" | "adamw",
//    "learning_rate": 0.03, "batch_size": 10,
//    "regularization": "none" | "l1" | "l2", "regularization_rate": 0,
//    "dropout": 0, "seed": 1}
// Every key is optional (the defaults are the values shown, hidden [4, 2] with
// tanh); an unknown key or a bad value is a neurite::Error naming the key.
// Activations are neurite's names (identity, also "linear", step,
// step_strict, sigmoid, tanh, relu, leaky_relu, elu). Dropout, when > 0,
// follows each hidden layer.
// L1 and L2 act on the weights only, not the biases (adamw: its decoupled
// decay, on every parameter).
// Binary classification uses one sigmoid output unit with binary cross-entropy
// (the output is P(class 1)); three or more classes a softmax output with
// categorical cross-entropy; regression an identity output with MSE.
class Session {
public:
    Session();
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Builds a fresh network (initialized from the seed) and optimizer; keeps the data.
    // Throws neurite::Error naming the bad key.
    void configure(const std::string& config_json);
    // Applies the optimizer-side settings of a config (learning_rate,
    // batch_size, regularization, regularization_rate, optimizer) to the
    // running network: its weights and epoch count stay; the optimizer keeps
    // its state unless its kind changes. A key that shapes the network or its
    // data (hidden, activation(s), problem, classes, dropout, seed) must keep
    // its value: a neurite::Error names the first that differs.
    void tune(const std::string& config_json);
    // Replaces the data; the network is rebuilt if the feature count changed.
    void set_data(const std::vector<float>& train_x, const std::vector<float>& train_y,
                  const std::vector<float>& test_x, const std::vector<float>& test_y, std::size_t features);

    // Trains `epochs` passes over the training set in shuffled mini-batches.
    void step(std::size_t epochs = 1);
    std::size_t epoch() const;

    // Losses and accuracies (accuracy: NaN for regression) of the current network.
    double train_loss() const;
    double test_loss() const;
    double train_accuracy() const;
    double test_accuracy() const;

    // Network outputs for any rows (rows × features) → rows × outputs.
    std::vector<float> predict(const std::vector<float>& x) const;
    // Outputs of every neuron for the rows: for each dense layer l (hidden
    // layers, then the output layer), rows × units(l), concatenated layer
    // after layer (the page slices them with layer_sizes()).
    std::vector<float> neuron_outputs(const std::vector<float>& x) const;
    // Input width, then the units of each dense layer.
    std::vector<std::size_t> layer_sizes() const;
    // Dense layer l's weights, neuron-major (w[u * inputs + i]) and biases.
    std::vector<float> weights(std::size_t layer) const;
    std::vector<float> biases(std::size_t layer) const;
    // L2 norm of the loss gradient of each dense layer's weights on the last
    // mini-batch (the page's vanishing/exploding-gradient bars).
    std::vector<float> gradient_norms() const;
    // Test-set confusion matrix, classes × classes, row = true class.
    std::vector<std::uint32_t> confusion() const;

    // The trained network as a neurite JSON model spec with its weights
    // (docs/model-spec.md): `neurite predict --model` and
    // `neurite train --init-from` accept it.
    std::string export_spec() const;

private:
    struct State;
    State* state_;
};

}  // namespace neurite::playground
