#include "neurite/optim/schedule.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>

#include "neurite/core/error.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

using test::expect_error;

// Expects s.rate(base_lr, epoch) to be `rate` for each {epoch, rate}.
void expect_rates(const Schedule& s, double base_lr, std::initializer_list<std::pair<std::size_t, double>> want) {
    for (const auto& [epoch, rate] : want) EXPECT_DOUBLE_EQ(s.rate(base_lr, epoch), rate) << "epoch " << epoch;
}

TEST(Schedule, ConstantIgnoresTheEpoch) {
    expect_rates(Schedule{}, 0.1, {{0, 0.1}, {50, 0.1}, {100000, 0.1}});  // constant by default
}

TEST(Schedule, StepDecaysEveryStepSizeEpochs) {
    // η₀ · 0.5^⌊epoch/10⌋ with η₀ = 0.2
    expect_rates({.kind = ScheduleKind::step, .step_size = 10, .gamma = 0.5}, 0.2,
                 {{0, 0.2}, {9, 0.2}, {10, 0.1}, {19, 0.1}, {20, 0.05}, {35, 0.025}});
}

TEST(Schedule, ExponentialDecaysEveryEpoch) {
    // η₀ · 0.9^epoch with η₀ = 0.1: 0.1, 0.09, 0.081, 0.0729
    expect_rates({.kind = ScheduleKind::exponential, .gamma = 0.9}, 0.1, {{0, 0.1}, {1, 0.09}, {2, 0.081}, {3, 0.0729}});
}

TEST(Schedule, CosineAnnealsToTheMinimumAndStays) {
    const Schedule s{.kind = ScheduleKind::cosine, .period = 100, .min_lr = 0.001};
    // η_min + (η₀ − η_min)(1 + cos(π·e/T))/2 with η₀ = 0.1, η_min = 0.001, T = 100:
    //   e = 0:    0.1
    //   e = 25:   0.001 + 0.099·(1 + √2/2)/2 = 0.001 + 0.099·0.8535534 = 0.0855018
    //   e = 50:   0.001 + 0.099/2 = 0.0505
    //   e = 75:   0.001 + 0.099·(1 − √2/2)/2 = 0.001 + 0.099·0.1464466 = 0.0154982
    //   e ≥ 100:  0.001
    EXPECT_DOUBLE_EQ(s.rate(0.1, 0), 0.1);
    EXPECT_NEAR(s.rate(0.1, 25), 0.001 + 0.099 * (1.0 + std::sqrt(0.5)) / 2.0, 1e-15);
    EXPECT_NEAR(s.rate(0.1, 25), 0.08550178, 1e-8);
    EXPECT_NEAR(s.rate(0.1, 50), 0.0505, 1e-15);
    EXPECT_NEAR(s.rate(0.1, 75), 0.01549822, 1e-8);
    EXPECT_NEAR(s.rate(0.1, 100), 0.001, 1e-15);
    EXPECT_NEAR(s.rate(0.1, 250), 0.001, 1e-15);
}

TEST(Schedule, InvalidParametersThrow) {
    Schedule step{.kind = ScheduleKind::step, .step_size = 0};
    expect_error([&] { (void)step.rate(0.1, 3); }, "step_size");
    step.step_size = 5;
    step.gamma = 0.0;
    expect_error([&] { (void)step.rate(0.1, 3); }, "gamma");

    const Schedule cosine{.kind = ScheduleKind::cosine, .period = 0};
    expect_error([&] { (void)cosine.rate(0.1, 3); }, "period");
}

TEST(Schedule, NamesRoundTrip) {
    const std::array<ScheduleKind, 4> kinds = {ScheduleKind::constant, ScheduleKind::step,
                                               ScheduleKind::exponential, ScheduleKind::cosine};
    const std::array<const char*, 4> names = {"constant", "step", "exponential", "cosine"};
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        EXPECT_EQ(to_string(kinds[i]), names[i]);
        EXPECT_EQ(parse_schedule(names[i]), kinds[i]);
    }
}

TEST(Schedule, UnknownNameListsTheValidOnes) {
    EXPECT_EQ(test::error_of([] { parse_schedule("linear"); }),
              "unknown schedule \"linear\" (expected one of: constant, step, exponential, cosine)");
    expect_error([] { parse_schedule("Cosine"); }, "unknown schedule \"Cosine\"");
}

TEST(ReduceOnPlateau, ReducesAfterPatienceEpochsWithoutImprovement) {
    // factor 0.5, patience 2, min_lr 0.01, threshold 0.1 (an improvement must
    // beat the best value by more than 0.1).
    ReduceOnPlateau r(0.5, 2, 0.01, 0.1);
    double lr = 0.1;
    lr = r.update(1.0, lr);  // first value: best = 1.0
    EXPECT_DOUBLE_EQ(lr, 0.1);
    EXPECT_DOUBLE_EQ(r.best(), 1.0);
    EXPECT_EQ(r.bad_epochs(), 0u);

    lr = r.update(0.95, lr);  // 0.95 is not below 1.0 − 0.1: bad epoch 1
    EXPECT_DOUBLE_EQ(lr, 0.1);
    EXPECT_EQ(r.bad_epochs(), 1u);
    EXPECT_DOUBLE_EQ(r.best(), 1.0);

    lr = r.update(0.85, lr);  // 0.85 < 0.9: improvement, counter resets
    EXPECT_DOUBLE_EQ(lr, 0.1);
    EXPECT_EQ(r.bad_epochs(), 0u);
    EXPECT_DOUBLE_EQ(r.best(), 0.85);

    lr = r.update(0.9, lr);  // bad epoch 1
    EXPECT_DOUBLE_EQ(lr, 0.1);
    lr = r.update(0.8, lr);  // 0.8 is not below 0.75: bad epoch 2 = patience → halve
    EXPECT_DOUBLE_EQ(lr, 0.05);
    EXPECT_EQ(r.bad_epochs(), 0u);

    lr = r.update(0.8, lr);
    EXPECT_DOUBLE_EQ(lr, 0.05);
    lr = r.update(0.8, lr);
    EXPECT_DOUBLE_EQ(lr, 0.025);
    lr = r.update(0.8, lr);
    lr = r.update(0.8, lr);
    EXPECT_DOUBLE_EQ(lr, 0.0125);
    lr = r.update(0.8, lr);
    lr = r.update(0.8, lr);  // 0.00625 is below min_lr: clamped
    EXPECT_DOUBLE_EQ(lr, 0.01);
    lr = r.update(0.8, lr);
    lr = r.update(0.8, lr);
    EXPECT_DOUBLE_EQ(lr, 0.01);
    EXPECT_DOUBLE_EQ(r.best(), 0.85);
}

TEST(ReduceOnPlateau, NanIsNeverAnImprovement) {
    ReduceOnPlateau r(0.1, 1);
    double lr = r.update(2.0, 1.0);
    EXPECT_DOUBLE_EQ(lr, 1.0);
    lr = r.update(std::numeric_limits<double>::quiet_NaN(), lr);
    EXPECT_DOUBLE_EQ(lr, 0.1);
    EXPECT_DOUBLE_EQ(r.best(), 2.0);
}

TEST(ReduceOnPlateau, InvalidParametersThrow) {
    expect_error([] { ReduceOnPlateau r(1.0); }, "factor");
    expect_error([] { ReduceOnPlateau r(0.0); }, "factor");
    expect_error([] { ReduceOnPlateau r(0.5, 3, -1.0); }, "min_lr");
    expect_error([] { ReduceOnPlateau r(0.5, 3, 0.0, -0.1); }, "threshold");
}

}  // namespace
}  // namespace neurite
