// The IDX format (MNIST's): a big-endian header — two zero bytes, a type
// code, the rank — then one 32-bit big-endian size per dimension, then the
// values, big-endian, row-major.
//
//   type codes: 0x08 u8 · 0x09 i8 · 0x0B i16 · 0x0C i32 · 0x0D f32 · 0x0E f64
//
// Any type and rank (1 … 16) is read; values are converted to float. A bad
// magic, an unknown type code, a rank of 0 or above 16, or sizes that do not
// match the file's length are Errors naming the file, checked before any
// large allocation (so a header claiming 10⁹ items fails at once).
// read_idx also reads gzip-compressed files (the .gz files MNIST's site
// serves), recognised by their first bytes whatever their name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "neurite/tensor/matrix.hpp"

namespace neurite {

enum class IdxType : std::uint8_t { u8 = 0x08, i8 = 0x09, i16 = 0x0B, i32 = 0x0C, f32 = 0x0D, f64 = 0x0E };

struct IdxArray {
    IdxType type = IdxType::u8;
    std::vector<std::size_t> dims;  // dims[0] is the item count
    std::vector<float> values;      // row-major, product(dims) values

    std::size_t items() const { return dims.empty() ? 0 : dims[0]; }
    // Values per item: the product of dims[1..].
    std::size_t item_size() const;
    // items × item_size, copied.
    Matrix as_matrix() const;
};

IdxArray parse_idx(std::span<const std::uint8_t> bytes, std::string_view source);
IdxArray read_idx(const std::filesystem::path& path);
// Writes values (given as float) in the given type; used by tests and tools.
void write_idx(const std::filesystem::path& path, IdxType type, std::span<const std::size_t> dims,
               std::span<const float> values);

}  // namespace neurite
