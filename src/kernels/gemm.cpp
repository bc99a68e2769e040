#include "neurite/kernels/gemm.hpp"

#include <algorithm>

#include "neurite/core/error.hpp"
#include "neurite/kernels/backend.hpp"

#ifdef NEURITE_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.h>
#endif

namespace neurite {
namespace {

// The portable kernel. Each row of C is computed by one thread in a fixed
// order, so results do not depend on the thread count.
template <typename T>
void gemm_portable(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, T alpha,
                   const T* a, std::size_t lda, const T* b, std::size_t ldb, T beta, T* c,
                   std::size_t ldc) {
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
