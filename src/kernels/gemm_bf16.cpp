// bf16 products on oneDNN's matmul primitive (kernels/bf16.hpp). Each call
// rounds A and B into scratch buffers, laid out as they are stored (a
// transposed operand is described to oneDNN by its strides, not copied
// round), and runs a primitive made once per shape and reused, with beta as
// a sum post-op onto C. alpha (a learning rate in the fused SGD update,
// which changes from step to step) multiplies A before its rounding: a
// run-time output scale would keep one primitive for every rate, but makes
// oneDNN 2.6 leave its AVX-512 BF16 kernel (brg:avx512_core_bf16) for a
// slower one (gemm:jit), and a scale fixed in the primitive would make a new
// primitive at every new rate.
#include "neurite/kernels/bf16.hpp"

#include <vector>

#include "neurite/core/error.hpp"

#include "onednn_context.hpp"

namespace neurite {

void to_bf16(const float* in, std::size_t rows, std::size_t cols, std::size_t ld, std::uint16_t* out, float scale) {
    // Both cores share a large operand's rounding (one would otherwise wait
    // for the other between two products that use both).
    const auto n = static_cast<long long>(rows);
#pragma omp parallel for schedule(static) if (rows * cols >= 65536)
    for (long long rr = 0; rr < n; ++rr) {
        const auto r = static_cast<std::size_t>(rr);
        const float* __restrict row = in + r * ld;
        std::uint16_t* __restrict o = out + r * cols;
        for (std::size_t c = 0; c < cols; ++c) o[c] = to_bf16(scale * row[c]);
    }
}

#ifdef NEURITE_HAVE_ONEDNN
namespace {

struct Bf16Product {
    std::size_t m = 0, n = 0, k = 0, ldc = 0;
    Trans ta = Trans::no, tb = Trans::no;
    float beta = 0.0f;
    dnnl::matmul prim;
    dnnl::memory a, b, c;
};

Bf16Product make_product(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, float beta,
                         std::size_t ldc) {
    using dt = dnnl::memory::data_type;
    using dims = dnnl::memory::dims;
    const auto M = static_cast<dnnl::memory::dim>(m);
    const auto N = static_cast<dnnl::memory::dim>(n);
    const auto K = static_cast<dnnl::memory::dim>(k);
    // op(A) is m×k: stored m×k (strides k, 1) or k×m (strides 1, m); likewise op(B).
    const dnnl::memory::desc a_md({M, K}, dt::bf16, ta == Trans::no ? dims{K, 1} : dims{1, M});
    const dnnl::memory::desc b_md({K, N}, dt::bf16, tb == Trans::no ? dims{N, 1} : dims{1, K});
    const dnnl::memory::desc c_md({M, N}, dt::f32, dims{static_cast<dnnl::memory::dim>(ldc), 1});
    dnnl::primitive_attr attr;
    if (beta != 0.0f) {
        dnnl::post_ops po;
        po.append_sum(beta);
        attr.set_post_ops(po);
    }
    Bf16Product p;
    p.m = m, p.n = n, p.k = k, p.ldc = ldc, p.ta = ta, p.tb = tb, p.beta = beta;
    try {
        const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a_md, b_md, c_md), attr, onednn_engine());
        p.prim = dnnl::matmul(pd);
    } catch (const dnnl::error& e) {
        fail("bf16 product ", m, "×", k, " by ", k, "×", n, ": oneDNN has no kernel for it (", e.what(), ")");
    }
    p.a = dnnl::memory(a_md, onednn_engine(), DNNL_MEMORY_NONE);
    p.b = dnnl::memory(b_md, onednn_engine(), DNNL_MEMORY_NONE);
    p.c = dnnl::memory(c_md, onednn_engine(), DNNL_MEMORY_NONE);
    return p;
}

// The primitives made so far on this thread (a network needs a few shapes:
// forward, and the two backward products, per layer and batch size).
Bf16Product& product_for(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, float beta,
                         std::size_t ldc) {
    thread_local std::vector<Bf16Product> made;
    for (Bf16Product& p : made)
        if (p.m == m && p.n == n && p.k == k && p.ldc == ldc && p.ta == ta && p.tb == tb && p.beta == beta)
            return p;
    if (made.size() >= 64) made.clear();
    made.push_back(make_product(ta, tb, m, n, k, beta, ldc));
    return made.back();
}

}  // namespace

void gemm_bf16(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a,
               std::size_t lda, const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc) {
    if (m == 0 || n == 0) return;
    if (k == 0) fail("bf16 product with an inner dimension of 0");
    thread_local std::vector<std::uint16_t> a16, b16;
    // A as stored: m rows of k (or k rows of m); B: k rows of n (or n rows of k).
    const std::size_t a_rows = ta == Trans::no ? m : k, a_cols = ta == Trans::no ? k : m;
    const std::size_t b_rows = tb == Trans::no ? k : n, b_cols = tb == Trans::no ? n : k;
    a16.resize(a_rows * a_cols);
    b16.resize(b_rows * b_cols);
    to_bf16(a, a_rows, a_cols, lda, a16.data(), alpha);
    to_bf16(b, b_rows, b_cols, ldb, b16.data());
    Bf16Product& p = product_for(ta, tb, m, n, k, beta, ldc);
    p.a.set_data_handle(a16.data());
    p.b.set_data_handle(b16.data());
    p.c.set_data_handle(c);
    dnnl_exec_arg_t args[3] = {{DNNL_ARG_SRC, p.a.get()}, {DNNL_ARG_WEIGHTS, p.b.get()}, {DNNL_ARG_DST, p.c.get()}};
    const auto st = dnnl_primitive_execute(p.prim.get(), onednn_stream().get(), 3, args);
    if (st != dnnl_success) fail("oneDNN bf16 matmul failed (status ", static_cast<int>(st), ")");
    onednn_stream().wait();
}
#else
void gemm_bf16(Trans, Trans, std::size_t, std::size_t, std::size_t, float, const float*, std::size_t, const float*,
               std::size_t, float, float*, std::size_t) {
    fail("bf16 products need oneDNN, which this build of neurite has not");
}
#endif

}  // namespace neurite
