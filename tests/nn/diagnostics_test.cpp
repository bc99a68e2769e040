// Diagnostics: per-layer gradient norms (vanishing with sigmoid, not with
// ReLU, exploding with large weights; the textbook's three-unit chain),
// activation statistics and saturation (the classic initialization
// experiment), and histograms.
#include "neurite/nn/diagnostics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "neurite/nn/dense.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

using test::error_of;

// 9 hidden dense layers of 100 units with activation `a` and a linear output
// of 10, one backward pass of a fixed batch; returns the per-layer norms.
std::vector<LayerGradientNorm> deep_norms(Activation a, const Initializer& init) {
    Rng data(3);
    Matrix x(128, 100), y(128, 10, 0.0f);
    for (float& v : x.flat()) v = static_cast<float>(data.normal());
    for (std::size_t i = 0; i < y.rows(); ++i) y(i, data.below(10)) = 1.0f;
    Sequential net(100);
    for (int i = 0; i < 9; ++i) net.dense({.units = 100, .activation = a, .weight_init = init});
    net.dense({.units = 10, .activation = Activation::identity, .weight_init = init});
    net.build();
    Rng rng(4);
    net.init(rng);
    net.compute_gradients(x, y, Loss::mse);
    return gradient_norms(net);
}

double first_over_last(const std::vector<LayerGradientNorm>& n) { return n.front().weight_norm / n.back().weight_norm; }

TEST(DiagnosticsGradients, SigmoidVanishesReluDoesNotLargeInitExplodes) {
    const Initializer xavier = Initializer::of(InitKind::xavier_normal);
    const auto sigmoid = deep_norms(Activation::sigmoid, xavier);
    const auto relu = deep_norms(Activation::relu, xavier);
    const auto large = deep_norms(Activation::relu, Initializer::uniform(-std::sqrt(3.0), std::sqrt(3.0)));
    ASSERT_EQ(sigmoid.size(), 10u);
    // Sigmoid: every layer multiplies the error by slopes ≤ 0.25 — orders of magnitude lost.
    EXPECT_LT(first_over_last(sigmoid), 1e-4);
    for (std::size_t l = 1; l + 1 < sigmoid.size(); ++l) EXPECT_LT(sigmoid[l - 1].weight_norm, sigmoid[l].weight_norm);
    // ReLU: within a small factor of 1.
    EXPECT_GT(first_over_last(relu), 0.05);
    EXPECT_LT(first_over_last(relu), 20.0);
    // Large weights: every layer gains ~7, so the gradients are astronomically larger.
    EXPECT_GT(large.front().weight_norm, 1e10 * relu.front().weight_norm);
    for (const auto& g : large) EXPECT_TRUE(std::isfinite(g.weight_norm));
}

TEST(DiagnosticsGradients, TextbookChainGivesTheTextsValue) {
    // z0 = w0·x = 0.06, y1 = σ(z0) = 0.515, z1 = w1·y1 = 0.103, y2 = 0.525,
    // z2 = w2·y2 = 0.315, y3 = 0.578: w1 = 0.2, w2 = 0.6, and the text's
    // ∂y3/∂w0 = 0.000036 needs x = 0.02 (w0 = 3).
    SequentialD chain(1);
    chain.dense(1, Activation::sigmoid).dense(1, Activation::sigmoid).dense(1, Activation::sigmoid);
    chain.build();
    const double p[] = {3.0, 0.0, 0.2, 0.0, 0.6, 0.0};
    std::copy(std::begin(p), std::end(p), chain.params().begin());
    const MatrixD x(1, 1, {0.02}), one(1, 1, {1.0});
    chain.forward(x);
    chain.backward(x, one);
    EXPECT_NEAR(chain.activations(0)(0, 0), 0.515, 5e-4);
    EXPECT_NEAR(chain.activations(1)(0, 0), 0.525, 1e-3);
    EXPECT_NEAR(chain.activations(2)(0, 0), 0.578, 5e-4);
    const double d = chain.grads()[0];
    EXPECT_NEAR(d, 0.000036, 0.0000006);
    // The same from the text's rounded values by the chain rule.
    const double by_hand = 0.578 * 0.422 * 0.6 * 0.525 * 0.475 * 0.2 * 0.515 * 0.485 * 0.02;
    EXPECT_NEAR(by_hand, d, 2e-7);
    // gradient_norms reads each layer's slice: |∂y3/∂w0| for the first.
    const auto norms = gradient_norms(chain);
    ASSERT_EQ(norms.size(), 3u);
    EXPECT_DOUBLE_EQ(norms[0].weight_norm, std::abs(d));
}

