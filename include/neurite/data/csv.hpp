// Reading numeric tables from CSV files.
//
// Accepts comma, semicolon or tab separators (detected from the first line
// unless given), an optional header line (detected when the first line has a
// non-numeric cell), CRLF line ends, a UTF-8 byte-order mark and blank lines
// at the end. A ragged row, an empty or non-numeric cell, NaN or Inf is an
// Error naming the file, line and column.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neurite/tensor/matrix.hpp"

namespace neurite {

// The most cells one row may have (docs/limits.md): a row beyond it is an
// Error "file:line:1000001: more than 1000000 columns in one row", raised
// before the cells are stored, so a hostile 100 MB line costs little memory.
inline constexpr std::size_t csv_max_columns = 1'000'000;

struct CsvOptions {
    std::optional<char> separator;  // detected when empty
    std::optional<bool> header;     // detected when empty
};

struct CsvTable {
    std::vector<std::string> header;  // empty when the file had none
    Matrix values;                    // rows × columns
};

CsvTable parse_csv(std::string_view text, std::string_view source, const CsvOptions& options = {});
CsvTable read_csv(const std::filesystem::path& path, const CsvOptions& options = {});

}  // namespace neurite
