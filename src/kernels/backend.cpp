#include "neurite/kernels/backend.hpp"

#include <string>
#include <utility>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "neurite/core/error.hpp"

#ifdef NEURITE_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.h>
#endif

namespace neurite {
namespace {

Backend& current_backend() {
    static Backend b = have_onednn() ? Backend::onednn : Backend::portable;
    return b;
}

}  // namespace

bool have_onednn() {
#ifdef NEURITE_HAVE_ONEDNN
    return true;
#else
    return false;
#endif
}

Backend backend() { return current_backend(); }

namespace {

Precision& current_precision() {
    static Precision p = Precision::fp32;
    return p;
}

}  // namespace

Precision precision() { return current_precision(); }

void set_precision(Precision p) {
    if (p == Precision::bf16) {
        if (const std::string why = bf16_unsupported_reason(); !why.empty()) fail("bf16: ", why);
    }
    current_precision() = p;
}

std::string bf16_unsupported_reason() {
#ifdef NEURITE_HAVE_ONEDNN
    // oneDNN's instruction sets are bit sets: AVX-512 BF16 (and AMX, which
    // includes it) have every bit of avx512_core_bf16.
    const auto isa = static_cast<unsigned>(dnnl_get_effective_cpu_isa());
    const auto bf16 = static_cast<unsigned>(dnnl_cpu_isa_avx512_core_bf16);
    if ((isa & bf16) == bf16) return {};
    const char* name = "older than AVX2";
    for (const auto& [value, text] : {std::pair{dnnl_cpu_isa_avx2_vnni, "AVX2 VNNI"},
                                      std::pair{dnnl_cpu_isa_avx512_core_vnni, "AVX-512 VNNI"},
                                      std::pair{dnnl_cpu_isa_avx512_core, "AVX-512"},
                                      std::pair{dnnl_cpu_isa_avx2, "AVX2"}}) {
        if ((isa & static_cast<unsigned>(value)) == static_cast<unsigned>(value)) {
            name = text;
            break;
        }
    }
    return std::string("this CPU has no AVX-512 BF16 (its best instruction set for oneDNN: ") + name + ")";
#else
    return "this build of neurite has no oneDNN (bf16 products run on oneDNN only)";
#endif
}

void set_backend(Backend b) {
    if (b == Backend::onednn && !have_onednn()) fail("this build of neurite has no oneDNN backend");
    current_backend() = b;
}

int num_threads() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;  // built without OpenMP (the WebAssembly build)
#endif
}

void set_num_threads(int n) {
    if (n < 1) fail("thread count must be at least 1, got ", n);
#ifdef _OPENMP
    omp_set_num_threads(n);
#endif
}

SmallBatchScope::SmallBatchScope(std::size_t rows) {
#ifdef _OPENMP
    constexpr std::size_t kSmall = 4;
    if (rows < kSmall && omp_get_max_threads() > 1) {
        saved_ = omp_get_max_threads();
        omp_set_num_threads(1);
    }
#else
    (void)rows;
#endif
}

SmallBatchScope::~SmallBatchScope() {
#ifdef _OPENMP
    if (saved_ > 0) omp_set_num_threads(saved_);
#endif
}

}  // namespace neurite
