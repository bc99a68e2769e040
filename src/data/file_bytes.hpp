// Internal to the data readers: a whole file read in one go, and gzip
// decompression (zlib). Not a public header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace neurite::detail {

// The bytes of a regular file. A missing file, a directory or an unreadable
// file is an Error "PATH: cannot open WHAT: reason" (what: "IDX file", …).
std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path, std::string_view what);

// True when the bytes start with the gzip magic (1f 8b).
bool is_gzip(std::span<const std::uint8_t> bytes);

// The decompressed contents of gzip data (concatenated members included).
// Corrupt or truncated data is an Error naming the source.
std::vector<std::uint8_t> gunzip(std::span<const std::uint8_t> bytes, std::string_view source);

// read_file_bytes, then gunzip when the file is gzip-compressed.
std::vector<std::uint8_t> read_maybe_gzip(const std::filesystem::path& path, std::string_view what);

}  // namespace neurite::detail
