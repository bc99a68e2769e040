#include "neurite/kernels/gemm.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "neurite/core/error.hpp"
#include "neurite/core/rng.hpp"
#include "neurite/kernels/backend.hpp"

namespace neurite {
namespace {

// Restores the default backend after each test.
class Gemm : public ::testing::Test {
protected:
    void TearDown() override { set_backend(have_onednn() ? Backend::onednn : Backend::portable); }
};

template <typename T>
BasicMatrix<T> random_matrix(std::size_t r, std::size_t c, Rng& rng) {
    BasicMatrix<T> m(r, c);
    for (auto& v : m.flat()) v = static_cast<T>(rng.uniform(-1, 1));
    return m;
}

// Textbook triple loop, in double.
MatrixD reference(Trans ta, Trans tb, double alpha, const MatrixD& a, const MatrixD& b, double beta,
                  const MatrixD& c0) {
    const std::size_t m = c0.rows(), n = c0.cols(), k = ta == Trans::no ? a.cols() : a.rows();
    MatrixD c = c0;
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            double s = 0;
            for (std::size_t p = 0; p < k; ++p)
                s += (ta == Trans::no ? a(i, p) : a(p, i)) * (tb == Trans::no ? b(p, j) : b(j, p));
            c(i, j) = alpha * s + beta * c0(i, j);
        }
    return c;
}

// Shapes for every loop order of the portable kernel's small products (long
// k: dot products; long n: rows; long m: columns; tiny ones) and for its
// larger, threaded path (over 2^20 multiply-adds).
struct Shape {
    std::size_t m, n, k;
};
constexpr Shape kShapes[] = {{37, 29, 53}, {16, 256, 4}, {16, 3, 256}, {256, 3, 16}, {3, 5, 2},
                             {1, 1, 1},    {7, 300, 1}, {1, 40, 33},  {130, 120, 70}};

void check_all_transposes(Backend backend) {
    set_backend(backend);
    Rng rng(3);
    for (const auto [m, n, k] : kShapes)
    for (Trans ta : {Trans::no, Trans::yes})
        for (Trans tb : {Trans::no, Trans::yes}) {
            const MatrixD a = ta == Trans::no ? random_matrix<double>(m, k, rng) : random_matrix<double>(k, m, rng);
            const MatrixD b = tb == Trans::no ? random_matrix<double>(k, n, rng) : random_matrix<double>(n, k, rng);
            const MatrixD c0 = random_matrix<double>(m, n, rng);
            const MatrixD want = reference(ta, tb, 0.5, a, b, 2.0, c0);
            // float
            Matrix af(a.rows(), a.cols()), bf(b.rows(), b.cols()), cf(m, n);
            for (std::size_t i = 0; i < a.size(); ++i) af.flat()[i] = static_cast<float>(a.flat()[i]);
            for (std::size_t i = 0; i < b.size(); ++i) bf.flat()[i] = static_cast<float>(b.flat()[i]);
            for (std::size_t i = 0; i < c0.size(); ++i) cf.flat()[i] = static_cast<float>(c0.flat()[i]);
            gemm<float>(ta, tb, 0.5f, af.view(), bf.view(), 2.0f, cf.view());
            // double
            MatrixD cd = c0;
            gemm<double>(ta, tb, 0.5, a.view(), b.view(), 2.0, cd.view());
            for (std::size_t i = 0; i < want.size(); ++i) {
                ASSERT_NEAR(cf.flat()[i], want.flat()[i], 1e-4)
                    << m << "x" << n << "x" << k << " ta=" << int(ta) << " tb=" << int(tb);
                ASSERT_NEAR(cd.flat()[i], want.flat()[i], 1e-12) << m << "x" << n << "x" << k;
            }
        }
}

}  // namespace

TEST_F(Gemm, PortableMatchesReferenceForEveryTranspose) { check_all_transposes(Backend::portable); }

TEST_F(Gemm, OneDnnMatchesReferenceForEveryTranspose) {
    if (!have_onednn()) GTEST_SKIP() << "built without oneDNN";
    check_all_transposes(Backend::onednn);
}

TEST_F(Gemm, StridedViewsAndBetaZeroIgnoresGarbage) {
    Rng rng(1);
    Matrix big = random_matrix<float>(8, 10, rng);
    MatrixView<const float> a(big.data(), 8, 3, 10);  // 8×3 with row stride 10
    Matrix b(3, 2, {1, 0, 0, 1, 1, 1});
    Matrix c(8, 2, std::nanf(""));
    gemm<float>(Trans::no, Trans::no, 1.0f, a, b.view(), 0.0f, c.view());
    for (std::size_t i = 0; i < 8; ++i) {
        EXPECT_NEAR(c(i, 0), big(i, 0) + big(i, 2), 1e-6);
        EXPECT_NEAR(c(i, 1), big(i, 1) + big(i, 2), 1e-6);
    }
}

TEST_F(Gemm, ShapeMismatchIsAnError) {
    Matrix a(2, 3), b(4, 2), c(2, 2);
    EXPECT_THROW(gemm<float>(Trans::no, Trans::no, 1.0f, a.view(), b.view(), 0.0f, c.view()), Error);
}

TEST_F(Gemm, ThreadCountSetting) {
    const int before = num_threads();
    set_num_threads(1);
    EXPECT_EQ(num_threads(), 1);
    set_num_threads(before);
    EXPECT_THROW(set_num_threads(0), Error);
}

}  // namespace neurite
