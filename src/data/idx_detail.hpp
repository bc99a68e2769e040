// Internal to the data readers: IDX header checking and value decoding, so
// that a loader can decode straight into its own matrix (load_mnist does,
// saving a copy of 188 MB). Not a public header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "neurite/data/idx.hpp"

namespace neurite::detail {

struct IdxHeader {
    IdxType type = IdxType::u8;
    std::vector<std::size_t> dims;
    std::size_t count = 0;        // product of dims
    std::size_t data_offset = 0;  // where the values start
};

// Checks everything parse_idx checks (magic, type, rank, sizes against the
// length), without decoding; Errors name the source.
IdxHeader parse_idx_header(std::span<const std::uint8_t> bytes, std::string_view source);
// The same from the first bytes of a file of file_size bytes (at least its
// header: 4 + 4 · rank bytes, or the whole file when shorter).
IdxHeader parse_idx_header(std::span<const std::uint8_t> head, std::size_t file_size, std::string_view source);

// Decodes n big-endian values of the type at `in` into out[0, n).
void decode_idx(IdxType type, const std::uint8_t* in, std::size_t n, float* out);

}  // namespace neurite::detail
