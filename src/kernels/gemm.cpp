#include "neurite/kernels/gemm.hpp"

#include <algorithm>
#include <type_traits>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/kernels/backend.hpp"
#include "neurite/kernels/bf16.hpp"

#ifdef NEURITE_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.h>
#endif

namespace neurite {
namespace {

// Sums of products over contiguous data in 16 lanes (which the compiler
// turns into vector registers), added up in a fixed order.
template <typename T>
T dot(const T* x, const T* y, std::size_t k) {
    constexpr std::size_t lanes = 16;
    T acc[lanes] = {};
    std::size_t p = 0;
    for (; p + lanes <= k; p += lanes)
        for (std::size_t l = 0; l < lanes; ++l) acc[l] += x[p + l] * y[p + l];
    T sum = 0;
    for (std::size_t l = 0; l < lanes; ++l) sum += acc[l];
    for (; p < k; ++p) sum += x[p] * y[p];
    return sum;
}

// y += s · x over n contiguous values.
template <typename T>
void axpy(T* y, T s, const T* x, std::size_t n) {
    for (std::size_t j = 0; j < n; ++j) y[j] += s * x[j];
}

// The transpose of `src` (rows × cols, leading dimension ld) in `buffer`,
// contiguous (cols × rows).
template <typename T>
const T* transposed(std::vector<T>& buffer, const T* src, std::size_t rows, std::size_t cols, std::size_t ld) {
    buffer.resize(rows * cols);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) buffer[c * rows + r] = src[r * ld + c];
    return buffer.data();
}

// Products up to kSmall multiply-adds, on one thread: the loop order puts a
// long dimension innermost, over contiguous data (an operand stored the
// other way round is copied into a scratch buffer first), so that small
// layers (a few inputs, a few classes, a batch of 16) run at vector speed
// instead of over 3-long rows. Which order is used depends on the shape
// alone, so results do not depend on the thread count.
constexpr std::size_t kSmall = std::size_t{1} << 20;

template <typename T>
void gemm_small(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, T alpha, const T* a,
                std::size_t lda, const T* b, std::size_t ldb, T* c, std::size_t ldc) {
    thread_local std::vector<T> packed_a, packed_b, column;
    // Three loop orders, by the dimension innermost: k (dot products), n
    // (rows of C) or m (columns of C). Each is costed in 16-lane steps: a
    // pass of the inner loop costs its vector steps plus about 4 of
    // overhead, a dot product also its reduction and its scalar tail, and a
    // value copied into a scratch buffer half a step; the cheapest runs.
    enum class Order { dot, row, col };
    const auto pass = [](std::size_t inner) { return double((inner + 15) / 16 + 4); };
    const double cost_row = double(m * k) * pass(n) + 0.5 * double(tb == Trans::yes ? k * n : 0);
    const double cost_col = double(n * k) * pass(m) + 0.5 * double(ta == Trans::no ? k * m : 0);
    const double cost_dot = double(m * n) * double(k / 16 + k % 16 + 8) +
                            0.5 * double((ta == Trans::yes ? m * k : 0) + (tb == Trans::no ? n * k : 0));
    const Order best = cost_dot < cost_row && cost_dot < cost_col ? Order::dot
                       : cost_row <= cost_col                     ? Order::row
                                                                  : Order::col;
    if (best == Order::dot) {
        // c_ij += alpha · (row i of op(A)) · (column j of op(B)), both as
        // contiguous rows of k.
        const T* ar = a;
        std::size_t ars = lda;
        if (ta == Trans::yes) {
            ar = transposed(packed_a, a, k, m, lda);
            ars = k;
        }
        const T* bc = b;
        std::size_t bcs = ldb;
        if (tb == Trans::no) {
            bc = transposed(packed_b, b, k, n, ldb);
            bcs = k;
        }
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) c[i * ldc + j] += alpha * dot(ar + i * ars, bc + j * bcs, k);
    } else if (best == Order::row) {
        // Row i of C += alpha · op(A)_ip · row p of op(B), rows of n.
        const T* br = b;
        std::size_t brs = ldb;
        if (tb == Trans::yes) {
            br = transposed(packed_b, b, n, k, ldb);
            brs = n;
        }
        const auto op_a = [&](std::size_t i, std::size_t p) { return alpha * (ta == Trans::no ? a[i * lda + p] : a[p * lda + i]); };
        std::size_t i = 0;
        for (; i + 4 <= m; i += 4) {  // four rows of C per pass over op(B)
            T* c0 = c + i * ldc;
            T* c1 = c0 + ldc;
            T* c2 = c1 + ldc;
            T* c3 = c2 + ldc;
            for (std::size_t p = 0; p < k; ++p) {
                const T s0 = op_a(i, p), s1 = op_a(i + 1, p), s2 = op_a(i + 2, p), s3 = op_a(i + 3, p);
                const T* bp = br + p * brs;
                for (std::size_t j = 0; j < n; ++j) {
                    const T x = bp[j];
                    c0[j] += s0 * x;
                    c1[j] += s1 * x;
                    c2[j] += s2 * x;
                    c3[j] += s3 * x;
                }
            }
        }
        for (; i < m; ++i)
            for (std::size_t p = 0; p < k; ++p) {
                const T s = op_a(i, p);
                if (s != T(0)) axpy(c + i * ldc, s, br + p * brs, n);
            }
    } else {
        // Column j of C += alpha · op(B)_pj · column p of op(A), columns of
        // m, summed in a scratch column and then added to C.
        const T* at = a;
        std::size_t ats = lda;
        if (ta == Trans::no) {
            at = transposed(packed_a, a, m, k, lda);
            ats = m;
        }
        column.resize(m);
        for (std::size_t j = 0; j < n; ++j) {
            std::fill(column.begin(), column.end(), T(0));
            for (std::size_t p = 0; p < k; ++p) {
                const T s = alpha * (tb == Trans::no ? b[p * ldb + j] : b[j * ldb + p]);
                if (s != T(0)) axpy(column.data(), s, at + p * ats, m);
            }
            for (std::size_t i = 0; i < m; ++i) c[i * ldc + j] += column[i];
        }
    }
}