TEST(DiagnosticsGradients, NormsMatchTheGradientBufferAndSkipLayersWithoutParameters) {
    SequentialD net(3);
    net.dense(4).activation(Activation::tanh).dense(2);
    net.build();
    Rng rng(5);
    net.init(rng);
    const MatrixD x(2, 3, {0.1, -0.2, 0.3, 0.5, 0.4, -0.6}), y(2, 2, {1, 0, 0, 1});
    net.compute_gradients(x, y, Loss::mse);
    const auto norms = gradient_norms(net);
    ASSERT_EQ(norms.size(), 2u);
    EXPECT_EQ(norms[0].layer, 0u);
    EXPECT_EQ(norms[1].layer, 2u);
    EXPECT_EQ(norms[1].description, net.layer(2).describe());
    // By hand from the flat buffer: layer 2's weights are 4 × 2, then 2 biases.
    const auto g = net.grads().subspan(net.param_offset(2));
    double w = 0, b = 0;
    for (std::size_t i = 0; i < 8; ++i) w += g[i] * g[i];
    for (std::size_t i = 8; i < 10; ++i) b += g[i] * g[i];
    EXPECT_NEAR(norms[1].weight_norm, std::sqrt(w), 1e-15);
    EXPECT_NEAR(norms[1].bias_norm, std::sqrt(b), 1e-15);
    EXPECT_NEAR(norms[1].weight_rms, std::sqrt(w / 8), 1e-15);
}

TEST(DiagnosticsGradients, NeedsABuiltNetwork) {
    Sequential net(2);
    net.dense(1);
    EXPECT_NE(error_of([&] { (void)gradient_norms(net); }).find("build()"), std::string::npos);
    EXPECT_NE(error_of([&] { (void)activation_stats(net); }).find("build()"), std::string::npos);
    net.build();
    EXPECT_NE(error_of([&] { (void)activation_stats(net); }).find("forward()"), std::string::npos);
}

// ---- activations: the classic initialization experiment -----------------------------------

// 1000 standard-normal inputs through 5 dense layers of 100 units.
std::vector<LayerActivationStats> init_experiment(Activation a, const Initializer& init, double* max_offset = nullptr,
                                                  double* near_ends_min = nullptr) {
    Rng data(1);
    Matrix x(1000, 100);
    for (float& v : x.flat()) v = static_cast<float>(data.normal());
    Sequential net(100);
    for (int i = 0; i < 5; ++i) net.dense({.units = 100, .activation = a, .weight_init = init});
    net.build();
    Rng rng(2);
    net.init(rng);
    net.forward(x);
    if (max_offset) {  // max |y − 0.5| over layers 2 … 5
        *max_offset = 0;
        for (std::size_t l = 1; l < 5; ++l) {
            for (std::size_t r = 0; r < 1000; ++r)
                for (float v : net.activations(l).row(r)) *max_offset = std::max(*max_offset, std::abs(v - 0.5));
        }
    }
    if (near_ends_min) {  // the smallest share below 0.1 or above 0.9 over the layers
        *near_ends_min = 1;
        for (std::size_t l = 0; l < 5; ++l) {
            const Histogram h = histogram(net.activations(l), 0.1, 0.9, 1);
            *near_ends_min = std::min(*near_ends_min, double(h.below + h.above) / double(h.total()));
        }
    }
    return activation_stats(net);
}

TEST(DiagnosticsInit, SigmoidStd001CollapsesToOneHalf) {
    double offset = 0;
    const auto s = init_experiment(Activation::sigmoid, Initializer::normal(0, 0.01), &offset);
    // From layer 2 on every unit sees ~100 inputs near 0.5 through weights of
    // std 0.01: z has std ≈ 0.05 and σ(z) ≈ 0.5 + z/4.
    EXPECT_LT(offset, 0.05);
    for (std::size_t l = 1; l < 5; ++l) {
        EXPECT_NEAR(s[l].values.mean, 0.5, 0.01);
        EXPECT_LT(s[l].values.std, 0.015);
        EXPECT_EQ(s[l].saturated, 0.0);
    }
}

