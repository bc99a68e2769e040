// Reading numeric tables from CSV files.
//
// The text is scanned once, field by field, without copying unquoted cells;
// numbers are parsed with std::from_chars (fast and independent of the C
// locale). Messages read "file:line: ..." for a whole row and
// "file:line:column: ..." for one cell, where line is the 1-based line of the
// file and column the 1-based position of the cell in its row (the
// spreadsheet column, not a character offset).
#include "neurite/data/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <system_error>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/core/read_file.hpp"

namespace neurite {
namespace {

enum class NumberStatus { ok, empty, not_number, nan, inf, out_of_range };

NumberStatus parse_number(std::string_view s, float& out) {
    if (s.empty()) return NumberStatus::empty;
    const char* begin = s.data();
    const char* const end = s.data() + s.size();
    // from_chars takes no leading '+'; accept one before a digit or '.'.
    if (*begin == '+' && s.size() > 1 && begin[1] != '+' && begin[1] != '-') ++begin;
    auto [ptr, ec] = std::from_chars(begin, end, out);
    if (ec == std::errc::invalid_argument || ptr != end) return NumberStatus::not_number;
    if (ec == std::errc::result_out_of_range) {
        // Too large for float, or so small that it underflows: parse as
        // double to tell the two apart; an underflow rounds to zero.
        double d = 0.0;
        const auto [dptr, dec] = std::from_chars(begin, end, d);
        if (dec == std::errc{} && dptr == end) {
            if (std::abs(d) > double(std::numeric_limits<float>::max())) return NumberStatus::out_of_range;
            out = static_cast<float>(d);
            return NumberStatus::ok;
        }
        const auto e = s.find_first_of("eE");
        if (e != s.npos && e + 1 < s.size() && s[e + 1] == '-') {
            out = *begin == '-' ? -0.0f : 0.0f;
            return NumberStatus::ok;
        }
        return NumberStatus::out_of_range;
    }
    if (std::isnan(out)) return NumberStatus::nan;
    if (std::isinf(out)) return NumberStatus::inf;
    return NumberStatus::ok;
}

// True for "1,5" when the separator is not a comma: a decimal comma.
bool decimal_comma(std::string_view cell, char sep) {
    if (sep == ',' || cell.find(',') == cell.npos) return false;
    std::string dotted(cell);
    std::replace(dotted.begin(), dotted.end(), ',', '.');
    float scratch = 0.0f;
    return parse_number(dotted, scratch) == NumberStatus::ok;
}

std::string quoted(std::string_view s) {
    constexpr std::size_t max = 40;
    if (s.size() > max) return cat('"', utf8_prefix(s, max - 3), "...\"");
    return cat('"', s, '"');
}

// The separator, from the first line outside quotes: a tab if there is one,
// else a semicolon, else a comma. Tab and semicolon files rarely contain the
// others unquoted, while semicolon files often use decimal commas.
char detect_separator(std::string_view text) {
    bool in_quotes = false;
    std::size_t tabs = 0, semicolons = 0;
    for (const char c : text) {
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (!in_quotes) {
            if (c == '\n' || c == '\r') break;
            if (c == '\t') ++tabs;
            if (c == ';') ++semicolons;
        }
    }
    if (tabs > 0) return '\t';
    if (semicolons > 0) return ';';
    return ',';
}

class CsvReader {
public:
    CsvReader(std::string_view text, std::string_view source, char separator)
        : text_(text), source_(source), sep_(separator) {}

    struct Cell {
        std::string_view text;  // unquoted cells: a view of the input
        std::string buffer;     // quoted cells: the unescaped contents
        bool quoted = false;
        std::string_view value() const { return quoted ? std::string_view(buffer) : text; }
    };

    // Reads the next record into cells[0, count); false at the end of the text.
    bool next(std::vector<Cell>& cells, std::size_t& count, std::size_t& line) {
        if (pos_ >= text_.size()) return false;
        count = 0;
        line = line_;
        for (;;) {
            if (count == cells.size()) {
                // Each cell costs a Cell here: a hostile line of millions of
                // "0," would cost many times its size. Refuse it at once.
                if (count == csv_max_columns)
                    bad(line, count + 1, "more than ", csv_max_columns, " columns in one row");
                cells.emplace_back();
            }
            Cell& cell = cells[count++];
            read_cell(cell, count);
            if (pos_ >= text_.size()) return true;
            const char c = text_[pos_];
            if (c == sep_) {
                ++pos_;
                continue;
            }
            // A line end: \n, \r\n or a lone \r.
            ++pos_;
            if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
            ++line_;
            return true;
        }
    }

    template <typename... Args>
    [[noreturn]] void bad(std::size_t line, std::size_t column, const Args&... args) const {
        fail(source_, ':', line, ':', column, ": ", args...);
    }

private:
    bool is_space(char c) const { return (c == ' ' || c == '\t') && c != sep_; }
    bool ends_cell(char c) const { return c == sep_ || c == '\n' || c == '\r'; }

    void skip_spaces() {
        while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    }

