// Every layer, activation and loss passes the numerical gradient checker.
#include "neurite/nn/gradcheck.hpp"

#include <gtest/gtest.h>

#include "neurite/kernels/backend.hpp"
#include "neurite/nn/activation_layer.hpp"
#include "neurite/nn/dense.hpp"
#include "neurite/nn/dropout.hpp"

namespace neurite {

constexpr double kTolerance = 1e-6;

TEST(GradCheck, EveryComponentPassesForSeveralSeeds) {
    for (std::uint64_t seed : {1, 2, 3}) {
        const auto rows = check_all(seed);
        ASSERT_GE(rows.size(), 30u);
        for (const auto& row : rows) {
            EXPECT_GT(row.checked, 0u) << row.component;
            EXPECT_LE(row.max_error, kTolerance) << row.component << " (seed " << seed << ")";
        }
    }
}

// The whole networks with bf16 products, within the stated tolerance, and
// visibly in bf16 (float32 products would be within ~1e-6 of the numbers).
TEST(GradCheck, Bf16NetworksWithinTheirTolerance) {
    if (const std::string why = bf16_unsupported_reason(); !why.empty()) GTEST_SKIP() << why;
    for (std::uint64_t seed : {1, 2, 3, 4, 5}) {
        const auto rows = check_networks_bf16(seed);
        ASSERT_EQ(rows.size(), 3u);
        for (const auto& row : rows) {
            EXPECT_EQ(row.checked, 605u) << row.component;
            EXPECT_LE(row.max_error, kBf16GradTolerance) << row.component << " (seed " << seed << ")";
            EXPECT_GT(row.max_error, 1e-4) << row.component << " (seed " << seed << ")";
        }
    }
    EXPECT_EQ(precision(), Precision::fp32);
}

TEST(GradCheck, CheckerCatchesAWrongGradient) {
    // f(x) = x0² + 3 x1; give the checker a wrong derivative for x1.
    std::vector<double> x = {1.5, -2.0};
    const std::vector<double> wrong = {3.0, 3.3};
    const auto r = check_gradient([&] { return x[0] * x[0] + 3 * x[1]; }, x, wrong);
    EXPECT_EQ(r.worst_index, 1u);
    EXPECT_GT(r.max_error, 0.05);
    const std::vector<double> right = {3.0, 3.0};
    EXPECT_LT(check_gradient([&] { return x[0] * x[0] + 3 * x[1]; }, x, right).max_error, 1e-9);
    EXPECT_EQ(x[0], 1.5);  // restored
}

TEST(GradCheck, DenseLayerWithWideBatch) {
    Rng rng(11);
    Dense<double> dense(7, Activation::tanh);
    const auto c = check_layer(dense, 9, 16, rng);
    EXPECT_EQ(c.params.checked, 9u * 7u + 7u);
    EXPECT_LE(c.params.max_error, kTolerance);
    EXPECT_LE(c.input.max_error, kTolerance);
}

TEST(GradCheck, DeepNetworkOfMixedLayers) {
    Rng rng(5);
    SequentialD net(6);
    net.dense(8, Activation::elu).dropout(0.25).dense(8, Activation::sigmoid).activation(Activation::tanh);
    net.dense(3).softmax();
    net.build();
    net.init(rng);
    for (std::size_t i = 0; i < net.size(); ++i)
        if (auto* d = dynamic_cast<Dropout<double>*>(&net.layer(i))) d->hold_mask(true);
    MatrixD x(5, 6), t(5, 3, 0.0);
    for (auto& v : x.flat()) v = rng.uniform(-1, 1);
    for (std::size_t r = 0; r < 5; ++r) t(r, r % 3) = 1.0;
    const auto res = check_network(net, x.view(), t.view(), Loss::categorical_cross_entropy);
    EXPECT_EQ(res.checked, net.param_count());
    EXPECT_LE(res.max_error, kTolerance);
}

}  // namespace neurite