TEST(DiagnosticsInit, SigmoidStd1PilesUpAtZeroAndOne) {
    double near_ends = 0;
    const auto s = init_experiment(Activation::sigmoid, Initializer::normal(0, 1), nullptr, &near_ends);
    EXPECT_GT(near_ends, 0.6);  // in every layer most outputs are below 0.1 or above 0.9
    for (const auto& l : s) {
        EXPECT_GT(l.values.std, 0.4);
        EXPECT_GT(l.saturated, 0.4);
    }
}

TEST(DiagnosticsInit, XavierSigmoidLiesInBetween) {
    const auto small = init_experiment(Activation::sigmoid, Initializer::normal(0, 0.01));
    const auto large = init_experiment(Activation::sigmoid, Initializer::normal(0, 1));
    const auto xavier = init_experiment(Activation::sigmoid, Initializer::of(InitKind::xavier_normal));
    for (std::size_t l = 0; l < 5; ++l) {
        EXPECT_GT(xavier[l].values.std, 3 * small[l].values.std) << "layer " << l;
        EXPECT_LT(xavier[l].values.std, 0.6 * large[l].values.std) << "layer " << l;
        EXPECT_LT(xavier[l].saturated, 0.05) << "layer " << l;
    }
}

TEST(DiagnosticsInit, HeKeepsReluSpreadXavierShrinksIt) {
    const auto he = init_experiment(Activation::relu, Initializer::of(InitKind::he_normal));
    const auto xavier = init_experiment(Activation::relu, Initializer::of(InitKind::xavier_normal));
    EXPECT_GT(he[4].values.std, 0.5 * he[0].values.std);
    EXPECT_LT(he[4].values.std, 2.0 * he[0].values.std);
    EXPECT_LT(xavier[4].values.std, 0.5 * xavier[0].values.std);
    for (const auto& l : he) EXPECT_NEAR(l.saturated, 0.5, 0.06);  // half the ReLU units are off
}

TEST(DiagnosticsActivations, SaturationThresholdsFollowTheSlope) {
    const Matrix y(1, 6, {0.005f, 0.0127f, 0.5f, 0.98f, 0.99f, 1.0f});
    // σ'(z) = y(1−y) < 0.05 · 0.25 for y < 0.01272 or y > 0.98728.
    EXPECT_DOUBLE_EQ(saturated_fraction<float>(Activation::sigmoid, -1, y), 3.0 / 6.0);
    const Matrix t(1, 4, {-0.99f, -0.5f, 0.0f, 0.975f});
    EXPECT_DOUBLE_EQ(saturated_fraction<float>(Activation::tanh, -1, t), 2.0 / 4.0);
    const Matrix r(1, 4, {0.0f, 0.0f, 0.1f, 3.0f});
    EXPECT_DOUBLE_EQ(saturated_fraction<float>(Activation::relu, -1, r), 0.5);
    // leaky_relu's slope α = 0.01 for y ≤ 0 is below 5 % of 1; α = 0.1 is not.
    EXPECT_DOUBLE_EQ(saturated_fraction<float>(Activation::leaky_relu, -1, r), 0.5);
    EXPECT_DOUBLE_EQ(saturated_fraction<float>(Activation::leaky_relu, 0.1, r), 0.0);
    EXPECT_DOUBLE_EQ(saturated_fraction<float>(Activation::identity, -1, r), 0.0);
    EXPECT_DOUBLE_EQ(saturated_fraction<float>(Activation::step, -1, r), 1.0);
    EXPECT_DOUBLE_EQ(saturated_fraction<float>(Activation::step_strict, -1, r), 1.0);
    EXPECT_NE(error_of([&] { (void)saturated_fraction<float>(Activation::softmax, -1, r); }).find("softmax"),
              std::string::npos);
}