// The portable kernel: small float products by gemm_small; the others with
// each row of C computed by one thread in a fixed order, so results do not
// depend on the thread count.
template <typename T>
void gemm_portable(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, T alpha,
                   const T* a, std::size_t lda, const T* b, std::size_t ldb, T beta, T* c,
                   std::size_t ldc) {
    // float only: double serves gradient checks and the demos, whose
    // printed numbers stay those of the one loop order they always had.
    if (std::is_same_v<T, float> && m * n * k <= kSmall && k > 0) {
        for (std::size_t i = 0; i < m; ++i) {
            T* ci = c + i * ldc;
            if (beta == T(0)) {
                std::fill(ci, ci + n, T(0));
            } else if (beta != T(1)) {
                for (std::size_t j = 0; j < n; ++j) ci[j] *= beta;
            }
        }
        gemm_small(ta, tb, m, n, k, alpha, a, lda, b, ldb, c, ldc);
        return;
    }
    const bool parallel = m > 1 && m * n * k > 32768;
    const auto rows = static_cast<long long>(m);
#pragma omp parallel for schedule(static) if (parallel)
    for (long long ii = 0; ii < rows; ++ii) {
        const auto i = static_cast<std::size_t>(ii);
        T* ci = c + i * ldc;
        if (beta == T(0)) {
            std::fill(ci, ci + n, T(0));
        } else if (beta != T(1)) {
            for (std::size_t j = 0; j < n; ++j) ci[j] *= beta;
        }
        if (tb == Trans::no) {
            // c_i += Σ_p alpha · op(A)_ip · B_p
            for (std::size_t p = 0; p < k; ++p) {
                const T aip = alpha * (ta == Trans::no ? a[i * lda + p] : a[p * lda + i]);
                if (aip == T(0)) continue;
                const T* bp = b + p * ldb;
                for (std::size_t j = 0; j < n; ++j) ci[j] += aip * bp[j];
            }
        } else {
            // c_ij += alpha · op(A)_i · B_j  (B_j is row j of B)
            for (std::size_t j = 0; j < n; ++j) {
                const T* bj = b + j * ldb;
                T sum = 0;
                if (ta == Trans::no) {
                    const T* ai = a + i * lda;
                    for (std::size_t p = 0; p < k; ++p) sum += ai[p] * bj[p];
                } else {
                    for (std::size_t p = 0; p < k; ++p) sum += a[p * lda + i] * bj[p];
                }
                ci[j] += alpha * sum;
            }
        }
    }
}

}  // namespace

template <typename T>
void gemm(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, T alpha, const T* a,
          std::size_t lda, const T* b, std::size_t ldb, T beta, T* c, std::size_t ldc) {
    if (m == 0 || n == 0) return;
#ifdef NEURITE_HAVE_ONEDNN
    if constexpr (std::is_same_v<T, float>) {
        if (backend() == Backend::onednn && k > 0 && precision() == Precision::bf16) {
            gemm_bf16(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        if (backend() == Backend::onednn && k > 0) {
            const auto st = dnnl_sgemm(ta == Trans::yes ? 'T' : 'N', tb == Trans::yes ? 'T' : 'N',
                                       static_cast<dnnl_dim_t>(m), static_cast<dnnl_dim_t>(n),
                                       static_cast<dnnl_dim_t>(k), alpha, a, static_cast<dnnl_dim_t>(lda),
                                       b, static_cast<dnnl_dim_t>(ldb), beta, c,
                                       static_cast<dnnl_dim_t>(ldc));
            if (st != dnnl_success) fail("oneDNN sgemm failed (status ", static_cast<int>(st), ")");
            return;
        }
    }
#endif
    gemm_portable(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

template <typename T>
void gemm(Trans ta, Trans tb, T alpha, MatrixView<const T> a, MatrixView<const T> b, T beta,
          MatrixView<T> c) {
    const std::size_t m = ta == Trans::no ? a.rows() : a.cols();
    const std::size_t k = ta == Trans::no ? a.cols() : a.rows();
    const std::size_t kb = tb == Trans::no ? b.rows() : b.cols();
    const std::size_t n = tb == Trans::no ? b.cols() : b.rows();
    if (k != kb || c.rows() != m || c.cols() != n)
        fail("gemm: shapes do not match: op(A) is ", m, "×", k, ", op(B) is ", kb, "×", n, ", C is ",
             c.rows(), "×", c.cols());
    gemm(ta, tb, m, n, k, alpha, a.data(), a.stride(), b.data(), b.stride(), beta, c.data(), c.stride());
}

template void gemm<float>(Trans, Trans, std::size_t, std::size_t, std::size_t, float, const float*,
                          std::size_t, const float*, std::size_t, float, float*, std::size_t);
template void gemm<double>(Trans, Trans, std::size_t, std::size_t, std::size_t, double, const double*,
                           std::size_t, const double*, std::size_t, double, double*, std::size_t);
template void gemm<float>(Trans, Trans, float, MatrixView<const float>, MatrixView<const float>, float,
                          MatrixView<float>);
template void gemm<double>(Trans, Trans, double, MatrixView<const double>, MatrixView<const double>,
                           double, MatrixView<double>);

}  // namespace neurite
