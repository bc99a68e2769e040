// Rosenblatt's perceptron: one threshold unit whose weights are learned by
// error correction.
//
// Output. The unit computes the net input s = w·x + θ·x₀ and outputs
// ŷ = f(s) = 1 when s > 0 and 0 otherwise, so f(0) = 0: the textbook's
// perceptron "outputs 1 above the threshold and 0 at or below it", and its
// fruit example relies on f(0) = 0. (The library's Activation::step and the
// M-P neuron fire at the threshold itself; the perceptron does not, and
// neither does Activation::step_strict, which a network uses to compute the
// perceptron's outputs: tests/data/fruit_step_strict.json.)
//
// The threshold as a weight. θ is the weight on a constant input x₀, so the
// rule that learns the weights learns θ too. x₀ is −1 by default, which
// makes θ the threshold the textbook writes: ŷ = f(w·x − θ), and the unit
// fires when w·x > θ; its decision line is w·x = θ. Some texts fix the
// constant input at +1 instead (θ is then a bias: ŷ = f(w·x + θ), line
// w·x + θ = 0). The two describe the same units with θ of opposite sign;
// choose with Perceptron's constant_input.
//
// Learning. For each sample in turn, with target y and output ŷ,
//
//   wᵢ ← wᵢ + η (y − ŷ) xᵢ        θ ← θ + η (y − ŷ) x₀
//
// so nothing changes when the output is right. With x₀ = −1 a missed
// positive (y − ŷ = 1) raises the weights of the active inputs and lowers θ.
// The textbook's fruit example (colour and shape ±1; w = (1, −1), θ = 0; the
// watermelon x = (1, 1) should give 1 but f(1 − 1 − 0) = f(0) = 0) updates
// to w = (2, 0) and θ = 0 + (1 − 0) = 1: that is this rule with η = 1 and
// x₀ = +1. With x₀ = −1 the same step gives θ = −1, i.e. the same unit
// (2x₁ + 1 > 0 either way). Both classify the two fruits right after this
// one update.
//
// Training. train() presents the samples in their order, epoch after
// epoch, and stops at the first epoch without a mistake (converged), when
// the weights at the end of an epoch equal those at the end of an earlier
// epoch (cycle: the presentation order is fixed, so from there on the same
// epochs repeat forever and the data cannot be learned; XOR ends this way),
// or after max_epochs. Weights count as equal within 1e-9 (relative to the
// larger of them, absolute below 1), so rounding in a fractional learning
// rate does not hide a repeat.
//
//   neurite::Perceptron p(2);                       // w = 0, θ = 0, x₀ = −1
//   const auto result = p.train(x, targets, {.learning_rate = 1.0});
//   // result.stop == PerceptronStop::converged for AND, NAND, OR
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "neurite/tensor/matrix.hpp"

namespace neurite {

// One weight change, recorded by train() when options.record_trace is set.
struct PerceptronUpdate {
    std::size_t epoch = 0;   // 1-based
    std::size_t sample = 0;  // 0-based row of the training data
    std::vector<double> x;
    int target = 0;
    int output = 0;  // ŷ before the update (≠ target)
    std::vector<double> weights_before, weights_after;
    double theta_before = 0.0, theta_after = 0.0;
};

enum class PerceptronStop {
    converged,   // an epoch without mistakes: every sample is classified right
    cycle,       // the end-of-epoch weights repeated: the run would never end
    max_epochs,  // the epoch limit came first
};
std::string_view to_string(PerceptronStop stop);

struct PerceptronOptions {
    double learning_rate = 1.0;    // η > 0
    std::size_t max_epochs = 100;  // ≥ 1
    bool detect_cycles = true;
    bool record_trace = false;  // keep every update in the result
};

struct PerceptronResult {
    PerceptronStop stop = PerceptronStop::max_epochs;
    std::size_t epochs = 0;             // epochs run (when converged, the last had no mistake)
    std::size_t updates = 0;            // weight changes in all
    std::vector<std::size_t> mistakes;  // per epoch
    // When stop == cycle: the weights after epoch `epochs` equal those after
    // epoch `epochs − cycle_period` (epoch 0 = the starting weights).
    std::size_t cycle_period = 0;
    std::vector<PerceptronUpdate> trace;  // when options.record_trace

    bool converged() const { return stop == PerceptronStop::converged; }
};

class Perceptron {
public:
    // `inputs` weights and θ, all 0. constant_input is x₀ (any non-zero
    // value; −1 makes θ the threshold, +1 a bias).
    explicit Perceptron(std::size_t inputs, double constant_input = -1.0);
    Perceptron(std::vector<double> weights, double theta, double constant_input = -1.0);

    std::size_t inputs() const { return w_.size(); }
    std::span<const double> weights() const { return w_; }
    double theta() const { return theta_; }
    double constant_input() const { return x0_; }
    void set_weights(std::vector<double> weights, double theta);

    // s = w·x + θ·x₀.
    double net_input(std::span<const double> x) const;
    // 1 when s > 0, else 0.
    int predict(std::span<const double> x) const;
    // One output per row.
    std::vector<int> predict(MatrixView<const double> x) const;

    // Presents one sample: applies the rule and returns whether the weights
    // changed (i.e. whether the output was wrong).
    bool learn(std::span<const double> x, int target, double learning_rate);

    // Trains on the rows of x with targets 0/1 (see the top of this file).
    PerceptronResult train(MatrixView<const double> x, std::span<const int> targets,
                           const PerceptronOptions& options = {});

private:
    void check_input(std::span<const double> x) const;
    std::vector<double> w_;
    double theta_ = 0.0;
    double x0_ = -1.0;
};

}  // namespace neurite
