#include "neurite/kernels/backend.hpp"

#include <omp.h>

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

int num_threads() { return omp_get_max_threads(); }

void set_num_threads(int n) {
    if (n < 1) fail("thread count must be at least 1, got ", n);
    omp_set_num_threads(n);
}

SmallBatchScope::SmallBatchScope(std::size_t rows) {
    constexpr std::size_t kSmall = 4;
    if (rows < kSmall && omp_get_max_threads() > 1) {
        saved_ = omp_get_max_threads();
        omp_set_num_threads(1);
    }
}

SmallBatchScope::~SmallBatchScope() {
    if (saved_ > 0) omp_set_num_threads(saved_);
}

}  // namespace neurite
