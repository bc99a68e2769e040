#include "neurite/data/transforms.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"

using neurite::Error;
using neurite::Matrix;
using neurite::Preprocessing;
using neurite::ScalingKind;

namespace {

using neurite::test::error_of;

std::vector<float> col(const Matrix& m, std::size_t c) {
    std::vector<float> v;
    for (std::size_t r = 0; r < m.rows(); ++r) v.push_back(m(r, c));
    return v;
}

}  // namespace

TEST(Transform, ScalingNames) {
    for (const ScalingKind k : {ScalingKind::none, ScalingKind::scale, ScalingKind::minmax, ScalingKind::standardize})
        EXPECT_EQ(neurite::parse_scaling(neurite::to_string(k)), k);
    EXPECT_EQ(neurite::to_string(ScalingKind::standardize), "standardize");
    const std::string e = error_of([] { neurite::parse_scaling("zscore"); });
    EXPECT_NE(e.find("\"zscore\""), std::string::npos) << e;
    EXPECT_NE(e.find("standardize"), std::string::npos) << e;
}

TEST(Transform, FixedRangePixelsToUnit) {
    const Preprocessing p = neurite::fit_fixed_range(3, 0, 255, 0, 1);
    EXPECT_EQ(p.kind, ScalingKind::scale);
    EXPECT_EQ(p.offset, (std::vector<float>{0, 0, 0}));
    EXPECT_EQ(p.scale, std::vector<float>(3, 1.0f / 255.0f));
    Matrix x(1, 3, {0, 255, 51});
    p.apply(x);
    EXPECT_EQ(x(0, 0), 0.0f);
    EXPECT_FLOAT_EQ(x(0, 1), 1.0f);
    EXPECT_FLOAT_EQ(x(0, 2), 0.2f);
}

TEST(Transform, FixedRangeToOffsetInterval) {
    // The book's MNIST scaling: 0 … 255 to 0.01 … 1.
    const Preprocessing p = neurite::fit_fixed_range(2, 0, 255, 0.01, 1.0);
    Matrix x(1, 2, {0, 255});
    p.apply(x);
    EXPECT_FLOAT_EQ(x(0, 0), 0.01f);
    EXPECT_FLOAT_EQ(x(0, 1), 1.0f);
    EXPECT_FALSE(error_of([] { neurite::fit_fixed_range(2, 5, 5, 0, 1); }).empty());
    EXPECT_FALSE(error_of([] { neurite::fit_fixed_range(2, 0, 1, 3, 3); }).empty());
}

TEST(Transform, MinMax) {
    const Matrix x(3, 2, {1, -4,  //
                          3, 0,   //
                          5, 4});
    const Preprocessing p = neurite::fit_minmax(x);
    EXPECT_EQ(p.kind, ScalingKind::minmax);
    EXPECT_EQ(p.offset, (std::vector<float>{1, -4}));
    EXPECT_EQ(p.scale, (std::vector<float>{0.25f, 0.125f}));
    Matrix y = x;
    p.apply(y);
    EXPECT_EQ(col(y, 0), (std::vector<float>{0, 0.5f, 1}));
    EXPECT_EQ(col(y, 1), (std::vector<float>{0, 0.5f, 1}));
    // Unseen data is mapped by the same line, outside [0, 1] if need be.
    Matrix z(1, 2, {9, -8});
    p.apply(z);
    EXPECT_EQ(z(0, 0), 2.0f);
    EXPECT_EQ(z(0, 1), -0.5f);
}

TEST(Transform, MinMaxToMinusOneOne) {
    const Matrix x(3, 1, {2, 4, 6});
    const Preprocessing p = neurite::fit_minmax(x, -1, 1);
    Matrix y = x;
    p.apply(y);
    EXPECT_EQ(col(y, 0), (std::vector<float>{-1, 0, 1}));
}

