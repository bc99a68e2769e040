// bfloat16: float32's sign and 8 exponent bits with 7 stored significand
// bits (8 significant bits), the upper half of a float32. Conversion rounds
// to the nearest, ties to even; NaN stays NaN. Products in bf16 (Precision::bf16,
// kernels/backend.hpp) round their operands with to_bf16 and sum in float32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "neurite/kernels/gemm.hpp"

namespace neurite {

// (std::memcpy rather than std::bit_cast: the WebAssembly build's libc++ lacks it.)
inline std::uint16_t to_bf16(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    if ((u & 0x7fffffffu) > 0x7f800000u) return static_cast<std::uint16_t>((u >> 16) | 0x40u);  // quiet NaN
    return static_cast<std::uint16_t>((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

inline float from_bf16(std::uint16_t h) {
    const std::uint32_t u = static_cast<std::uint32_t>(h) << 16;
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

// `rows` rows of `cols` floats, `ld` apart, times `scale`, into `out`
// contiguously (rows × cols): to_bf16(scale · value) for each.
void to_bf16(const float* in, std::size_t rows, std::size_t cols, std::size_t ld, std::uint16_t* out,
             float scale = 1.0f);

// C = alpha · op(A) · op(B) + beta · C as gemm<float> (kernels/gemm.hpp)
// takes it, with alpha · A and B rounded to bf16 and the products summed in
// float32 by oneDNN's matmul. Needs bf16_unsupported_reason() to be empty.
void gemm_bf16(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a,
               std::size_t lda, const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc);

}  // namespace neurite
