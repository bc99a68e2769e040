// Rosenblatt's perceptron: the output and update conventions, learning AND,
// NAND and OR, the textbook's fruit example number for number, and XOR
// stopped by cycle detection.
#include "neurite/classic/perceptron.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace neurite {
namespace {

using test::error_of;

const MatrixD kTruthInputs(4, 2, {0, 0, 0, 1, 1, 0, 1, 1});

std::vector<int> outputs(const Perceptron& p, const MatrixD& x) { return p.predict(x); }

TEST(Perceptron, OutputIsZeroAtTheThreshold) {
    // ŷ = f(w·x − θ) with f(s) = 1 only for s > 0.
    const Perceptron p({1, 1}, 1);
    const std::array<double, 2> at = {1, 0}, above = {1, 0.5}, below = {0, 0};
    EXPECT_DOUBLE_EQ(p.net_input(at), 0);
    EXPECT_EQ(p.predict(at), 0);
    EXPECT_EQ(p.predict(above), 1);
    EXPECT_EQ(p.predict(below), 0);
    // With the constant input +1, θ is a bias: s = w·x + θ.
    const Perceptron b({1, 1}, 1, +1);
    EXPECT_DOUBLE_EQ(b.net_input(below), 1);
    EXPECT_EQ(b.predict(below), 1);
}

TEST(Perceptron, LearnAppliesTheErrorCorrectionRule) {
    Perceptron p({0.5, -0.5}, 0.25);
    const std::array<double, 2> x = {1, 2};
    // s = 0.5 − 1 − 0.25 < 0: output 0; target 1 → w += 0.5·x, θ += 0.5·(−1).
    EXPECT_TRUE(p.learn(x, 1, 0.5));
    EXPECT_DOUBLE_EQ(p.weights()[0], 1.0);
    EXPECT_DOUBLE_EQ(p.weights()[1], 0.5);
    EXPECT_DOUBLE_EQ(p.theta(), -0.25);
    // Now right: nothing changes.
    EXPECT_FALSE(p.learn(x, 1, 0.5));
    EXPECT_DOUBLE_EQ(p.theta(), -0.25);
}

struct GateCase {
    const char* name;
    std::vector<int> targets;
    std::array<double, 3> learned;  // w1, w2, θ from w = 0, θ = 0, η = 1
    std::size_t epochs, updates;
};

TEST(Perceptron, LearnsAndNandOr) {
    const std::vector<GateCase> cases = {
        {"AND", {0, 0, 0, 1}, {2, 1, 2}, 6, 10},
        {"NAND", {1, 1, 1, 0}, {-2, -1, -3}, 6, 11},
        {"OR", {0, 1, 1, 1}, {1, 1, 0}, 4, 4},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        Perceptron p(2);
        const PerceptronResult r = p.train(kTruthInputs, c.targets);
        EXPECT_EQ(r.stop, PerceptronStop::converged);
        EXPECT_TRUE(r.converged());
        EXPECT_EQ(outputs(p, kTruthInputs), c.targets);
        EXPECT_EQ(r.epochs, c.epochs);
        EXPECT_EQ(r.updates, c.updates);
        ASSERT_EQ(r.mistakes.size(), r.epochs);
        EXPECT_EQ(r.mistakes.back(), 0u);
        EXPECT_DOUBLE_EQ(p.weights()[0], c.learned[0]);
        EXPECT_DOUBLE_EQ(p.weights()[1], c.learned[1]);
        EXPECT_DOUBLE_EQ(p.theta(), c.learned[2]);
        EXPECT_TRUE(r.trace.empty());  // not asked for
    }
}

TEST(Perceptron, LearnsGatesWithOtherLearningRates) {
    for (const double eta : {0.1, 0.5, 2.0})
        for (const std::vector<int>& t : {std::vector<int>{0, 0, 0, 1}, {1, 1, 1, 0}, {0, 1, 1, 1}}) {
            Perceptron p(2);
            PerceptronOptions o;
            o.learning_rate = eta;
            EXPECT_TRUE(p.train(kTruthInputs, t, o).converged()) << "η = " << eta;
            EXPECT_EQ(outputs(p, kTruthInputs), t) << "η = " << eta;
        }
}

TEST(Perceptron, FruitExampleAsInTheText) {
    // Colour and shape ±1: watermelon (1, 1) → 1, banana (−1, −1) → 0.
    const MatrixD fruit(2, 2, {1, 1, -1, -1});
    const std::vector<int> targets = {1, 0};
    // The text's update θ_new = θ_old + (y − ŷ) is the rule on the constant input +1.
    Perceptron p({1, -1}, 0, +1);
    // y = f(1×1 + (−1)×1 − 0) = f(0) = 0: the watermelon is taken for a banana.
    EXPECT_DOUBLE_EQ(p.net_input(fruit.row(0)), 0);
    EXPECT_EQ(p.predict(fruit.row(0)), 0);
    EXPECT_EQ(p.predict(fruit.row(1)), 0);  // the banana is right
    PerceptronOptions o;
    o.record_trace = true;
    const PerceptronResult r = p.train(fruit, targets, o);
    ASSERT_EQ(r.trace.size(), 1u);
    const PerceptronUpdate& u = r.trace[0];
    EXPECT_EQ(u.epoch, 1u);
    EXPECT_EQ(u.sample, 0u);
    EXPECT_EQ(u.x, (std::vector<double>{1, 1}));
    EXPECT_EQ(u.target, 1);
    EXPECT_EQ(u.output, 0);
    EXPECT_EQ(u.weights_before, (std::vector<double>{1, -1}));
    EXPECT_EQ(u.theta_before, 0.0);
    // w_new1 = 1 + 1 = 2, w_new2 = −1 + 1 = 0, θ_new = 0 + 1 = 1.
    EXPECT_EQ(u.weights_after, (std::vector<double>{2, 0}));
    EXPECT_EQ(u.theta_after, 1.0);
    EXPECT_EQ(r.stop, PerceptronStop::converged);
    EXPECT_EQ(r.epochs, 2u);  // the second epoch makes no mistake
    EXPECT_EQ(r.updates, 1u);
    EXPECT_EQ(outputs(p, fruit), targets);

    // With θ a true threshold (constant input −1) the same step lowers θ to
    // −1: the same unit, 2·x1 + 1 > 0.
    Perceptron q({1, -1}, 0, -1);
    const PerceptronResult rq = q.train(fruit, targets);
    EXPECT_EQ(rq.updates, 1u);
    EXPECT_EQ(q.weights()[0], 2.0);
    EXPECT_EQ(q.weights()[1], 0.0);
    EXPECT_EQ(q.theta(), -1.0);
    EXPECT_EQ(outputs(q, fruit), targets);
}

TEST(Perceptron, XorCycleDetected) {
    const std::vector<int> xor_targets = {0, 1, 1, 0};
    Perceptron p(2);
    PerceptronOptions o;
    o.record_trace = true;
    const PerceptronResult r = p.train(kTruthInputs, xor_targets, o);
    EXPECT_EQ(r.stop, PerceptronStop::cycle);
    EXPECT_FALSE(r.converged());
    // Weights after epoch 3 = after epoch 2: w = (−1, 0), θ = −1.
    EXPECT_EQ(r.epochs, 3u);
    EXPECT_EQ(r.cycle_period, 1u);
    EXPECT_EQ(r.mistakes, (std::vector<std::size_t>{2, 3, 4}));
    EXPECT_EQ(r.updates, 9u);
    EXPECT_EQ(r.trace.size(), 9u);
    EXPECT_DOUBLE_EQ(p.weights()[0], -1);
    EXPECT_DOUBLE_EQ(p.weights()[1], 0);
    EXPECT_DOUBLE_EQ(p.theta(), -1);
    EXPECT_NE(outputs(p, kTruthInputs), xor_targets);
    // The epoch in the cycle ends where it started.
    EXPECT_EQ(r.trace[5].weights_before, r.trace.back().weights_after);
    EXPECT_EQ(r.trace[5].theta_before, r.trace.back().theta_after);
}

TEST(Perceptron, XorStopsWithinTheBound) {
    const std::vector<int> xor_targets = {0, 1, 1, 0};
    for (const double eta : {1.0, 0.1, 0.3}) {
        Perceptron p(2);
        PerceptronOptions o;
        o.learning_rate = eta;
        o.max_epochs = 1000;
        const PerceptronResult r = p.train(kTruthInputs, xor_targets, o);
        EXPECT_EQ(r.stop, PerceptronStop::cycle) << "η = " << eta;  // rounding does not hide the repeat
        EXPECT_LE(r.epochs, 10u) << "η = " << eta;
    }
    // Without cycle detection the epoch limit ends the run.
    Perceptron p(2);
    PerceptronOptions o;
    o.detect_cycles = false;
    o.max_epochs = 50;
    const PerceptronResult r = p.train(kTruthInputs, xor_targets, o);
    EXPECT_EQ(r.stop, PerceptronStop::max_epochs);
    EXPECT_EQ(r.epochs, 50u);
    EXPECT_EQ(r.mistakes.size(), 50u);
    EXPECT_EQ(to_string(r.stop), "max_epochs");
    EXPECT_EQ(to_string(PerceptronStop::cycle), "cycle");
    EXPECT_EQ(to_string(PerceptronStop::converged), "converged");
}

TEST(Perceptron, RejectsBadArguments) {
    Perceptron p(2);
    const std::vector<int> good = {0, 0, 0, 1}, bad = {0, 0, 2, 1}, short_targets = {0, 1};
    EXPECT_NE(error_of([&] { p.train(kTruthInputs, bad); }).find("target of sample 2 is 2"), std::string::npos);
    EXPECT_NE(error_of([&] { p.train(kTruthInputs, short_targets); }).find("4 samples but 2 targets"),
              std::string::npos);
    EXPECT_NE(error_of([&] { p.train(kTruthInputs, good, {.learning_rate = 0}); }).find("learning rate"),
              std::string::npos);
    EXPECT_NE(error_of([&] { p.train(kTruthInputs, good, {.max_epochs = 0}); }).find("max_epochs"), std::string::npos);
    EXPECT_NE(
        error_of([&] { Perceptron(3).train(kTruthInputs, good); }).find("samples have 2 inputs but the unit has 3"),
        std::string::npos);
    EXPECT_NE(error_of([] { Perceptron(2, 0.0); }).find("constant input"), std::string::npos);
    const std::array<double, 3> three = {1, 2, 3};
    EXPECT_NE(error_of([&] { (void)p.predict(three); }).find("3 inputs given to a unit with 2"), std::string::npos);
}

}  // namespace
}  // namespace neurite
