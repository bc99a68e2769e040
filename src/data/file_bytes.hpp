// Internal to the data readers: a whole file read in one go, and gzip
// decompression (zlib). Not a public header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace neurite::detail {

// True when the bytes start with the gzip magic (1f 8b).
bool is_gzip(std::span<const std::uint8_t> bytes);

// The decompressed contents of gzip data (concatenated members included).
// Corrupt or truncated data is an Error naming the source.
std::vector<std::uint8_t> gunzip(std::span<const std::uint8_t> bytes, std::string_view source);

// neurite::read_file_bytes (neurite/core/read_file.hpp), then gunzip when
// the file is gzip-compressed.
std::vector<std::uint8_t> read_maybe_gzip(const std::filesystem::path& path, std::string_view what);

}  // namespace neurite::detail
