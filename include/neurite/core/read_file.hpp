// Reading a whole file into memory, with one error format for every reader
// (CSV, IDX, model files, JSON specs):
//
//   PATH: cannot open WHAT: no such file
//   PATH: cannot open WHAT: it is a directory
//   PATH: cannot open WHAT: Permission denied
//   PATH: cannot read WHAT: Input/output error
//
// where WHAT names the kind of file ("CSV file", "model spec", …). The
// buffer is sized from the file's length up front (no doubling growth, so
// the peak is the file's size), and read errors are reported, not taken for
// the end of the file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace neurite {

std::string read_file_text(const std::filesystem::path& path, std::string_view what);
std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path, std::string_view what);

}  // namespace neurite