    void read_cell(Cell& cell, std::size_t column) {
        skip_spaces();
        if (pos_ < text_.size() && text_[pos_] == '"') {
            read_quoted(cell, column);
            return;
        }
        cell.quoted = false;
        const std::size_t start = pos_;
        while (pos_ < text_.size() && !ends_cell(text_[pos_])) ++pos_;
        std::size_t end = pos_;
        while (end > start && is_space(text_[end - 1])) --end;
        cell.text = text_.substr(start, end - start);
    }

    // "..." with "" for a quote; may span lines.
    void read_quoted(Cell& cell, std::size_t column) {
        const std::size_t start_line = line_;
        cell.quoted = true;
        cell.buffer.clear();
        ++pos_;  // the opening quote
        for (;;) {
            const std::size_t q = text_.find('"', pos_);
            if (q == text_.npos) bad(start_line, column, "unterminated quoted field");
            const std::string_view part = text_.substr(pos_, q - pos_);
            line_ += static_cast<std::size_t>(std::count(part.begin(), part.end(), '\n'));
            cell.buffer += part;
            pos_ = q + 1;
            if (pos_ < text_.size() && text_[pos_] == '"') {  // "" inside quotes
                cell.buffer += '"';
                ++pos_;
                continue;
            }
            break;
        }
        skip_spaces();
        if (pos_ < text_.size() && !ends_cell(text_[pos_]))
            bad(line_, column, "unexpected ", quoted(text_.substr(pos_, 1)), " after a closing quote");
    }

    std::string_view text_;
    std::string_view source_;
    char sep_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

bool is_blank(const std::vector<CsvReader::Cell>& cells, std::size_t count) {
    return count == 1 && !cells[0].quoted && cells[0].text.empty();
}

}  // namespace

CsvTable parse_csv(std::string_view text, std::string_view source, const CsvOptions& options) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte-order mark
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
        fail(source, ": the file is UTF-16 text; save it as UTF-8");
    if (options.separator) {
        const char s = *options.separator;
        if (s == '"' || s == '\n' || s == '\r' || s == '\0')
            fail(source, ": invalid CSV separator ", quoted(std::string_view(&s, 1)));
    }

    // Leading blank lines are skipped; the first line is the first non-blank one.
    std::size_t skipped_lines = 0;
    for (;;) {
        const std::size_t nl = text.find('\n');
        const std::string_view line = text.substr(0, nl);
        if (line.find_first_not_of(" \t\r") != line.npos) break;
        if (nl == text.npos) fail(source, ": empty file");
        text.remove_prefix(nl + 1);
        ++skipped_lines;
    }
    const char sep = options.separator ? *options.separator : detect_separator(text);

    CsvReader reader(text, source, sep);
    std::vector<CsvReader::Cell> cells;
    std::size_t count = 0;
    std::size_t line = 0;
    const auto file_line = [&](std::size_t l) { return l + skipped_lines; };

    CsvTable table;
    reader.next(cells, count, line);  // the first line, never blank here
    const std::size_t cols = count;
    bool header = false;
    if (options.header) {
        header = *options.header;
    } else {
        // A header has a cell that is neither empty nor number-like
        // (NaN, Inf and decimal commas count as numbers, to be reported).
        float scratch = 0.0f;
        for (std::size_t c = 0; c < count && !header; ++c) {
            const std::string_view cell = cells[c].value();
            header = parse_number(cell, scratch) == NumberStatus::not_number && !decimal_comma(cell, sep);
        }
    }

    std::vector<float> values;
    std::size_t rows = 0;
    const auto add_row = [&] {
        if (count != cols) fail(source, ':', file_line(line), ": expected ", cols, " columns, got ", count);
        for (std::size_t c = 0; c < count; ++c) {
            const std::string_view cell = cells[c].value();
            float v = 0.0f;
            switch (parse_number(cell, v)) {
                case NumberStatus::ok: break;
                case NumberStatus::empty: reader.bad(file_line(line), c + 1, "empty cell");
                case NumberStatus::nan: reader.bad(file_line(line), c + 1, "NaN is not allowed");
                case NumberStatus::inf: reader.bad(file_line(line), c + 1, "Inf is not allowed");
                case NumberStatus::out_of_range:
                    reader.bad(file_line(line), c + 1, "number out of range for float: ", quoted(cell));
                case NumberStatus::not_number:
                    reader.bad(file_line(line), c + 1, "not a number: ", quoted(cell),
                               decimal_comma(cell, sep) ? " (the decimal separator must be '.')" : "");
            }
            values.push_back(v);
        }
        ++rows;
    };

    if (header) {
        table.header.reserve(count);
        for (std::size_t c = 0; c < count; ++c) table.header.emplace_back(cells[c].value());
    } else {
        add_row();
    }

    std::size_t blank_line = 0;  // the first of a run of blank lines, 0 if none
    while (reader.next(cells, count, line)) {
        if (is_blank(cells, count)) {
            if (blank_line == 0) blank_line = line;
            continue;
        }
        if (blank_line != 0) fail(source, ':', file_line(blank_line), ": blank line between rows");
        add_row();
    }
    if (rows == 0) fail(source, ": no data rows after the header line");

    table.values = Matrix(rows, cols);
    std::copy(values.begin(), values.end(), table.values.data());
    return table;
}

CsvTable read_csv(const std::filesystem::path& path, const CsvOptions& options) {
    return parse_csv(read_file_text(path, "CSV file"), path.string(), options);
}

}  // namespace neurite
