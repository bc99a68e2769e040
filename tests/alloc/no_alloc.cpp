// A steady-state training step allocates no heap memory in neurite's own
// code: every buffer is sized on the first step and reused. This program
// counts every call to malloc, calloc, realloc, posix_memalign and
// aligned_alloc in the whole process (operator new ends in malloc; oneDNN's
// calls are counted too), runs warm-up steps, then counts 50 more steps.
//
// With the portable kernels the count must be zero. With oneDNN it is not
// at batch 64: oneDNN 2.6 allocates a small execution context on every
// primitive call (3 allocations per sgemm, 7 per matmul, measured here), so
// the test then checks that the count stays within that bookkeeping and
// prints it. (Batches of 1-3 rows do not call oneDNN and allocate nothing.) A separate
// executable, because it replaces the process's allocator entry points.
#include <cstdio>
#include <cstdlib>
#include <new>

#include <neurite/neurite.hpp>
#include <neurite/train/trainer.hpp>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
}

namespace {
bool counting = false;
std::size_t allocations = 0;
void note() {
    if (counting) ++allocations;
}
}  // namespace

extern "C" {
void* malloc(std::size_t n) {
    note();
    return __libc_malloc(n);
}
void* calloc(std::size_t a, std::size_t b) {
    note();
    return __libc_calloc(a, b);
}
void* realloc(void* p, std::size_t n) {
    note();
    return __libc_realloc(p, n);
}
int posix_memalign(void** out, std::size_t align, std::size_t n) {
    note();
    *out = __libc_memalign(align, n);
    return *out == nullptr ? 12 : 0;
}
void* aligned_alloc(std::size_t align, std::size_t n) {
    note();
    return __libc_memalign(align, n);
}
}

using namespace neurite;

// Warm-up steps, then counted steps; returns the allocations counted.
template <typename Step>
std::size_t allocations_in(Step step) {
    for (int i = 0; i < 5; ++i) step();
    allocations = 0;
    counting = true;
    for (int i = 0; i < 50; ++i) step();
    counting = false;
    return allocations;
}

int main() {
    Rng rng(1);
    Matrix x(64, 784), y(64, 10, 0.0f);
    for (auto& v : x.flat()) v = static_cast<float>(rng.uniform());
    for (std::size_t i = 0; i < 64; ++i) y(i, i % 10) = 1.0f;
    int failures = 0;
    for (const Backend backend : {Backend::portable, Backend::onednn}) {
    if (backend == Backend::onednn && !have_onednn()) continue;
    set_backend(backend);
    std::size_t per_step_at_1 = 0;
    for (const OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::adam}) {
        for (const std::size_t batch : {std::size_t{1}, std::size_t{64}}) {
            Sequential net(784);
            net.dense(256, Activation::relu).dropout(0.2).dense(128, Activation::relu).dense(10).softmax();
            net.build();
            net.init(rng);
            Optimizer opt({.kind = kind, .learning_rate = 0.01}, net.param_count());
            const auto xb = x.view().rows(0, batch);
            const auto yb = y.view().rows(0, batch);
            const std::size_t n = allocations_in([&] { train_step(net, opt, xb, yb, Loss::categorical_cross_entropy); });
            std::printf("%-8s %-8s batch %-3zu: %zu allocations in 50 steady-state training steps\n",
                        backend == Backend::portable ? "portable" : "oneDNN", std::string(to_string(kind)).c_str(),
                        batch, n);
            if (backend == Backend::portable) {
                failures += n == 0 ? 0 : 1;
            } else {
                // oneDNN's per-call bookkeeping only: bounded per step (4
                // matmul calls and 6 sgemm calls make 46), whatever the batch.
                const bool steady = n <= 46 * 50;
                if (batch == 1) per_step_at_1 = n / 50;
                failures += steady ? 0 : 1;
            }
        }
    }
    if (backend == Backend::onednn)
        std::printf("oneDNN: %zu allocations per batch-1 step (1-3 rows take neurite's own loops)\n", per_step_at_1);
    }
    std::printf("%s\n", failures == 0 ? "ok: neurite's training step allocates nothing"
                                      : "FAIL: training steps allocate");
    return failures == 0 ? 0 : 1;
}
