// Which code computes matrix products, and with how many threads.
//
// Native builds use oneDNN for float GEMM when it was found at configure time
// (NEURITE_HAVE_ONEDNN); the portable kernels need nothing and carry the
// WebAssembly build. The backend can be switched at run time, which is how
// the tests check that both paths agree.
#pragma once

#include <cstddef>
#include <string>

namespace neurite {

enum class Backend { onednn, portable };

// True when this build was compiled with oneDNN.
bool have_onednn();
// The backend in use; defaults to onednn when available.
Backend backend();
// Selects the backend; asking for onednn in a build without it throws Error.
void set_backend(Backend b);

// The arithmetic of float matrix products (kernels/bf16.hpp). fp32: as
// always. bf16: both operands of every product are rounded to bfloat16 (8
// significant bits, float32's range) and the products are summed in
// float32, by oneDNN's kernels for CPUs with AVX-512 BF16 or AMX — the
// precision PyTorch's torch.autocast("cpu", dtype=torch.bfloat16) gives a
// linear layer. Everything else stays float32: weights (the master copy),
// optimizer state, activations, losses, softmax, and the model files.
// Batches of at most Dense::kSmallRows rows and the portable backend stay fp32.
enum class Precision { fp32, bf16 };
Precision precision();
// Fails with the reason (bf16_unsupported_reason) when bf16 cannot run here.
void set_precision(Precision p);
// Empty when bf16 products can run on this CPU with this build, else one
// line saying why not.
std::string bf16_unsupported_reason();

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
