// The numbers `neurite demo activations` prints: the slopes the textbook
// quotes (sigmoid's maximum 0.25, tanh's 1, ReLU's 1 for x > 0), and softmax
// of large inputs with and without subtracting the maximum first.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "neurite/nn/activation.hpp"

namespace neurite {
namespace {

// f(x) and f'(x) as the demo computes them: the slope from the output y.
std::vector<double> slopes(Activation a, double alpha, const std::vector<double>& x) {
    std::vector<double> y(x.size()), dy(x.size()), ones(x.size(), 1.0);
    activate<double>(a, alpha, x, y);
    activation_backward<double>(a, alpha, y, ones, dy);
    return dy;
}

TEST(ActivationDemoSlopes, MaximaAndTails) {
    const std::vector<double> x = {-5, -1, 0, 1, 5};
    const auto sig = slopes(Activation::sigmoid, 0, x);
    EXPECT_NEAR(sig[2], 0.25, 1e-15);  // the largest a sigmoid slope gets
    for (double s : sig) EXPECT_LE(s, 0.25);
    EXPECT_NEAR(sig[0], 0.0066480566707901, 1e-12);  // "flat" beyond |x| = 5
    const auto th = slopes(Activation::tanh, 0, x);
    EXPECT_NEAR(th[2], 1.0, 1e-15);
    EXPECT_NEAR(th[1], 1 - std::tanh(1.0) * std::tanh(1.0), 1e-12);
    EXPECT_EQ(slopes(Activation::relu, 0, x), (std::vector<double>{0, 0, 0, 1, 1}));
    EXPECT_EQ(slopes(Activation::leaky_relu, 0.1, x), (std::vector<double>{0.1, 0.1, 0.1, 1, 1}));
    EXPECT_EQ(slopes(Activation::step, 0, x), (std::vector<double>{0, 0, 0, 0, 0}));
    const auto elu = slopes(Activation::elu, 1.0, x);
    EXPECT_NEAR(elu[1], std::exp(-1.0), 1e-12);
    EXPECT_NEAR(elu[4], 1.0, 1e-15);
}

TEST(ActivationDemoSoftmax, MaxSubtractionTrick) {
    const Matrix large(1, 3, {1000, 1001, 1002}), small(1, 3, {1, 2, 3}), negative(1, 3, {-1000, -1001, -1002});
    Matrix naive(1, 3), stable(1, 3), reference(1, 3);
    softmax_rows_naive<float>(large, naive);
    softmax_rows<float>(large, stable);
    softmax_rows_naive<float>(small, reference);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_FALSE(std::isfinite(naive(0, i)));  // inf / inf
    EXPECT_NEAR(stable(0, 0), 0.090, 5e-4);
    EXPECT_NEAR(stable(0, 1), 0.245, 5e-4);
    EXPECT_NEAR(stable(0, 2), 0.665, 5e-4);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(stable(0, i), reference(0, i), 1e-6);  // shift invariance
    softmax_rows_naive<float>(negative, naive);  // 0 / 0
    softmax_rows<float>(negative, stable);
    EXPECT_TRUE(std::isnan(naive(0, 0)));
    EXPECT_NEAR(stable(0, 0), 0.665, 5e-4);
    // Double overflows later (e^709) but the same way.
    const MatrixD big(1, 2, {800, 801});
    MatrixD out(1, 2);
    softmax_rows_naive<double>(big, out);
    EXPECT_FALSE(std::isfinite(out(0, 0)));
    softmax_rows<double>(big, out);
    EXPECT_NEAR(out(0, 1), 1 / (1 + std::exp(-1.0)), 1e-15);
}

}  // namespace
}  // namespace neurite