TEST(DiagnosticsActivations, ValueStatsSkipNonFiniteValues) {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const Matrix m(2, 3, {1, 2, 3, nan, 4, inf});
    const ValueStats s = value_stats<float>(m);
    EXPECT_EQ(s.count, 4u);
    EXPECT_EQ(s.nonfinite, 2u);
    EXPECT_DOUBLE_EQ(s.mean, 2.5);
    EXPECT_DOUBLE_EQ(s.std, std::sqrt(1.25));
    EXPECT_DOUBLE_EQ(s.min, 1);
    EXPECT_DOUBLE_EQ(s.max, 4);
    const ValueStats empty = value_stats<float>(Matrix(0, 3));
    EXPECT_EQ(empty.count, 0u);
    EXPECT_EQ(empty.mean, 0.0);
}

TEST(DiagnosticsActivations, StatsPerLayerNameTheActivation) {
    Sequential net(2);
    net.dense(3, Activation::sigmoid).dense(2).softmax();
    net.build();
    Rng rng(1);
    net.init(rng);
    net.forward(Matrix(4, 2, {0, 1, 1, 0, 2, 2, -1, 3}));
    const auto s = activation_stats(net);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0].activation, Activation::sigmoid);
    EXPECT_EQ(s[1].activation, Activation::identity);
    EXPECT_EQ(s[1].saturated, 0.0);
    EXPECT_EQ(s[2].activation, Activation::softmax);
    EXPECT_TRUE(std::isnan(s[2].saturated));
    EXPECT_NEAR(s[2].values.mean, 0.5, 1e-6);  // softmax rows of 2 sum to 1
    EXPECT_EQ(s[0].values.count, 12u);
}

// ---- histograms --------------------------------------------------------------------------------

TEST(DiagnosticsHistogram, BinsEdgesAndOutliers) {
    const std::vector<double> v = {0.0, 0.1, 0.25, 0.5, 0.99, 1.0, -0.1, 1.5, std::nan("")};
    const Histogram h = histogram<double>(v, 0.0, 1.0, 4);
    ASSERT_EQ(h.counts.size(), 4u);
    EXPECT_EQ(h.counts[0], 2u);  // 0, 0.1
    EXPECT_EQ(h.counts[1], 1u);  // 0.25 starts bin 1
    EXPECT_EQ(h.counts[2], 1u);  // 0.5
    EXPECT_EQ(h.counts[3], 2u);  // 0.99 and hi itself
    EXPECT_EQ(h.below, 1u);
    EXPECT_EQ(h.above, 1u);
    EXPECT_EQ(h.nonfinite, 1u);
    EXPECT_EQ(h.total(), v.size());
    EXPECT_DOUBLE_EQ(h.bin_width(), 0.25);
}

TEST(DiagnosticsHistogram, MatrixViewsAndLayers) {
    const Matrix m(2, 2, {0.1f, 0.6f, 0.7f, 0.2f});
    const Histogram h = histogram<float>(m.view(), 0.0, 1.0, 2);
    EXPECT_EQ(h.counts[0], 2u);
    EXPECT_EQ(h.counts[1], 2u);
    Sequential net(2);
    net.dense(3, Activation::sigmoid).dense(1, Activation::sigmoid);
    net.build();
    Rng rng(1);
    net.init(rng);
    net.forward(m);
    const auto hs = activation_histograms(net, 0.0, 1.0, 10);
    ASSERT_EQ(hs.size(), 2u);
    EXPECT_EQ(hs[0].in_range(), 6u);  // sigmoid outputs all lie in [0, 1]
    EXPECT_EQ(hs[1].in_range(), 2u);
}

TEST(DiagnosticsHistogram, RejectsBadRanges) {
    const std::vector<float> v = {1};
    EXPECT_NE(error_of([&] { (void)histogram<float>(v, 1.0, 1.0, 3); }).find("lo < hi"), std::string::npos);
    EXPECT_NE(error_of([&] { (void)histogram<float>(v, 0.0, std::nan(""), 3); }).find("lo < hi"), std::string::npos);
    EXPECT_NE(error_of([&] { (void)histogram<float>(v, 0.0, 1.0, 0); }).find("bin"), std::string::npos);
}

}  // namespace
}  // namespace neurite
