#include "neurite/tensor/matrix.hpp"

#include <gtest/gtest.h>

#include <cstdint>

#include "neurite/core/error.hpp"

namespace neurite {

TEST(Matrix, ShapeFillAndAlignment) {
    Matrix m(3, 5, 2.5f);
    EXPECT_EQ(m.rows(), 3u);
    EXPECT_EQ(m.cols(), 5u);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(m.data()) % Matrix::alignment, 0u);
    for (float v : m.flat()) EXPECT_EQ(v, 2.5f);
}

TEST(Matrix, InitializerListIsRowMajorAndChecked) {
    Matrix m(2, 3, {1, 2, 3, 4, 5, 6});
    EXPECT_EQ(m(0, 2), 3.0f);
    EXPECT_EQ(m(1, 0), 4.0f);
    EXPECT_THROW(Matrix(2, 2, {1, 2, 3}), Error);
}

TEST(Matrix, ViewsShareStorageAndSliceRows) {
    Matrix m(4, 2, {0, 1, 2, 3, 4, 5, 6, 7});
    auto rows = m.view().rows(1, 2);
    EXPECT_EQ(rows.rows(), 2u);
    EXPECT_EQ(rows(0, 0), 2.0f);
    rows(1, 1) = 42;
    EXPECT_EQ(m(2, 1), 42.0f);
    MatrixView<const float> c = rows;
    EXPECT_EQ(c(1, 1), 42.0f);
}

TEST(Matrix, StridedViewAndCopy) {
    Matrix m(3, 4, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    MatrixView<const float> left(m.data(), 3, 2, 4);  // first two columns
    EXPECT_FALSE(left.contiguous());
    Matrix copy(left);
    EXPECT_EQ(copy.cols(), 2u);
    EXPECT_EQ(copy(2, 1), 9.0f);
}

TEST(Matrix, ResizeKeepsStorageWhenItFits) {
    Matrix m(10, 10);
    const float* before = m.data();
    m.resize(5, 20);
    EXPECT_EQ(m.data(), before);
    m.resize(3, 3);
    EXPECT_EQ(m.data(), before);
    m.resize(20, 20);
    EXPECT_EQ(m.size(), 400u);
}

TEST(Matrix, CopyAndMove) {
    MatrixD a(2, 2, {1, 2, 3, 4});
    MatrixD b = a;
    b(0, 0) = 9;
    EXPECT_EQ(a(0, 0), 1.0);
    MatrixD c = std::move(b);
    EXPECT_EQ(c(0, 0), 9.0);
    EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
}

TEST(Matrix, AbsurdSizesFailBeforeAllocating) {
    Matrix m;
    EXPECT_THROW(m.resize(std::size_t{1} << 40, std::size_t{1} << 20), Error);
}

}  // namespace neurite
