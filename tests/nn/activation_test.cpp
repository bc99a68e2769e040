#include "neurite/nn/activation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "neurite/core/error.hpp"

namespace neurite {

TEST(Activation, ValuesAtKnownPoints) {
    const std::vector<double> x = {-2.0, 0.0, 1.5};
    std::vector<double> y(3);
    auto run = [&](Activation a, double alpha = 0.0) {
        activate<double>(a, alpha, x, y);
        return y;
    };
    EXPECT_EQ(run(Activation::step), (std::vector<double>{0, 1, 1}));         // H(0) = 1
    EXPECT_EQ(run(Activation::step_strict), (std::vector<double>{0, 0, 1}));  // f(0) = 0
    EXPECT_EQ(run(Activation::identity), x);
    EXPECT_EQ(run(Activation::relu), (std::vector<double>{0, 0, 1.5}));
    EXPECT_EQ(run(Activation::leaky_relu, 0.1), (std::vector<double>{-0.2, 0, 1.5}));
    const auto s = run(Activation::sigmoid);
    EXPECT_NEAR(s[0], 1 / (1 + std::exp(2.0)), 1e-15);
    EXPECT_EQ(s[1], 0.5);
    const auto t = run(Activation::tanh);
    EXPECT_NEAR(t[2], std::tanh(1.5), 1e-15);
    const auto e = run(Activation::elu, 1.0);
    EXPECT_NEAR(e[0], std::exp(-2.0) - 1, 1e-15);
    EXPECT_EQ(e[2], 1.5);
}

TEST(Activation, SigmoidSaturatesWithoutOverflow) {
    const std::vector<float> x = {-1000.0f, 1000.0f};
    std::vector<float> y(2);
    activate<float>(Activation::sigmoid, 0.0f, x, y);
    EXPECT_EQ(y[0], 0.0f);
    EXPECT_EQ(y[1], 1.0f);
}

TEST(Activation, DerivativesFromOutput) {
    const std::vector<double> x = {-1.0, 0.5};
    std::vector<double> y(2), dx(2);
    const std::vector<double> dy = {1.0, 1.0};
    activate<double>(Activation::sigmoid, 0, x, y);
    activation_backward<double>(Activation::sigmoid, 0, y, dy, dx);
    EXPECT_NEAR(dx[1], y[1] * (1 - y[1]), 1e-15);
    activate<double>(Activation::elu, 1.0, x, y);
    activation_backward<double>(Activation::elu, 1.0, y, dy, dx);
    EXPECT_NEAR(dx[0], std::exp(-1.0), 1e-15);
    EXPECT_EQ(dx[1], 1.0);
    for (Activation step : {Activation::step, Activation::step_strict}) {
        activate<double>(step, 0, x, y);
        activation_backward<double>(step, 0, y, dy, dx);
        EXPECT_EQ(dx, (std::vector<double>{0, 0})) << to_string(step);
    }
}

TEST(Activation, TheTwoStepConventionsDifferOnlyAtZero) {
    // The perceptron's fruit example: with w = (1, −1) and θ = 0 both fruits
    // have net input 0, and the textbook's f(0) = 0 judges both bananas.
    const std::vector<float> s = {-1e-30f, -0.0f, 0.0f, 1e-30f, -3.0f, 3.0f};
    std::vector<float> heaviside(s.size()), strict(s.size());
    activate<float>(Activation::step, 0.0f, s, heaviside);
    activate<float>(Activation::step_strict, 0.0f, s, strict);
    EXPECT_EQ(heaviside, (std::vector<float>{0, 1, 1, 1, 0, 1}));
    EXPECT_EQ(strict, (std::vector<float>{0, 0, 0, 1, 0, 1}));
    EXPECT_EQ(to_string(Activation::step_strict), "step_strict");
    EXPECT_EQ(parse_activation("step_strict"), Activation::step_strict);
    EXPECT_TRUE(is_elementwise(Activation::step_strict));
    EXPECT_FALSE(takes_alpha(Activation::step_strict));
    EXPECT_EQ(default_alpha(Activation::step_strict), 0.0);
    EXPECT_EQ(activation_label(Activation::step_strict), "Strict step");
}

TEST(Activation, SoftmaxOfSmallLogits) {
    // The textbook's two-class output: logits 0.2 and 0.5 give 0.43 and 0.57.
    const Matrix z(1, 2, {0.2f, 0.5f});
    Matrix p(1, 2);
    softmax_rows<float>(z.view(), p.view());
    EXPECT_NEAR(p(0, 0), 1 / (1 + std::exp(0.3)), 1e-6);
    EXPECT_NEAR(p(0, 0) + p(0, 1), 1.0, 1e-6);
}

TEST(Activation, SoftmaxOfHugeLogitsStaysFinite) {
    const Matrix z(2, 3, {1000, -1000, 0, 1000, 1000, 999});
    Matrix p(2, 3);
    softmax_rows<float>(z.view(), p.view());
    for (float v : p.flat()) EXPECT_TRUE(std::isfinite(v));
    EXPECT_FLOAT_EQ(p(0, 0), 1.0f);
    EXPECT_EQ(p(0, 1), 0.0f);
    EXPECT_NEAR(p(1, 0) + p(1, 1) + p(1, 2), 1.0, 1e-6);
    EXPECT_NEAR(p(1, 0), 1 / (2 + std::exp(-1.0)), 1e-6);
    // Without the max-subtraction trick the same logits overflow.
    Matrix naive(2, 3);
    softmax_rows_naive<float>(z.view(), naive.view());
    EXPECT_FALSE(std::isfinite(naive(0, 0)));
}

// log_softmax is the log of softmax, computed without forming softmax, so it
// stays finite (and exact) where softmax underflows to 0.
TEST(Activation, LogSoftmaxIsTheLogOfSoftmax) {
    const MatrixD z(2, 3, {1.0, 2.0, 3.0, -1000.0, 0.0, 1000.0});
    MatrixD y(2, 3), p(2, 3);
    log_softmax_rows<double>(z.view(), y.view());
    softmax_rows<double>(z.view(), p.view());
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(y(0, j), std::log(p(0, j)), 1e-14);
    EXPECT_DOUBLE_EQ(y(1, 2), 0.0);
    EXPECT_DOUBLE_EQ(y(1, 0), -2000.0);  // softmax gives exactly 0 here
    // The backward pass: dx = dy − softmax · Σ dy, checked against the
    // softmax Jacobian applied to dy / p (the chain rule through log).
    const MatrixD dy(2, 3, {0.5, -1.0, 2.0, 0.25, 0.75, -0.5});
    MatrixD dx(2, 3), dp(2, 3), expect(2, 3);
    log_softmax_backward<double>(y.view(), dy.view(), dx.view());
    for (int j = 0; j < 3; ++j) dp(0, j) = dy(0, j) / p(0, j);
    softmax_backward<double>(p.view(), dp.view(), expect.view());
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(dx(0, j), expect(0, j), 1e-12);
}

TEST(Activation, NamesRoundTripAndTyposAreErrors) {
    for (Activation a : {Activation::identity, Activation::step, Activation::step_strict, Activation::sigmoid,
                         Activation::tanh, Activation::relu, Activation::leaky_relu, Activation::elu,
                         Activation::softmax, Activation::log_softmax})
        EXPECT_EQ(parse_activation(to_string(a)), a);
    EXPECT_EQ(activation_names().size(), 10u);
    try {
        parse_activation("rleu");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("unknown activation \"rleu\""), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("relu"), std::string::npos);
    }
}

}  // namespace neurite
