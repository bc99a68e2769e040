// Optimizer trajectories: gradient descent on x² (the textbook's 8, 6.4,
// 5.12, 4.096 … and its stopping step), and SGD, momentum, AdaGrad, RMSProp
// and Adam on x²/20 + y² from (−7, 2).
#include "neurite/optim/trajectory.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace neurite {
namespace {

using test::error_of;

double parabola(std::span<const double> p, std::span<double> g) {
    g[0] = 2 * p[0];
    return p[0] * p[0];
}

double bowl(std::span<const double> p, std::span<double> g) {
    g[0] = p[0] / 10;
    g[1] = 2 * p[1];
    return p[0] * p[0] / 20 + p[1] * p[1];
}

const std::vector<double> kStart = {-7.0, 2.0};

Trajectory descend_parabola(double lr = 0.1) {
    return run_optimizer({.kind = OptimizerKind::sgd, .learning_rate = lr}, parabola, std::vector<double>{8.0},
                         {.max_steps = 1000, .gradient_tolerance = 1e-2});
}

TEST(GradientDescent, OnXSquaredFromEightGivesTheTextbookIterates) {
    const Trajectory t = descend_parabola();
    ASSERT_GE(t.points.size(), 4u);
    EXPECT_EQ(t.points[0][0], 8.0);
    // The iterates are float32 (as parameters are): exactly the floats nearest 6.4, 5.12, 4.096.
    EXPECT_FLOAT_EQ(static_cast<float>(t.points[1][0]), 6.4f);
    EXPECT_FLOAT_EQ(static_cast<float>(t.points[2][0]), 5.12f);
    EXPECT_FLOAT_EQ(static_cast<float>(t.points[3][0]), 4.096f);
    EXPECT_NEAR(t.points[3][0], 4.096, 1e-6);
    EXPECT_DOUBLE_EQ(t.gradient_norms[0], 16.0);
    EXPECT_NEAR(t.gradient_norms[1], 12.8, 1e-6);
    EXPECT_NEAR(t.gradient_norms[2], 10.24, 1e-6);
    // Every step multiplies x by 1 − 2η = 0.8.
    for (std::size_t k = 1; k < t.points.size(); ++k) EXPECT_NEAR(t.points[k][0], 8.0 * std::pow(0.8, k), 1e-5);
}

TEST(GradientDescent, StopsAtTheFirstGradientBelowOneHundredth) {
    // |2x| < 0.01 means 8·0.8ᵏ < 0.005: k > ln(1/1600)/ln(0.8) = 33.06, so k = 34.
    const Trajectory t = descend_parabola();
    EXPECT_TRUE(t.converged);
    EXPECT_EQ(t.steps(), 34u);
    EXPECT_LT(t.gradient_norms[34], 1e-2);
    EXPECT_GT(t.gradient_norms[33], 1e-2);
    EXPECT_NEAR(t.points[34][0], 8.0 * std::pow(0.8, 34), 1e-7);
    EXPECT_NEAR(t.values[34], t.points[34][0] * t.points[34][0], 1e-15);
}

TEST(GradientDescent, TooLargeARateNeverConverges) {
    const Trajectory t = run_optimizer({.kind = OptimizerKind::sgd, .learning_rate = 1.0}, parabola,
                                       std::vector<double>{8.0}, {.max_steps = 20, .gradient_tolerance = 1e-2});
    EXPECT_FALSE(t.converged);  // x ← x − 2x = −x: 8, −8, 8, …
    EXPECT_EQ(t.steps(), 20u);
    EXPECT_EQ(t.points[1][0], -8.0);
    EXPECT_EQ(t.points[20][0], 8.0);
}

TEST(Trajectory, RecordsEveryPointValueAndGradientNorm) {
    const Trajectory t =
        run_optimizer({.kind = OptimizerKind::sgd, .learning_rate = 0.5}, bowl, kStart, {.max_steps = 3});
    ASSERT_EQ(t.points.size(), 4u);
    EXPECT_EQ(t.steps(), 3u);
    EXPECT_FALSE(t.converged);
    EXPECT_EQ(t.coordinate(0)[0], -7.0);
    EXPECT_EQ(t.coordinate(1)[0], 2.0);
    EXPECT_NEAR(t.points[1][0], -7.0 + 0.5 * 0.7, 1e-6);  // x − η·x/10
    EXPECT_NEAR(t.points[1][1], 0.0, 1e-6);               // y − η·2y = 0 with η = 0.5
    EXPECT_NEAR(t.values[0], 49.0 / 20 + 4, 1e-12);
    EXPECT_NEAR(t.gradient_norms[0], std::hypot(0.7, 4.0), 1e-12);
    EXPECT_NE(error_of([&] { (void)t.coordinate(2); }).find("coordinate 2 of a 2-dimensional path"), std::string::npos);
}

TEST(Trajectory, TakesExactlyTheStepsOfTheOptimizer) {
    const OptimizerConfig adam{.kind = OptimizerKind::adam, .learning_rate = 0.3};
    const Trajectory t = run_optimizer(adam, bowl, kStart, {.max_steps = 10});
    Optimizer opt(adam, 2);
    std::vector<float> p = {-7.0f, 2.0f}, g(2);
    for (std::size_t k = 1; k <= 10; ++k) {
        g[0] = static_cast<float>(static_cast<double>(p[0]) / 10);
        g[1] = static_cast<float>(2 * static_cast<double>(p[1]));
        opt.step(p, g);
        EXPECT_EQ(t.points[k][0], p[0]);
        EXPECT_EQ(t.points[k][1], p[1]);
    }
}

TEST(Trajectory, RejectsEmptyStartsAndNaN) {
    EXPECT_NE(error_of([] { (void)run_optimizer({}, bowl, std::vector<double>{}); }).find("no coordinates"),
              std::string::npos);
    const Objective nan_after_two = [n = 0](std::span<const double>, std::span<double> g) mutable {
        g[0] = 1;
        return ++n > 2 ? std::nan("") : 0.0;
    };
    EXPECT_NE(error_of([&] {
                  (void)run_optimizer({}, nan_after_two, std::vector<double>{1.0});
              }).find("sgd reached a point where f or its gradient is NaN at step 2"),
              std::string::npos);
}

// ---- the five optimizers on the elongated bowl -----------------------------------------------

struct Case {
    const char* name;
    OptimizerConfig config;
};

const Case kCases[] = {
    {"sgd", {.kind = OptimizerKind::sgd, .learning_rate = 0.95}},
    {"momentum", {.kind = OptimizerKind::momentum, .learning_rate = 0.1, .momentum = 0.9}},
    {"adagrad", {.kind = OptimizerKind::adagrad, .learning_rate = 1.5}},
    {"rmsprop", {.kind = OptimizerKind::rmsprop, .learning_rate = 0.2, .rho = 0.9}},
    {"adam", {.kind = OptimizerKind::adam, .learning_rate = 0.3}},
};

TEST(TrajectoryOptimizers, EveryPathEndsNearerTheMinimum) {
    const double start = std::hypot(kStart[0], kStart[1]);
    for (const auto& c : kCases) {
        const Trajectory t = run_optimizer(c.config, bowl, kStart, {.max_steps = 30});
        ASSERT_EQ(t.steps(), 30u) << c.name;
        const double end = std::hypot(t.points.back()[0], t.points.back()[1]);
        EXPECT_LT(end, start / 5) << c.name;
        EXPECT_LT(t.values.back(), t.values.front() / 50) << c.name;
    }
}

TEST(TrajectoryOptimizers, SgdOscillatesInYAndCreepsInX) {
    const Trajectory t = run_optimizer(kCases[0].config, bowl, kStart, {.max_steps = 30});
    for (std::size_t k = 1; k < t.points.size(); ++k) {
        // y ← y − 0.95·2y = −0.9y: the sign flips every step.
        EXPECT_LT(t.points[k][1] * t.points[k - 1][1], 0.0) << "step " << k;
        EXPECT_NEAR(t.points[k][1], -0.9 * t.points[k - 1][1], 1e-5);
        // x ← x − 0.95·x/10 = 0.905x: it never changes sign.
        EXPECT_NEAR(t.points[k][0], 0.905 * t.points[k - 1][0], 1e-5);
        EXPECT_LT(t.points[k][0], 0.0);
    }
}

TEST(TrajectoryOptimizers, MomentumOvershootsAndAdaptiveMethodsDampY) {
    const Trajectory momentum = run_optimizer(kCases[1].config, bowl, kStart, {.max_steps = 30});
    double max_x = -100;
    for (const auto& p : momentum.points) max_x = std::max(max_x, p[0]);
    EXPECT_GT(max_x, 0.0);  // the velocity carries it past x = 0
    for (const std::size_t k : {2u, 3u, 4u}) {
        const Trajectory t = run_optimizer(kCases[k].config, bowl, kStart, {.max_steps = 30});
        // The steep y direction is tamed: |y| never grows past its start.
        for (const auto& p : t.points) EXPECT_LE(std::abs(p[1]), 2.0 + 1e-6) << kCases[k].name;
    }
}

}  // namespace
}  // namespace neurite
