// Rosenblatt's perceptron and its error-correction rule (see the header for
// the conventions). train() keeps the weights at the end of every epoch to
// find a repeat; runs are short (a repeat or max_epochs ends them), so a
// linear search over the kept states is enough.
#include "neurite/classic/perceptron.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "neurite/core/error.hpp"

namespace neurite {
namespace {

struct State {
    std::vector<double> w;
    double theta;
};

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }

bool same(const State& a, const State& b) {
    if (!close(a.theta, b.theta)) return false;
    for (std::size_t i = 0; i < a.w.size(); ++i)
        if (!close(a.w[i], b.w[i])) return false;
    return true;
}

}  // namespace

std::string_view to_string(PerceptronStop stop) {
    switch (stop) {
        case PerceptronStop::converged:
            return "converged";
        case PerceptronStop::cycle:
            return "cycle";
        case PerceptronStop::max_epochs:
            return "max_epochs";
    }
    return "?";
}

Perceptron::Perceptron(std::size_t inputs, double constant_input)
    : Perceptron(std::vector<double>(inputs, 0.0), 0.0, constant_input) {}

Perceptron::Perceptron(std::vector<double> weights, double theta, double constant_input) : x0_(constant_input) {
    if (!std::isfinite(constant_input) || constant_input == 0.0)
        fail("perceptron: the constant input x0 must be a non-zero number (−1 or +1), not ", constant_input);
    set_weights(std::move(weights), theta);
}

void Perceptron::set_weights(std::vector<double> weights, double theta) {
    if (weights.empty()) fail("perceptron: needs at least one input");
    for (std::size_t i = 0; i < weights.size(); ++i)
        if (!std::isfinite(weights[i])) fail("perceptron: weight ", i, " is not finite");
    if (!std::isfinite(theta)) fail("perceptron: theta is not finite");
    w_ = std::move(weights);
    theta_ = theta;
}

void Perceptron::check_input(std::span<const double> x) const {
    if (x.size() != w_.size()) fail("perceptron: ", x.size(), " inputs given to a unit with ", w_.size());
}

double Perceptron::net_input(std::span<const double> x) const {
    check_input(x);
    double s = theta_ * x0_;
    for (std::size_t i = 0; i < w_.size(); ++i) s += w_[i] * x[i];
    return s;
}

int Perceptron::predict(std::span<const double> x) const { return net_input(x) > 0.0 ? 1 : 0; }

std::vector<int> Perceptron::predict(MatrixView<const double> x) const {
    std::vector<int> out(x.rows());
    for (std::size_t r = 0; r < x.rows(); ++r) out[r] = predict(x.row(r));
    return out;
}

bool Perceptron::learn(std::span<const double> x, int target, double learning_rate) {
    const int error = target - predict(x);
    if (error == 0) return false;
    const double step = learning_rate * error;
    for (std::size_t i = 0; i < w_.size(); ++i) w_[i] += step * x[i];
    theta_ += step * x0_;
    return true;
}

PerceptronResult Perceptron::train(MatrixView<const double> x, std::span<const int> targets,
                                   const PerceptronOptions& options) {
    if (!(options.learning_rate > 0.0) || !std::isfinite(options.learning_rate))
        fail("perceptron: the learning rate must be positive, not ", options.learning_rate);
    if (options.max_epochs == 0) fail("perceptron: max_epochs must be at least 1");
    if (x.rows() == 0) fail("perceptron: no training samples");
    if (x.cols() != w_.size()) fail("perceptron: samples have ", x.cols(), " inputs but the unit has ", w_.size());
    if (targets.size() != x.rows()) fail("perceptron: ", x.rows(), " samples but ", targets.size(), " targets");
    for (std::size_t r = 0; r < x.rows(); ++r) {
        if (targets[r] != 0 && targets[r] != 1)
            fail("perceptron: the target of sample ", r, " is ", targets[r], "; targets must be 0 or 1");
        for (std::size_t c = 0; c < x.cols(); ++c)
            if (!std::isfinite(x(r, c))) fail("perceptron: input ", c, " of sample ", r, " is not finite");
    }

    PerceptronResult result;
    std::vector<State> seen{{w_, theta_}};  // seen[e] = weights after epoch e
    for (std::size_t epoch = 1; epoch <= options.max_epochs; ++epoch) {
        std::size_t mistakes = 0;
        for (std::size_t r = 0; r < x.rows(); ++r) {
            const std::span<const double> xr = x.row(r);
            PerceptronUpdate u;
            if (options.record_trace) {
                u.weights_before = w_;
                u.theta_before = theta_;
                u.output = predict(xr);
            }
            if (!learn(xr, targets[r], options.learning_rate)) continue;
            ++mistakes;
            if (options.record_trace) {
                u.epoch = epoch;
                u.sample = r;
                u.x.assign(xr.begin(), xr.end());
                u.target = targets[r];
                u.weights_after = w_;
                u.theta_after = theta_;
                result.trace.push_back(std::move(u));
            }
        }
        result.epochs = epoch;
        result.updates += mistakes;
        result.mistakes.push_back(mistakes);
        if (mistakes == 0) {
            result.stop = PerceptronStop::converged;
            return result;
        }
        if (options.detect_cycles) {
            const State now{w_, theta_};
            for (std::size_t e = 0; e < seen.size(); ++e)
                if (same(seen[e], now)) {
                    result.stop = PerceptronStop::cycle;
                    result.cycle_period = epoch - e;
                    return result;
                }
            seen.push_back(now);
        }
    }
    result.stop = PerceptronStop::max_epochs;
    return result;
}

}  // namespace neurite
