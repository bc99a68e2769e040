// Weight initializers: names, determinism, exact fills, sample statistics
// of the scaled kinds, and validation.
#include "neurite/nn/init.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/core/rng.hpp"
#include "core/names_check.hpp"

namespace neurite {
namespace {

constexpr InitKind kAllKinds[] = {
    InitKind::zeros,          InitKind::constant,      InitKind::uniform,
    InitKind::normal,         InitKind::xavier_uniform, InitKind::xavier_normal,
    InitKind::he_uniform,     InitKind::he_normal,     InitKind::lecun_uniform,
    InitKind::lecun_normal,
};

constexpr InitKind kScaledKinds[] = {
    InitKind::xavier_uniform, InitKind::xavier_normal, InitKind::he_uniform,
    InitKind::he_normal,      InitKind::lecun_uniform, InitKind::lecun_normal,
};

// A 400×300 weight matrix: fan_in 400, fan_out 300.
constexpr std::size_t kFanIn = 400;
constexpr std::size_t kFanOut = 300;

std::vector<double> draw(const Initializer& init, std::size_t n, std::uint64_t seed,
                         std::size_t fan_in = kFanIn, std::size_t fan_out = kFanOut) {
    std::vector<double> out(n, -123.0);
    Rng rng(seed);
    initialize<double>(init, std::span<double>(out), fan_in, fan_out, rng);
    return out;
}

struct Stats {
    double mean = 0.0;
    double var = 0.0;  // population variance
    double max_abs = 0.0;
};

Stats stats(const std::vector<double>& v) {
    Stats s;
    for (double x : v) s.mean += x;
    s.mean /= static_cast<double>(v.size());
    for (double x : v) {
        s.var += (x - s.mean) * (x - s.mean);
        s.max_abs = std::max(s.max_abs, std::abs(x));
    }
    s.var /= static_cast<double>(v.size());
    return s;
}

// The variance a scaled kind draws with: 2/(in+out) for Xavier, 2/in for
// He, 1/in for LeCun.
double expected_variance(InitKind k) {
    if (k == InitKind::xavier_uniform || k == InitKind::xavier_normal) return 2.0 / (kFanIn + kFanOut);
    if (k == InitKind::he_uniform || k == InitKind::he_normal) return 2.0 / kFanIn;
    return 1.0 / kFanIn;
}

bool is_uniform(InitKind k) {
    return k == InitKind::xavier_uniform || k == InitKind::he_uniform ||
           k == InitKind::lecun_uniform;
}

// ---- names ----------------------------------------------------------------------------

TEST(InitNames, RoundTripAndUnknownNames) {
    test::expect_enum_names<InitKind>(kAllKinds, parse_init, {"glorot", "", "He_Normal"});
    EXPECT_EQ(to_string(InitKind::he_normal), "he_normal");
    EXPECT_EQ(parse_init("xavier_uniform"), InitKind::xavier_uniform);
}

// ---- exact fills ------------------------------------------------------------------------

TEST(InitFill, ZerosAndConstantAreExact) {
    for (double x : draw(Initializer::zeros(), 1000, 1)) ASSERT_EQ(x, 0.0);
    for (double x : draw(Initializer::constant(0.25), 1000, 1)) ASSERT_EQ(x, 0.25);
    for (double x : draw(Initializer::constant(-3.5), 17, 1, 0, 0)) ASSERT_EQ(x, -3.5);

    std::vector<float> f(64, 9.0f);
    Rng rng(1);
    initialize<float>(Initializer::constant(0.1), std::span<float>(f), 8, 8, rng);
    for (float x : f) ASSERT_EQ(x, 0.1f);
    initialize<float>(Initializer::zeros(), std::span<float>(f), 8, 8, rng);
    for (float x : f) ASSERT_EQ(x, 0.0f);
}

TEST(InitFill, ZerosAndConstantDoNotConsumeRandomness) {
    Rng a(99), b(99);
    std::vector<double> buf(10);
    initialize<double>(Initializer::constant(1.0), std::span<double>(buf), 4, 4, a);
    initialize<double>(Initializer::zeros(), std::span<double>(buf), 4, 4, a);
    EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(InitFill, EmptySpanIsFine) {
    Rng rng(1);
    std::span<double> none;
    for (InitKind k : kScaledKinds) {
        EXPECT_NO_THROW(initialize<double>(Initializer::of(k), none, 3, 3, rng));
    }
}

// ---- determinism -----------------------------------------------------------------------

TEST(InitDeterminism, SameSeedSameValues) {
    const Initializer inits[] = {
        Initializer::uniform(-0.5, 0.5), Initializer::normal(1.0, 2.0),
        Initializer::of(InitKind::xavier_uniform), Initializer::of(InitKind::xavier_normal),
        Initializer::of(InitKind::he_uniform),     Initializer::of(InitKind::he_normal),
        Initializer::of(InitKind::lecun_uniform),  Initializer::of(InitKind::lecun_normal),
    };
    for (const Initializer& init : inits) {
        const auto a = draw(init, 1001, 42);
        const auto b = draw(init, 1001, 42);
        const auto c = draw(init, 1001, 43);
        EXPECT_EQ(a, b) << to_string(init.kind);
        EXPECT_NE(a, c) << to_string(init.kind);
    }
}

TEST(InitDeterminism, FloatIsTheDoubleValuesRounded) {
    for (InitKind k : kScaledKinds) {
        const auto d = draw(Initializer::of(k), 257, 5);
        std::vector<float> f(257);
        Rng rng(5);
        initialize<float>(Initializer::of(k), std::span<float>(f), kFanIn, kFanOut, rng);
        for (std::size_t i = 0; i < f.size(); ++i) {
            ASSERT_EQ(f[i], static_cast<float>(d[i])) << to_string(k) << " " << i;
        }
    }
}

// ---- statistics --------------------------------------------------------------------------

TEST(InitStatistics, ScaledKindsHaveTheDocumentedVariance) {
    const std::size_t n = kFanIn * kFanOut;  // 120,000 samples
    for (InitKind k : kScaledKinds) {
        const auto v = draw(Initializer::of(k), n, 2024);
        const Stats s = stats(v);
        const double var = expected_variance(k);
        const double limit = std::sqrt(3.0 * var);
        // The standard error of the mean is sqrt(var / n); allow 5 of them.
        EXPECT_LT(std::abs(s.mean), 5.0 * std::sqrt(var / n)) << to_string(k);
        // The sample variance's relative standard error is about sqrt(2 / n) ≈ 0.4 %.
        EXPECT_NEAR(s.var / var, 1.0, 0.03) << to_string(k);
        if (is_uniform(k)) {
            // U(−√(3v), √(3v)): bounded, and nearly reaching the bound.
            EXPECT_LE(s.max_abs, limit) << to_string(k);
            EXPECT_GT(s.max_abs, 0.99 * limit) << to_string(k);
        } else {
            // A normal distribution exceeds √3 σ about 8 % of the time.
            std::size_t beyond = 0;
            for (double x : v) beyond += std::abs(x) > limit;
            EXPECT_NEAR(static_cast<double>(beyond) / n, 0.0833, 0.01) << to_string(k);
        }
    }
}

TEST(InitStatistics, XavierUsesBothFans) {
    // Swapping the fans leaves Xavier unchanged but changes He and LeCun.
    const auto a = draw(Initializer::of(InitKind::xavier_normal), 100, 8, 400, 300);
    const auto b = draw(Initializer::of(InitKind::xavier_normal), 100, 8, 300, 400);
    EXPECT_EQ(a, b);
    const auto c = draw(Initializer::of(InitKind::he_normal), 100, 8, 400, 300);
    const auto d = draw(Initializer::of(InitKind::he_normal), 100, 8, 300, 400);
    EXPECT_NE(c, d);
    // He with fan_in 400 draws from N(0, 2/400): the same normals as normal(0, √0.005).
    const auto e = draw(Initializer::normal(0.0, std::sqrt(2.0 / 400)), 100, 8);
    for (std::size_t i = 0; i < c.size(); ++i) EXPECT_NEAR(c[i], e[i], 1e-15) << i;
}

TEST(InitStatistics, UniformAndNormal) {
    const std::size_t n = 100000;
    {
        const auto v = draw(Initializer::uniform(-1.0, 3.0), n, 3);
        const Stats s = stats(v);
        for (double x : v) {
            ASSERT_GE(x, -1.0);
            ASSERT_LT(x, 3.0);
        }
        EXPECT_NEAR(s.mean, 1.0, 0.02);
        EXPECT_NEAR(s.var, 16.0 / 12.0, 0.03);
    }
    {
        const auto v = draw(Initializer::normal(2.0, 0.5), n, 4);
        const Stats s = stats(v);
        EXPECT_NEAR(s.mean, 2.0, 0.01);
        EXPECT_NEAR(std::sqrt(s.var), 0.5, 0.01);
    }
    // A zero standard deviation is allowed: every value is the mean.
    for (double x : draw(Initializer::normal(0.75, 0.0), 50, 4)) ASSERT_EQ(x, 0.75);
}

// ---- validation ---------------------------------------------------------------------------

TEST(InitErrors, InvalidParameters) {
    EXPECT_THROW(draw(Initializer::uniform(1.0, 1.0), 4, 1), Error);
    EXPECT_THROW(draw(Initializer::uniform(2.0, 1.0), 4, 1), Error);
    EXPECT_THROW(draw(Initializer::uniform(0.0, INFINITY), 4, 1), Error);
    EXPECT_THROW(draw(Initializer::uniform(0.0, NAN), 4, 1), Error);
    EXPECT_THROW(draw(Initializer::normal(0.0, -1.0), 4, 1), Error);
    EXPECT_THROW(draw(Initializer::normal(0.0, NAN), 4, 1), Error);
    try {
        draw(Initializer::uniform(2.0, 1.0), 4, 1);
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("uniform"), std::string::npos) << e.what();
    }
}

TEST(InitErrors, ScaledKindsNeedPositiveFans) {
    for (InitKind k : kScaledKinds) {
        EXPECT_THROW(draw(Initializer::of(k), 4, 1, 0, 3), Error) << to_string(k);
        EXPECT_THROW(draw(Initializer::of(k), 4, 1, 3, 0), Error) << to_string(k);
        try {
            draw(Initializer::of(k), 4, 1, 0, 3);
        } catch (const Error& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find(std::string(to_string(k))), std::string::npos) << msg;
            EXPECT_NE(msg.find("fan_in"), std::string::npos) << msg;
        }
    }
    // Unscaled kinds ignore the fans.
    EXPECT_NO_THROW(draw(Initializer::uniform(0, 1), 4, 1, 0, 0));
    EXPECT_NO_THROW(draw(Initializer::normal(0, 1), 4, 1, 0, 0));
}

}  // namespace
}  // namespace neurite
