// bfloat16 conversion and products (kernels/bf16.hpp, Precision::bf16).
#include "neurite/kernels/bf16.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/core/rng.hpp"
#include "neurite/kernels/backend.hpp"

namespace neurite {
namespace {

TEST(Bf16, RoundsToNearestTiesToEven) {
    EXPECT_EQ(to_bf16(1.0f), 0x3f80);
    EXPECT_EQ(to_bf16(-2.0f), 0xc000);
    // bf16's step at 1 is 2^-7: 1 + 2^-8 is a tie (to 1, even), 1 + 3·2^-8
    // too (to 1 + 2^-6, even), a hair above half a step rounds up.
    EXPECT_EQ(to_bf16(1.0f + 0x1p-8f), 0x3f80);
    EXPECT_EQ(to_bf16(1.0f + 0x3p-8f), 0x3f82);
    EXPECT_EQ(to_bf16(1.0f + 0x1p-8f + 0x1p-20f), 0x3f81);
    EXPECT_EQ(from_bf16(to_bf16(0.15625f)), 0.15625f);  // exact in bf16
    EXPECT_FLOAT_EQ(from_bf16(to_bf16(0.1f)), 0.10009765625f);
    EXPECT_TRUE(std::isnan(from_bf16(to_bf16(std::numeric_limits<float>::quiet_NaN()))));
    EXPECT_EQ(from_bf16(to_bf16(std::numeric_limits<float>::infinity())), std::numeric_limits<float>::infinity());
    EXPECT_EQ(from_bf16(to_bf16(std::numeric_limits<float>::max())), std::numeric_limits<float>::infinity());
    std::vector<float> rows = {1.0f, 2.0f, -1.0f, 9.0f, 0.5f, 3.0f, 7.0f, 9.0f};  // 2 rows of 3, ld 4
    std::vector<std::uint16_t> out(6);
    to_bf16(rows.data(), 2, 3, 4, out.data());
    EXPECT_EQ(from_bf16(out[3]), 0.5f);
    EXPECT_EQ(from_bf16(out[5]), 7.0f);
}

class Bf16Product : public ::testing::Test {
protected:
    void SetUp() override {
        if (const std::string why = bf16_unsupported_reason(); !why.empty()) GTEST_SKIP() << why;
    }
    void TearDown() override { set_precision(Precision::fp32); }
};

// A stored rows × cols with leading dimension ld (a 3-wide gap), filled by `value`.
struct Stored {
    std::size_t rows, cols, ld;
    std::vector<float> data;
    Stored(std::size_t r, std::size_t c, const auto& value) : rows(r), cols(c), ld(c + 3), data(r * (c + 3), -99.0f) {
        for (std::size_t i = 0; i < r; ++i)
            for (std::size_t j = 0; j < c; ++j) data[i * ld + j] = value();
    }
    double at(std::size_t i, std::size_t j) const { return data[i * ld + j]; }
};

// Every combination of transposes, alpha and beta, with operands that bf16
// holds exactly (multiples of 1/8 in [-2, 2]) and sums float32 adds exactly:
// the product must be exact.
TEST_F(Bf16Product, ExactOnValuesBf16Holds) {
    Rng rng(3);
    const auto eighth = [&] { return static_cast<float>(std::floor(rng.uniform(-16, 17))) / 8.0f; };
    const std::size_t m = 37, n = 29, k = 45;
    for (const Trans ta : {Trans::no, Trans::yes})
        for (const Trans tb : {Trans::no, Trans::yes})
            for (const float alpha : {1.0f, -0.5f})
                for (const float beta : {0.0f, 1.0f, 2.0f}) {
                    SCOPED_TRACE(testing::Message() << "ta " << (ta == Trans::yes) << " tb " << (tb == Trans::yes)
                                                    << " alpha " << alpha << " beta " << beta);
                    const Stored a(ta == Trans::no ? m : k, ta == Trans::no ? k : m, eighth);
                    const Stored b(tb == Trans::no ? k : n, tb == Trans::no ? n : k, eighth);
                    Stored c(m, n, eighth);
                    const Stored c0 = c;
                    gemm_bf16(ta, tb, m, n, k, alpha, a.data.data(), a.ld, b.data.data(), b.ld, beta, c.data.data(),
                              c.ld);
                    for (std::size_t i = 0; i < m; ++i)
                        for (std::size_t j = 0; j < n; ++j) {
                            double s = 0;
                            for (std::size_t p = 0; p < k; ++p)
                                s += (ta == Trans::no ? a.at(i, p) : a.at(p, i)) *
                                     (tb == Trans::no ? b.at(p, j) : b.at(j, p));
                            ASSERT_EQ(c.at(i, j), alpha * s + beta * c0.at(i, j)) << "at " << i << ", " << j;
                        }
                    // The gaps between rows are left alone.
                    for (std::size_t i = 0; i < m; ++i) ASSERT_EQ(c.data[i * c.ld + n], -99.0f);
                }
}

// General values: within bf16's rounding of both operands, 2·2^-9 of each
// product's size, summed over k (float32's own error is far below that).
TEST_F(Bf16Product, GemmFollowsThePrecision) {
    Rng rng(5);
    const auto uniform = [&] { return static_cast<float>(rng.uniform(-1, 1)); };
    const std::size_t m = 64, n = 48, k = 200;
    const Stored a(m, k, uniform), b(k, n, uniform);
    std::vector<float> fp32(m * n), bf16(m * n);
    gemm<float>(Trans::no, Trans::no, m, n, k, 1.0f, a.data.data(), a.ld, b.data.data(), b.ld, 0.0f, fp32.data(), n);
    set_precision(Precision::bf16);
    EXPECT_EQ(precision(), Precision::bf16);
    gemm<float>(Trans::no, Trans::no, m, n, k, 1.0f, a.data.data(), a.ld, b.data.data(), b.ld, 0.0f, bf16.data(), n);
    double worst = 0.0, differs = 0.0;
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            double bound = 0.0;
            for (std::size_t p = 0; p < k; ++p) bound += std::fabs(a.at(i, p) * b.at(p, j));
            bound *= 2.0 * 0x1p-9;
            const double err = std::fabs(bf16[i * n + j] - fp32[i * n + j]);
            worst = std::max(worst, err / bound);
            differs = std::max(differs, err);
        }
    EXPECT_LE(worst, 1.0);
    EXPECT_GT(differs, 1e-4);  // the bf16 path was taken: float32 alone is ~1e-6 from exact here
}

}  // namespace
}  // namespace neurite
