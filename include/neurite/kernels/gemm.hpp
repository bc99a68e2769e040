// General matrix products on row-major data.
#pragma once

#include <cstddef>

#include "neurite/tensor/matrix.hpp"

namespace neurite {

enum class Trans { no, yes };

// C = alpha * op(A) * op(B) + beta * C, all row-major with leading
// dimensions lda, ldb, ldc. op(A) is m×k, op(B) is k×n, C is m×n.
// float goes through oneDNN when that backend is active; double always uses
// the portable kernel (it serves gradient checking, not speed).
template <typename T>
void gemm(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, T alpha, const T* a,
          std::size_t lda, const T* b, std::size_t ldb, T beta, T* c, std::size_t ldc);

// View form: C = alpha * op(A) * op(B) + beta * C; shapes are checked.
template <typename T>
void gemm(Trans ta, Trans tb, T alpha, MatrixView<const T> a, MatrixView<const T> b, T beta,
          MatrixView<T> c);

}  // namespace neurite
