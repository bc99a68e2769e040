// The textbook's 2-3-3-2 sigmoid network, written as a JSON spec with its
// weights: the forward values to two decimals as the text prints them, the
// MSE loss, every gradient equal to the chain rule worked by hand in double,
// the numerical checker agreeing, and one gradient-descent step lowering the
// loss. (`neurite demo backprop` prints all of this.)
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "neurite/io/model_spec.hpp"
#include "neurite/nn/dense.hpp"
#include "neurite/nn/gradcheck.hpp"
#include "neurite/nn/loss.hpp"

namespace neurite {
namespace {

// The text prints (0.04, 0.40) for the third unit of the first hidden layer —
// the second unit's weights, a typo, since it then uses 0.48 for that unit;
// (0.10, −0.20) gives f(−0.08) = 0.48.
constexpr const char* kSpec = R"({"input": 2, "layers": [
  {"type": "dense", "units": 3, "activation": "sigmoid", "bias": 0,
   "weights": [[-0.43, -0.37], [0.04, 0.40], [0.10, -0.20]]},
  {"type": "dense", "units": 3, "activation": "sigmoid", "bias": 0,
   "weights": [[-0.51, -0.35, 0.26], [-0.34, -0.44, 0.28], [0.55, -0.31, 0.06]]},
  {"type": "dense", "units": 2, "activation": "sigmoid", "bias": 0,
   "weights": [[0.36, -0.30, 0.24], [0.27, 0.35, -0.31]]}]})";

using Mat = std::vector<std::vector<double>>;
const Mat kW[3] = {
    {{-0.43, -0.37}, {0.04, 0.40}, {0.10, -0.20}},
    {{-0.51, -0.35, 0.26}, {-0.34, -0.44, 0.28}, {0.55, -0.31, 0.06}},
    {{0.36, -0.30, 0.24}, {0.27, 0.35, -0.31}},
};

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }
double round2(double v) { return std::round(v * 100) / 100; }

struct BackpropByHand : ::testing::Test {
    SequentialD net = build_network<double>(parse_model_spec(kSpec));
    MatrixD x{1, 2, {0.2, 0.5}};
    MatrixD t{1, 2, {0.3, 0.8}};

    // a[0] = x, a[l + 1] = f(W_l a[l]); δ and ∂L/∂W by the chain rule.
    std::vector<std::vector<double>> a, delta;
    void SetUp() override {
        a = {{0.2, 0.5}};
        for (const auto& w : kW) {
            std::vector<double> next;
            for (const auto& row : w) {
                double z = 0;
                for (std::size_t i = 0; i < row.size(); ++i) z += row[i] * a.back()[i];
                next.push_back(sigmoid(z));
            }
            a.push_back(next);
        }
        delta.assign(3, {});
        for (std::size_t u = 0; u < 2; ++u) {
            const double y = a[3][u];
            delta[2].push_back((2.0 / 2) * (y - t(0, u)) * y * (1 - y));  // ∂(mean of 2 squares)/∂y · f'
        }
        for (int l = 1; l >= 0; --l)
            for (std::size_t i = 0; i < a[l + 1].size(); ++i) {
                double back = 0;
                for (std::size_t u = 0; u < delta[l + 1].size(); ++u) back += kW[l + 1][u][i] * delta[l + 1][u];
                delta[l].push_back(back * a[l + 1][i] * (1 - a[l + 1][i]));
            }
    }
    Dense<double>& dense(std::size_t l) { return dynamic_cast<Dense<double>&>(net.layer(l)); }
};

