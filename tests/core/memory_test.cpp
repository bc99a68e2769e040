// Requests larger than this machine's memory fail before allocating, with a
// message that says how much was asked for and how much there is. The sizes
// below are derived from physical_memory_bytes(), so every test asks for
// more than the machine running it has, whatever that is.
#include "neurite/core/memory.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "neurite/core/error.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/optim/optimizer.hpp"
#include "neurite/tensor/matrix.hpp"
#include "test_util.hpp"

using namespace neurite;
using neurite::test::error_of;

namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::uint64_t memory() {
    const std::uint64_t m = physical_memory_bytes();
    EXPECT_GT(m, 0u);
    return m;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST(Memory, PhysicalMemoryIsKnownAndPlausible) {
    const std::uint64_t m = memory();
    EXPECT_GE(m, std::uint64_t{64} << 20);   // at least 64 MiB
    EXPECT_LE(m, std::uint64_t{1} << 50);    // at most 1 PiB
    EXPECT_EQ(physical_memory_bytes(), m);  // cached
}

TEST(Memory, SaturatingArithmetic) {
    EXPECT_EQ(saturating_mul(3, 4), 12u);
    EXPECT_EQ(saturating_mul(kMax / 2, 3), kMax);
    EXPECT_EQ(saturating_mul(0, kMax), 0u);
    EXPECT_EQ(saturating_add(kMax - 1, 1), kMax);
    EXPECT_EQ(saturating_add(kMax, 5), kMax);
    EXPECT_EQ(saturating_add(2, 3), 5u);
}

TEST(Memory, FormatBytes) {
    EXPECT_EQ(format_bytes(0), "0 B");
    EXPECT_EQ(format_bytes(1023), "1023 B");
    EXPECT_EQ(format_bytes(1536), "1.5 KiB");
    EXPECT_EQ(format_bytes(std::uint64_t{3} << 20), "3.0 MiB");
    EXPECT_EQ(format_bytes(std::uint64_t{25} << 30), "25.0 GiB");
    EXPECT_EQ(format_bytes(std::uint64_t{5} << 40), "5.0 TiB");
    EXPECT_EQ(format_bytes(kMax), "more than 16 EiB");
}

TEST(Memory, RequireMemory) {
    const std::uint64_t m = memory();
    EXPECT_NO_THROW(require_memory(m / 4, "a quarter"));
    const std::string e = error_of([&] { require_memory(m + 1, "x.bin: the thing"); });
    EXPECT_EQ(e, "x.bin: the thing needs " + format_bytes(m + 1) + "; this machine has " + format_bytes(m) +
                     " of memory");
    EXPECT_TRUE(contains(error_of([] { require_memory(kMax, "all"); }), "all needs more than 16 EiB")) << e;
}

TEST(MemoryLimits, MatrixRejectsOverflowingShapes) {
    const std::size_t big = std::numeric_limits<std::size_t>::max() / 2;
    std::string e = error_of([&] { Matrix m(big, 4); });
    EXPECT_TRUE(contains(e, "is too large")) << e;
    e = error_of([&] { Matrix m(3, big); });
    EXPECT_TRUE(contains(e, "is too large")) << e;
    e = error_of([&] { Matrix m(std::size_t{1} << 32, std::size_t{1} << 32); });  // 2⁶⁴ wraps to 0
    EXPECT_TRUE(contains(e, "is too large")) << e;
    Matrix ok;
    e = error_of([&] { ok.resize(big, big); });
    EXPECT_TRUE(contains(e, "is too large")) << e;
    EXPECT_EQ(ok.size(), 0u);
}

TEST(MemoryLimits, MatrixBeyondMemoryFailsBeforeAllocating) {
    const std::size_t cols = 1024;
    const std::size_t rows = std::size_t(memory() / (4 * cols)) * 2;  // twice this machine's memory
    const std::string e = error_of([&] { Matrix m(rows, cols); });
    EXPECT_TRUE(contains(e, "matrix " + std::to_string(rows) + "×1024 needs ")) << e;
    EXPECT_TRUE(contains(e, "; this machine has " + format_bytes(memory()))) << e;
}

TEST(MemoryLimits, NetworkParametersBeyondMemoryFailAtBuild) {
    // 2²⁰ inputs × 2²⁰ units: 2⁴⁰ parameters, 8 TiB with their gradients.
    Sequential net(std::size_t{1} << 20);
    net.dense(std::size_t{1} << 20);
    const std::string e = error_of([&] { net.build(); });
    EXPECT_TRUE(contains(e, "network: its 1099512676352 parameters and their gradients needs 8.0 TiB")) << e;
    EXPECT_FALSE(net.built());
}

TEST(MemoryLimits, BatchActivationsBeyondMemoryFailBeforeAllocating) {
    Sequential net(1);
    net.dense(1000, Activation::relu).dense(2);
    net.build();
    // A batch that needs twice this machine's memory, given as a view whose
    // rows all alias one value (stride 0): nothing is read before the check.
    const std::size_t rows = std::size_t(memory() / (4 * 1000)) * 2;
    const float x = 1.0f;
    const MatrixView<const float> batch(&x, rows, 1, 0);
    const std::string e = error_of([&] { net.forward(batch); });
    EXPECT_TRUE(contains(e, "network: a batch of " + std::to_string(rows) + " rows")) << e;
    EXPECT_TRUE(contains(e, "; this machine has ")) << e;
    // A normal batch still runs, and the network is usable afterwards.
    Matrix small(4, 1, 0.5f);
    EXPECT_EQ(net.forward(small).rows(), 4u);
}

TEST(MemoryLimits, OptimizerStateBeyondMemoryFailsBeforeAllocating) {
    OptimizerConfig c;
    c.kind = OptimizerKind::adam;
    const std::size_t n = std::size_t(memory() / 16) + 1;  // 16 bytes a parameter with Adam's 2 slots
    const std::string e = error_of([&] { Optimizer o(c, n); });
    EXPECT_TRUE(contains(e, "optimizer adam: training " + std::to_string(n) +
                                " parameters (with their gradients and 2 state slots) needs")) << e;
    // SGD keeps no state: nothing to allocate, nothing refused.
    c.kind = OptimizerKind::sgd;
    EXPECT_NO_THROW(Optimizer o(c, n));
}

TEST(MemoryLimits, TrainingMemoryOfASpec) {
    ModelSpec spec;
    spec.input = 784;
    LayerSpec h;
    h.type = "dense";
    h.units = 256;
    h.activation = Activation::relu;
    LayerSpec out;
    out.type = "dense";
    out.units = 10;
    out.activation = Activation::softmax;
    spec.layers = {h, out};
    const std::uint64_t params = 785 * 256 + 257 * 10;
    // Parameters, gradients and Adam's 2 slots; activations 256 + 10 + 10
    // (softmax) and 3 deltas as wide as the input, per row.
    EXPECT_EQ(training_memory_bytes(spec, 64, 2), 4 * (4 * params + 64 * (276 + 3 * 784)));
    EXPECT_NO_THROW(check_training_memory(spec, 64, 2, "mnist.json"));

    // The same spec with a batch as large as the machine's memory.
    const std::size_t batch = std::size_t(memory() / (4 * (276 + 3 * 784))) + 1;
    const std::string e = error_of([&] { check_training_memory(spec, batch, 2, "mnist.json"); });
    EXPECT_TRUE(contains(e, "mnist.json: training this network (203530 parameters, their gradients, 2 optimizer "
                            "state slots, and a batch of " + std::to_string(batch) + " rows) needs ")) << e;
    EXPECT_TRUE(contains(e, "; this machine has ")) << e;

    // Sizes that overflow 64 bits saturate instead of wrapping to a small number.
    EXPECT_EQ(training_memory_bytes(spec, std::numeric_limits<std::size_t>::max(), 2), kMax);
}