TEST(Transform, Standardize) {
    const Matrix x(4, 2, {1, 10,  //
                          2, 10,  //
                          3, 30,  //
                          4, 30});
    const Preprocessing p = neurite::fit_standardize(x);
    EXPECT_EQ(p.kind, ScalingKind::standardize);
    EXPECT_EQ(p.offset, (std::vector<float>{2.5f, 20}));
    // Population standard deviations: √1.25 and 10.
    EXPECT_FLOAT_EQ(p.scale[0], float(1 / std::sqrt(1.25)));
    EXPECT_FLOAT_EQ(p.scale[1], 0.1f);
    Matrix y = x;
    p.apply(y);
    const float a = float(1.5 / std::sqrt(1.25)), b = float(0.5 / std::sqrt(1.25));
    const std::vector<float> c0 = col(y, 0);
    const std::vector<float> want0{-a, -b, b, a};
    for (std::size_t i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(c0[i], want0[i]);
    EXPECT_EQ(col(y, 1), (std::vector<float>{-1, -1, 1, 1}));
    double mean = 0, sq = 0;
    for (const float v : c0) mean += v, sq += double(v) * v;
    EXPECT_NEAR(mean / 4, 0.0, 1e-7);
    EXPECT_NEAR(sq / 4, 1.0, 1e-6);
}

TEST(Transform, ConstantFeatures) {
    const Matrix x(3, 2, {7, 1,  //
                          7, 2,  //
                          7, 3});
    Matrix y = x;
    neurite::fit_minmax(x).apply(y);
    EXPECT_EQ(col(y, 0), (std::vector<float>{0, 0, 0}));
    EXPECT_EQ(col(y, 1), (std::vector<float>{0, 0.5f, 1}));
    y = x;
    neurite::fit_minmax(x, 0.5, 1).apply(y);
    EXPECT_EQ(col(y, 0), (std::vector<float>{0.5f, 0.5f, 0.5f}));
    y = x;
    neurite::fit_standardize(x).apply(y);
    EXPECT_EQ(col(y, 0), (std::vector<float>{0, 0, 0}));
    for (const float v : y.flat()) EXPECT_TRUE(std::isfinite(v));
}

TEST(Transform, WidthMismatchIsAnError) {
    const Preprocessing p = neurite::fit_minmax(Matrix(2, 3, {0, 0, 0, 1, 1, 1}));
    Matrix x(2, 4);
    const std::string e = error_of([&] { p.apply(x); });
    EXPECT_NE(e.find("3 features"), std::string::npos) << e;
    EXPECT_NE(e.find("has 4"), std::string::npos) << e;
    // "none" applies to any width and changes nothing.
    Matrix z(1, 2, {3, 4});
    Preprocessing{}.apply(z);
    EXPECT_EQ(z(0, 1), 4.0f);
}

TEST(Transform, ApplyToRowsOfAView) {
    const Preprocessing p = neurite::fit_fixed_range(2, 0, 10, 0, 1);
    Matrix x(3, 2, {10, 10, 5, 5, 10, 10});
    p.apply(x.view().rows(1, 1));
    EXPECT_EQ(x(0, 0), 10.0f);
    EXPECT_FLOAT_EQ(x(1, 0), 0.5f);
    EXPECT_EQ(x(2, 1), 10.0f);
}

TEST(Transform, FitOnNoRowsIsAnError) {
    const Matrix empty(0, 3);
    EXPECT_FALSE(error_of([&] { neurite::fit_minmax(empty); }).empty());
    EXPECT_FALSE(error_of([&] { neurite::fit_standardize(empty); }).empty());
}

TEST(Transform, BinarizeTwoBins) {
    Matrix x(4, 2, {0, 10,    //
                    0.4f, 20, //
                    0.5f, 30, //
                    1, 50});
    Matrix r = x;
    neurite::binarize_equal_width(x, 2);
    EXPECT_EQ(col(x, 0), (std::vector<float>{0, 0, 1, 1}));
    EXPECT_EQ(col(x, 1), (std::vector<float>{0, 0, 1, 1}));  // each feature over its own 10 … 50
    // Reversed, as the M-P neuron demonstration wants: the lower bin is 1.
    neurite::binarize_equal_width(r, 2, true);
    EXPECT_EQ(col(r, 0), (std::vector<float>{1, 1, 0, 0}));
    EXPECT_EQ(col(r, 1), (std::vector<float>{1, 1, 0, 0}));
}

TEST(Transform, BinarizeMoreBinsAndConstants) {
    Matrix x(5, 2, {0, 3,  //
                    1, 3,  //
                    2, 3,  //
                    2.9f, 3, //
                    3, 3});
    neurite::binarize_equal_width(x, 3);
    EXPECT_EQ(col(x, 0), (std::vector<float>{0, 1, 2, 2, 2}));
    EXPECT_EQ(col(x, 1), (std::vector<float>{0, 0, 0, 0, 0}));  // a constant feature: bin 0
    Matrix c(2, 1, {4, 4});
    neurite::binarize_equal_width(c, 2, true);
    EXPECT_EQ(col(c, 0), (std::vector<float>{1, 1}));
    EXPECT_FALSE(error_of([&] { neurite::binarize_equal_width(c, 0); }).empty());
}