TEST_F(BackpropByHand, ForwardValuesMatchTheTextToTwoDecimals) {
    net.forward(x.view());
    // The text: 0.43 0.55 0.48 | 0.43 0.44 0.53 | 0.54 0.53. The third unit of
    // the second hidden layer is 0.5239 — the text's own expression
    // f(0.43·0.55 + 0.55·(−0.31) + 0.48·0.06) = f(0.0948) = 0.524 — which it prints as 0.53.
    const std::vector<std::vector<double>> text = {{0.43, 0.55, 0.48}, {0.43, 0.44, 0.52}, {0.54, 0.53}};
    for (std::size_t l = 0; l < 3; ++l)
        for (std::size_t u = 0; u < text[l].size(); ++u) {
            EXPECT_DOUBLE_EQ(round2(net.activations(l)(0, u)), text[l][u]) << "layer " << l << " unit " << u;
            EXPECT_NEAR(net.activations(l)(0, u), a[l + 1][u], 1e-15);
        }
    EXPECT_NEAR(net.activations(1)(0, 2), 0.5239, 5e-5);
    EXPECT_NEAR(sigmoid(0.43 * 0.55 + 0.55 * -0.31 + 0.48 * 0.06), 0.524, 5e-4);
}

TEST_F(BackpropByHand, MseIsTheMeanOverBothOutputs) {
    const double loss = loss_value<double>(Loss::mse, net.forward(x.view()), t.view());
    const double by_hand = (std::pow(0.3 - a[3][0], 2) + std::pow(0.8 - a[3][1], 2)) / 2;
    EXPECT_NEAR(loss, by_hand, 1e-15);
    EXPECT_NEAR(loss, 0.06553, 1e-5);
    EXPECT_DOUBLE_EQ(std::round(loss * 1000) / 1000, 0.066);  // the text's 0.066
    // From the outputs rounded to 0.54 and 0.53 first it would be 0.06525.
    EXPECT_NEAR((std::pow(0.3 - 0.54, 2) + std::pow(0.8 - 0.53, 2)) / 2, 0.06525, 1e-12);
}

TEST_F(BackpropByHand, EveryGradientEqualsTheChainRuleByHand) {
    net.compute_gradients(x.view(), t.view(), Loss::mse);
    for (std::size_t l = 0; l < 3; ++l) {
        auto& d = dense(l);
        const auto gw = d.weight_grads();  // input-major: gw(i, u)
        const auto gb = d.bias_grads();
        for (std::size_t u = 0; u < kW[l].size(); ++u) {
            EXPECT_NEAR(gb[u], delta[l][u], 1e-16) << "layer " << l << " unit " << u;
            for (std::size_t i = 0; i < kW[l][u].size(); ++i)
                EXPECT_NEAR(gw(i, u), delta[l][u] * a[l][i], 1e-16) << "layer " << l << " w[" << u << "][" << i << "]";
        }
    }
    // A few values, as the demo prints them.
    EXPECT_NEAR(delta[2][0], 0.058966, 1e-6);
    EXPECT_NEAR(delta[2][1], -0.068191, 1e-6);
    EXPECT_NEAR(delta[1][1], -0.010221, 1e-6);
    EXPECT_NEAR(delta[0][0], 0.001955, 1e-6);
    EXPECT_NEAR(delta[2][0] * a[2][2], 0.030892, 1e-6);
}

TEST_F(BackpropByHand, NumericalCheckerAgrees) {
    const GradCheckResult r = check_network(net, x.view(), t.view(), Loss::mse);
    EXPECT_EQ(r.checked, 29u);  // 2·3+3 + 3·3+3 + 3·2+2
    EXPECT_LT(r.max_error, 1e-6);
}

TEST_F(BackpropByHand, OneGradientStepLowersTheLoss) {
    const double before = net.compute_gradients(x.view(), t.view(), Loss::mse);
    const double eta = 0.5;
    const auto p = net.params();
    const auto g = net.grads();
    const double w_out = dense(2).weights()(2, 0);  // W''[0][2] = 0.24
    for (std::size_t k = 0; k < p.size(); ++k) p[k] -= eta * g[k];
    EXPECT_NEAR(dense(2).weights()(2, 0), w_out - eta * delta[2][0] * a[2][2], 1e-15);
    EXPECT_NEAR(dense(2).bias()[1], -eta * delta[2][1], 1e-15);
    const double after = loss_value<double>(Loss::mse, net.forward(x.view()), t.view());
    EXPECT_LT(after, before);
    EXPECT_NEAR(after, 0.05886, 1e-5);
}

}  // namespace
}  // namespace neurite
