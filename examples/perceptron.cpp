// Rosenblatt's perceptron learning AND from its truth table (every update
// printed), then failing on XOR: the weights come back to an earlier state,
// so training stops with the cycle it found.
//
//   build/examples/perceptron
#include <cstdio>
#include <vector>

#include <neurite/classic/perceptron.hpp>
#include <neurite/core/error.hpp>

using namespace neurite;

int main() try {
    const MatrixD x(4, 2, {0, 0, 0, 1, 1, 0, 1, 1});
    PerceptronOptions options;  // η = 1, at most 100 epochs
    options.record_trace = true;

    Perceptron and_unit(2);  // w = (0, 0), θ = 0; output 1 when w·x − θ > 0
    const std::vector<int> and_targets = {0, 0, 0, 1};
    const PerceptronResult learned = and_unit.train(x, and_targets, options);
    for (const PerceptronUpdate& u : learned.trace)
        std::printf("epoch %zu, x = (%g, %g): target %d, output %d -> w = (%g, %g), θ = %g\n", u.epoch, u.x[0], u.x[1],
                    u.target, u.output, u.weights_after[0], u.weights_after[1], u.theta_after);
    std::printf("AND: %s after %zu epochs; line %g·x1 + %g·x2 = %g\n", to_string(learned.stop).data(), learned.epochs,
                and_unit.weights()[0], and_unit.weights()[1], and_unit.theta());

    Perceptron xor_unit(2);
    const std::vector<int> xor_targets = {0, 1, 1, 0};
    const PerceptronResult failed = xor_unit.train(x, xor_targets, options);
    std::printf("XOR: %s after %zu epochs (the weights repeat every %zu epoch(s); %zu updates)\n",
                to_string(failed.stop).data(), failed.epochs, failed.cycle_period, failed.updates);
    return learned.converged() && failed.stop == PerceptronStop::cycle ? 0 : 1;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
