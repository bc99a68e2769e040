#include "neurite/train/step.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "neurite/nn/dense.hpp"
#include "neurite/train/epoch.hpp"
#include "test_util.hpp"
#include "tiny_net.hpp"

namespace neurite {
namespace {

Sequential net_3_4_2(std::uint64_t seed = 5) { return test::tanh_softmax_net(3, 4, 2, seed); }

struct Xy {
    Matrix x{6, 3};
    Matrix y{6, 2, 0.0f};
    Xy() {
        Rng rng(11);
        for (float& v : x.flat()) v = static_cast<float>(rng.normal(0.0, 1.0));
        for (std::size_t r = 0; r < 6; ++r) y(r, r % 2) = 1.0f;
    }
};

double norm_of(std::span<const float> g) {
    double s = 0.0;
    for (const float v : g) s += static_cast<double>(v) * v;
    return std::sqrt(s);
}

TEST(TrainStep, FusedSgdMakesTheSameUpdateAsGradientsThenStep) {
    const Xy d;
    Sequential fused = net_3_4_2(), plain = net_3_4_2();
    Optimizer a({.kind = OptimizerKind::sgd, .learning_rate = 0.1}, fused.param_count());
    Optimizer b({.kind = OptimizerKind::sgd, .learning_rate = 0.1}, plain.param_count());
    TrainStep fused_step(fused, a, Loss::categorical_cross_entropy);
    TrainStep plain_step(plain, b, Loss::categorical_cross_entropy);
    ClipGradNorm no_clip(1e9);  // a stage turns fusion off and changes nothing
    plain_step.add_stage(no_clip);
    for (int t = 0; t < 5; ++t) {
        const double la = fused_step.run(d.x, d.y, 0.1 / (t + 1)).loss;
        const double lb = plain_step.run(d.x, d.y, 0.1 / (t + 1)).loss;
        EXPECT_NEAR(la, lb, 1e-6);
    }
    EXPECT_EQ(a.steps(), 5u);
    EXPECT_EQ(b.steps(), 5u);
    for (std::size_t i = 0; i < fused.param_count(); ++i) EXPECT_NEAR(fused.params()[i], plain.params()[i], 1e-6) << i;
}

TEST(ClipGradNorm, ScalesTheGlobalNormDownToTheLimitOnly) {
    const Xy d;
    Sequential net = net_3_4_2();
    net.compute_gradients(d.x, d.y, Loss::categorical_cross_entropy);
    const std::vector<float> g(net.grads().begin(), net.grads().end());
    const double norm = norm_of(g);
    ASSERT_GT(norm, 0.0);
    ClipGradNorm loose(norm * 2.0);
    ASSERT_TRUE(loose.apply(net));
    EXPECT_EQ(std::vector<float>(net.grads().begin(), net.grads().end()), g);
    ClipGradNorm tight(norm / 4.0);
    ASSERT_TRUE(tight.apply(net));
    EXPECT_NEAR(tight.norm(), norm, 1e-6 * norm);
    EXPECT_NEAR(norm_of(net.grads()), norm / 4.0, 1e-5 * norm);
    for (std::size_t i = 0; i < g.size(); ++i) EXPECT_NEAR(net.grads()[i], g[i] / 4.0f, 1e-6f);
    net.grads()[0] = std::numeric_limits<float>::quiet_NaN();
    EXPECT_FALSE(tight.apply(net));
    EXPECT_NE(test::error_of([] { ClipGradNorm(0.0); }).find("positive"), std::string::npos);
}

TEST(WeightPenalty, AddsL1AndL2TermsToWeightsNotBiases) {
    const Xy d;
    for (const auto kind : {WeightPenalty::Kind::l1, WeightPenalty::Kind::l2}) {
        Sequential net = net_3_4_2();
        net.compute_gradients(d.x, d.y, Loss::categorical_cross_entropy);
        const std::vector<float> before(net.grads().begin(), net.grads().end());
        WeightPenalty penalty(kind, 0.5);
        ASSERT_TRUE(penalty.apply(net));
        std::size_t offset = 0;
        for (std::size_t l = 0; l < net.size(); ++l) {
            auto* dense = dynamic_cast<Dense<float>*>(&net.layer(l));
            if (dense == nullptr) continue;
            const auto w = std::as_const(*dense).weights().flat();
            for (std::size_t k = 0; k < w.size(); ++k) {
                const float term = kind == WeightPenalty::Kind::l2 ? 0.5f * w[k] : 0.5f * (w[k] > 0 ? 1.0f : -1.0f);
                EXPECT_NEAR(net.grads()[offset + k], before[offset + k] + term, 1e-6f);
            }
            offset += w.size();
            for (std::size_t k = 0; k < dense->bias().size(); ++k) EXPECT_EQ(net.grads()[offset + k], before[offset + k]);
            offset += dense->bias().size();
        }
        EXPECT_EQ(offset, net.param_count());
    }
}

TEST(TrainStep, RateIsHandedInAtEveryStep) {
    const Xy d;
    Sequential net = net_3_4_2();
    const std::vector<float> start(net.params().begin(), net.params().end());
    Optimizer adam(default_config(OptimizerKind::adam), net.param_count());
    TrainStep step(net, adam, Loss::categorical_cross_entropy);
    step.run(d.x, d.y, 0.0);  // rate 0: the state moves, the weights do not
    EXPECT_EQ(std::vector<float>(net.params().begin(), net.params().end()), start);
    EXPECT_EQ(adam.steps(), 1u);
    EXPECT_NE(test::error_of([&] { step.run(d.x, d.y, -1.0); }).find("learning_rate must be non-negative"),
              std::string::npos);
}

TEST(TrainStep, FusedSgdAtRateZeroChangesNothingAtAnyBatchSize) {
    const Xy d;
    for (const std::size_t rows : {std::size_t{1}, std::size_t{6}}) {  // the 1–3-row loops and the GEMM path
        Sequential net = net_3_4_2();
        const std::vector<float> start(net.params().begin(), net.params().end());
        Optimizer sgd({.kind = OptimizerKind::sgd, .learning_rate = 0.1}, net.param_count());
        TrainStep step(net, sgd, Loss::categorical_cross_entropy);
        step.run(d.x.view().rows(0, rows), d.y.view().rows(0, rows), 0.0);
        EXPECT_EQ(std::vector<float>(net.params().begin(), net.params().end()), start) << rows << " rows";
    }
}

TEST(RunEpoch, ReportsTheRunningMeansAndStopsAtDivergence) {
    Dataset data;
    const Xy d;
    data.features = d.x;
    data.targets = d.y;
    data.classes = 2;
    data.labels = {0, 1, 0, 1, 0, 1};
    Sequential net = net_3_4_2();
    Optimizer sgd({.kind = OptimizerKind::sgd, .learning_rate = 0.1}, net.param_count());
    TrainStep step(net, sgd, Loss::categorical_cross_entropy);
    Rng rng(1);
    BatchIterator batches(data, 4, &rng);
    std::vector<std::size_t> seen;
    const EpochResult r = run_epoch(step, batches, 0.1, [&](std::size_t b, double, double) { seen.push_back(b); });
    EXPECT_EQ(seen, (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(r.rows, 6u);
    EXPECT_EQ(r.steps, 2u);
    EXPECT_FALSE(r.diverged);
    EXPECT_TRUE(r.accuracy >= 0.0 && r.accuracy <= 1.0);

    // A NaN weight makes the first batch's loss NaN: the epoch stops there.
    net.params()[0] = std::numeric_limits<float>::quiet_NaN();
    const EpochResult bad = run_epoch(step, batches, 0.1);
    ASSERT_TRUE(bad.diverged);
    EXPECT_EQ(bad.diverged->batch, 1u);
    EXPECT_STREQ(bad.diverged->what, "the loss");
    EXPECT_TRUE(bad.diverged->nan);
    EXPECT_EQ(bad.steps, 1u);
}

}  // namespace
}  // namespace neurite
