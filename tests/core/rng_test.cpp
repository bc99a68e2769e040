#include "neurite/core/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "neurite/core/error.hpp"

namespace neurite {

TEST(Rng, SameSeedSameStream) {
    Rng a(123), b(123), c(124);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const auto x = a.next_u64();
        EXPECT_EQ(x, b.next_u64());
        differs = differs || x != c.next_u64();
    }
    EXPECT_TRUE(differs);
}

TEST(Rng, KnownFirstValuesDoNotChangeAcrossVersions) {
    // Pinned so that seeds keep meaning the same weights in later versions.
    Rng r(42);
    const std::uint64_t first = r.next_u64();
    Rng again(42);
    EXPECT_EQ(first, again.next_u64());
    EXPECT_EQ(Rng(0).next_u64(), 0x99ec5f36cb75f2b4ULL);
}

TEST(Rng, UniformAndNormalMoments) {
    Rng r(7);
    const int n = 200000;
    double su = 0, su2 = 0, sn = 0, sn2 = 0;
    for (int i = 0; i < n; ++i) {
        const double u = r.uniform();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        su += u;
        su2 += u * u;
        const double z = r.normal(1.0, 2.0);
        sn += z;
        sn2 += z * z;
    }
    EXPECT_NEAR(su / n, 0.5, 0.005);
    EXPECT_NEAR(su2 / n - 0.25, 1.0 / 12, 0.003);
    EXPECT_NEAR(sn / n, 1.0, 0.02);
    EXPECT_NEAR(sn2 / n - (sn / n) * (sn / n), 4.0, 0.06);
}

TEST(Rng, BelowIsInRangeAndCoversIt) {
    Rng r(5);
    int seen[7] = {};
    for (int i = 0; i < 7000; ++i) {
        const auto v = r.below(7);
        ASSERT_LT(v, 7u);
        ++seen[v];
    }
    for (int c : seen) EXPECT_GT(c, 800);
    EXPECT_THROW(r.below(0), Error);
}

TEST(Rng, StateRoundTrip) {
    Rng r(9);
    r.normal();
    const auto st = r.state();
    const double a = r.normal(), b = r.uniform();
    r.set_state(st);
    EXPECT_EQ(a, r.normal());
    EXPECT_EQ(b, r.uniform());
}

}  // namespace neurite
