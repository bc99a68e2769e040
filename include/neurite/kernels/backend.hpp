// Which code computes matrix products, and with how many threads.
//
// Native builds use oneDNN for float GEMM when it was found at configure time
// (NEURITE_HAVE_ONEDNN); the portable kernels need nothing and carry the
// WebAssembly build. The backend can be switched at run time, which is how
// the tests check that both paths agree.
#pragma once

#include <cstddef>

namespace neurite {

enum class Backend { onednn, portable };

// True when this build was compiled with oneDNN.
bool have_onednn();
// The backend in use; defaults to onednn when available.
Backend backend();
// Selects the backend; asking for onednn in a build without it throws Error.
void set_backend(Backend b);

// Threads used by matrix products and parallel loops (default: all cores).
int num_threads();
void set_num_threads(int n);

// Runs the enclosing scope on one thread when `rows` is below the size at
// which splitting a training step's matrix products between threads pays for
// the threads' start and join (per-sample training); otherwise changes
// nothing. (Inference at batch 1 still gains from two threads: each core's
// cache then holds half of the weights.)
class SmallBatchScope {
public:
    explicit SmallBatchScope(std::size_t rows);
    ~SmallBatchScope();
    SmallBatchScope(const SmallBatchScope&) = delete;
    SmallBatchScope& operator=(const SmallBatchScope&) = delete;

private:
    int saved_ = 0;
};

}  // namespace neurite
