#include "neurite/kernels/backend.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

#include "neurite/core/error.hpp"

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
