// Data sets in memory: construction, subsets, shuffles, splits, and the
// loaders (MNIST's IDX files, CSV tables, scikit-learn's bundled tables).
#include "neurite/data/dataset.hpp"

#include "neurite/data/batches.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>

#include "file_bytes.hpp"
#include "idx_detail.hpp"
#include "neurite/core/error.hpp"
#include "neurite/data/csv.hpp"
#include "neurite/data/idx.hpp"

namespace neurite {
namespace {

// Class indices are kept below this, so a stray large label cannot make
// one_hot allocate an enormous matrix.
constexpr double max_classes = 65536;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool is_number(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ptr == s.data() + s.size() && (ec == std::errc{} || ec == std::errc::result_out_of_range);
}

bool is_count(std::string_view s, std::size_t& out) {
    s = trim(s);
    if (s.empty() || s.size() > 12) return false;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && ptr == s.data() + s.size();
}

// A class index read as a float: an integer in [0, max_classes).
bool is_class_index(float v) { return v >= 0 && v < max_classes && v == std::floor(v); }

std::string text_of(const std::vector<std::uint8_t>& bytes) {
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::size_t count_of(const Dataset& data) { return data.features.rows(); }

void copy_row(std::span<const float> from, std::span<float> to) {
    if (!from.empty()) std::memcpy(to.data(), from.data(), from.size() * sizeof(float));
}

// ---- a light CSV scan, to find the label column ---------------------------
//
// parse_csv reads numbers only; this scan finds each record's label cell (its
// byte range and unquoted text) and the line it starts on, so that a text
// label column can be mapped to class indices before parse_csv reads the
// rest, and so that label errors can name the line.

struct LabelCell {
    std::size_t line = 0;               // 1-based line the record starts on
    std::size_t begin = 0, end = 0;     // the cell's bytes in the text (quotes included)
    std::string value;                  // unquoted, trimmed
    bool first_has_text = false;        // (first record only) a non-label cell is text
};

char detect_separator(std::string_view text) {
    bool in_quotes = false;
    std::size_t tabs = 0, semicolons = 0;
    for (const char c : text) {
        if (c == '"') in_quotes = !in_quotes;
        else if (!in_quotes && (c == '\n' || c == '\r')) break;
        else if (!in_quotes && c == '\t') ++tabs;
        else if (!in_quotes && c == ';') ++semicolons;
    }
    return tabs ? '\t' : semicolons ? ';' : ',';
}

// The label cell of every non-blank record. label_column < 0 counts from the
// end. Column errors name the file and line.
std::vector<LabelCell> scan_label_cells(std::string_view text, char sep, int label_column, std::string_view source) {
    struct Field {
        std::size_t begin, end;
        std::string value;
    };
    std::vector<LabelCell> cells;
    std::vector<Field> fields;
    std::size_t pos = 0, line = 1;
    if (text.starts_with("\xEF\xBB\xBF")) pos = 3;
    while (pos < text.size()) {
        const std::size_t record_line = line;
        fields.clear();
        for (;;) {  // one field
            const std::size_t begin = pos;
            std::string value;
            while (pos < text.size() && (text[pos] == ' ' || (text[pos] == '\t' && sep != '\t'))) ++pos;
            if (pos < text.size() && text[pos] == '"') {
                ++pos;
                for (;;) {
                    if (pos >= text.size()) break;  // unterminated: parse_csv reports it
                    const char c = text[pos++];
                    if (c == '"') {
                        if (pos < text.size() && text[pos] == '"') value += '"', ++pos;
                        else break;
                    } else {
                        if (c == '\n') ++line;
                        value += c;
                    }
                }
                while (pos < text.size() && text[pos] != sep && text[pos] != '\n' && text[pos] != '\r') ++pos;
            } else {
                const std::size_t start = pos;
                while (pos < text.size() && text[pos] != sep && text[pos] != '\n' && text[pos] != '\r') ++pos;
                value = std::string(trim(text.substr(start, pos - start)));
            }
            if (fields.size() == csv_max_columns)
                fail(source, ':', record_line, ':', fields.size() + 1, ": more than ", csv_max_columns,
                     " columns in one row");
            fields.push_back({begin, pos, std::move(value)});
            if (pos < text.size() && text[pos] == sep) {
                ++pos;
                continue;
            }
            if (pos < text.size()) {  // a line end
                if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
                ++pos;
                ++line;
            }
            break;
        }
        const bool blank = fields.size() == 1 && fields[0].value.empty() &&
                           trim(text.substr(fields[0].begin, fields[0].end - fields[0].begin)).empty();
        if (blank) continue;
        const auto n = static_cast<long>(fields.size());
        const long col = label_column < 0 ? n + label_column : label_column;
        if (col < 0 || col >= n)
            fail(source, ':', record_line, ": label column ", label_column, " is outside this row's ", n, " columns");
        LabelCell cell;
        cell.line = record_line;
        cell.begin = fields[std::size_t(col)].begin;
        cell.end = fields[std::size_t(col)].end;
        cell.value = std::move(fields[std::size_t(col)].value);
        if (cells.empty())
            for (long c = 0; c < n; ++c)
                if (c != col && !fields[std::size_t(c)].value.empty() && !is_number(fields[std::size_t(c)].value))
                    cell.first_has_text = true;
        cells.push_back(std::move(cell));
    }
    return cells;
}

}  // namespace

// ---- construction -------------------------------------------------------------

Matrix one_hot(std::span<const std::int32_t> labels, std::size_t classes) {
    if (classes == 0) fail("one_hot: the number of classes must be positive");
    Matrix m(labels.size(), classes, 0.0f);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const std::int32_t l = labels[i];
        if (l < 0 || std::size_t(l) >= classes)
            fail("label ", l, " in row ", i, " is outside the classes 0 … ", classes - 1);
        m(i, std::size_t(l)) = 1.0f;
    }
    return m;
}

Dataset make_classification(Matrix features, std::vector<std::int32_t> labels, std::size_t classes) {
    if (features.rows() != labels.size())
        fail("make_classification: ", features.rows(), " feature rows but ", labels.size(), " labels");
    Dataset d;
    d.targets = one_hot(labels, classes);
    d.features = std::move(features);
    d.labels = std::move(labels);
    d.classes = classes;
    return d;
}

Dataset make_regression(Matrix features, Matrix targets) {
    if (features.rows() != targets.rows())
        fail("make_regression: ", features.rows(), " feature rows but ", targets.rows(), " target rows");
    Dataset d;
    d.features = std::move(features);
    d.targets = std::move(targets);
    return d;
}

Dataset subset(const Dataset& data, std::span<const std::size_t> rows) {
    const std::size_t n = count_of(data);
    const bool has_labels = !data.labels.empty();
    if (has_labels && data.labels.size() != n)
        fail("subset: the data set has ", n, " rows but ", data.labels.size(), " labels");
    if (data.targets.rows() != n && !data.targets.empty())
        fail("subset: the data set has ", n, " rows but ", data.targets.rows(), " target rows");
    Dataset out;
    out.classes = data.classes;
    out.class_names = data.class_names;
    out.feature_names = data.feature_names;
    out.features = Matrix(rows.size(), data.features.cols());
    const bool has_targets = !data.targets.empty();
    if (has_targets) out.targets = Matrix(rows.size(), data.targets.cols());
    if (has_labels) out.labels.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::size_t r = rows[i];
        if (r >= n) fail("subset: row ", r, " is outside the data set's ", n, " rows");
        copy_row(data.features.row(r), out.features.row(i));
        if (has_targets) copy_row(data.targets.row(r), out.targets.row(i));
        if (has_labels) out.labels[i] = data.labels[r];
    }
    return out;
}

std::vector<std::size_t> shuffled_indices(std::size_t n, Rng& rng) {
    std::vector<std::size_t> idx(n);
    for (std::size_t i = 0; i < n; ++i) idx[i] = i;
    shuffle_in_place(idx, rng);
    return idx;
}

std::pair<Dataset, Dataset> split(const Dataset& data, double fraction, Rng& rng, bool stratified) {
    if (!(fraction > 0.0 && fraction < 1.0)) fail("split: the fraction must be between 0 and 1 (exclusive), got ", fraction);
    const std::size_t n = count_of(data);
    const std::vector<std::size_t> order = shuffled_indices(n, rng);
    // Which rows go to the second part; both parts keep the shuffled order.
    std::vector<char> second(n, 0);
    if (stratified && data.is_classification() && data.labels.size() == n) {
        // Per class, the first round(count × fraction) rows in shuffled order.
        std::vector<std::size_t> count(data.classes, 0), taken(data.classes, 0), quota(data.classes, 0);
        for (const std::int32_t l : data.labels) {
            if (l < 0 || std::size_t(l) >= data.classes) fail("split: label ", l, " is outside the classes");
            ++count[std::size_t(l)];
        }
        for (std::size_t c = 0; c < data.classes; ++c)
            quota[c] = static_cast<std::size_t>(std::llround(double(count[c]) * fraction));
        for (const std::size_t r : order) {
            const auto c = std::size_t(data.labels[r]);
            if (taken[c] < quota[c]) second[r] = 1, ++taken[c];
        }
    } else {
        const auto k = static_cast<std::size_t>(std::llround(double(n) * fraction));
        for (std::size_t i = 0; i < k; ++i) second[order[i]] = 1;
    }
    std::vector<std::size_t> first_rows, second_rows;
    for (const std::size_t r : order) (second[r] ? second_rows : first_rows).push_back(r);
    if (first_rows.empty() || second_rows.empty())
        fail("split: a fraction of ", fraction, " of ", n, " rows leaves ", first_rows.empty() ? "the first" : "the second",
             " part empty");
    return {subset(data, first_rows), subset(data, second_rows)};
}

// ---- MNIST ----------------------------------------------------------------------

namespace {

struct MnistFiles {
    std::filesystem::path images, labels;
};

MnistFiles find_mnist(const std::filesystem::path& dir, const std::string& part) {
    std::string prefix;
    if (part == "train") prefix = "train";
    else if (part == "test") prefix = "t10k";
    else fail("MNIST part must be \"train\" or \"test\", got \"", part, "\"");

    const auto find = [&](const std::string& name) {
        std::error_code ec;
        for (const std::string& candidate : {name, name + ".gz"})
            if (std::filesystem::exists(dir / candidate, ec)) return dir / candidate;
        fail("MNIST files not found in ", dir.string(), " (no ", name, "); `make data` (or scripts/fetch_data.sh) ",
             "fetches them into data/mnist");
    };
    return {find(prefix + "-images-idx3-ubyte"), find(prefix + "-labels-idx1-ubyte")};
}

IdxArray read_mnist_labels(const std::filesystem::path& path) {
    IdxArray labels = read_idx(path);
    if (labels.dims.size() != 1)
        fail(path.string(), ": MNIST labels must have 1 dimension, got ", labels.dims.size());
    return labels;
}

// The images [first, first + count) (all when count is SIZE_MAX) of an IDX
// images file, decoded straight into the feature matrix (no second copy). Of
// an uncompressed file only the header and those images' bytes are read; a
// gzip-compressed one is decompressed whole.
Matrix read_mnist_images(const std::filesystem::path& path, const std::filesystem::path& labels_path, std::size_t labels,
                         std::size_t first, std::size_t count) {
    const std::string source = path.string();
    const auto check = [&](const detail::IdxHeader& h) {
        if (h.dims.size() != 3)
            fail(source, ": MNIST images must have 3 dimensions (count × rows × columns), got ", h.dims.size());
        if (h.dims[0] != labels)
            fail(source, " has ", h.dims[0], " images but ", labels_path.string(), " has ", labels, " labels");
        if (count == SIZE_MAX) count = h.dims[0] - std::min(first, h.dims[0]);
        if (first > h.dims[0] || count > h.dims[0] - first)
            fail(source, ": images ", first, " … ", first + count, " of ", h.dims[0], " do not exist");
    };
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    std::vector<std::uint8_t> head(ec ? 0 : static_cast<std::size_t>(std::min<std::uintmax_t>(size, 4 + 4 * 16)));
    if (!ec && in && in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size())) &&
        !detail::is_gzip(head)) {
        const detail::IdxHeader h = detail::parse_idx_header(head, static_cast<std::size_t>(size), source);
        check(h);
        const std::size_t values = h.dims[1] * h.dims[2];
        const std::size_t item_bytes = h.dims[0] == 0 ? 0 : (static_cast<std::size_t>(size) - h.data_offset) / h.dims[0];
        std::vector<std::uint8_t> bytes(count * item_bytes);
        in.seekg(static_cast<std::streamoff>(h.data_offset + first * item_bytes));
        if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())))
            fail(source, ": cannot read IDX file: it ended early");
        Matrix features(count, values);
        detail::decode_idx(h.type, bytes.data(), count * values, features.data());
        return features;
    }
    const std::vector<std::uint8_t> bytes = detail::read_maybe_gzip(path, "IDX file");
    const detail::IdxHeader h = detail::parse_idx_header(bytes, source);
    check(h);
    const std::size_t values = h.dims[1] * h.dims[2];
    const std::size_t item_bytes = h.dims[0] == 0 ? 0 : (bytes.size() - h.data_offset) / h.dims[0];
    Matrix features(count, values);
    detail::decode_idx(h.type, bytes.data() + h.data_offset + first * item_bytes, count * values, features.data());
    return features;
}

}  // namespace

std::size_t mnist_size(const std::filesystem::path& dir, const std::string& part) {
    return read_mnist_labels(find_mnist(dir, part).labels).items();
}

Dataset load_mnist(const std::filesystem::path& dir, const std::string& part) {
    return load_mnist(dir, part, 0, SIZE_MAX);
}

Dataset load_mnist(const std::filesystem::path& dir, const std::string& part, std::size_t first, std::size_t count) {
    const MnistFiles files = find_mnist(dir, part);
    const IdxArray labels = read_mnist_labels(files.labels);
    Matrix features = read_mnist_images(files.images, files.labels, labels.items(), first, count);
    std::vector<std::int32_t> y(features.rows());
    for (std::size_t i = 0; i < y.size(); ++i) {
        const float v = labels.values[first + i];
        if (!(v >= 0 && v <= 9) || v != std::floor(v))
            fail(files.labels.string(), ": label ", v, " of item ", first + i, " is not a digit 0 … 9");
        y[i] = static_cast<std::int32_t>(v);
    }
    Dataset d = make_classification(std::move(features), std::move(y), 10);
    for (int c = 0; c < 10; ++c) d.class_names.push_back(std::to_string(c));
    return d;
}

// ---- CSV tables -----------------------------------------------------------------

namespace {

// The target columns of a table of `cols` columns, counted from 0 (negative
// ones from the end): label_column, or for regression target_columns when
// given. Each must be inside the table, none twice, and one column at least
// must be left for the features.
std::vector<std::size_t> target_columns_of(const CsvDatasetOptions& options, std::size_t cols, const std::string& source) {
    if (!options.target_columns.empty() && options.classification)
        fail(source, ": several target columns are values to fit (regression); classes come from one label column");
    const std::vector<int> given =
        options.target_columns.empty() ? std::vector<int>{options.label_column} : options.target_columns;
    std::vector<std::size_t> out;
    for (const int g : given) {
        const long c = g < 0 ? long(cols) + g : long(g);
        if (c < 0 || c >= long(cols))
            fail(source, ": target column ", g, " is outside the table's ", cols, " columns (0 … ", cols - 1, ")");
        if (std::find(out.begin(), out.end(), std::size_t(c)) != out.end())
            fail(source, ": target column ", g, " is named twice");
        out.push_back(std::size_t(c));
    }
    if (out.size() >= cols) fail(source, ": every one of the ", cols, " columns is a target; no feature is left");
    return out;
}

}  // namespace

Dataset load_csv_dataset(const std::filesystem::path& path, const CsvDatasetOptions& options) {
    const std::string source = path.string();
    std::string text = text_of(detail::read_maybe_gzip(path, "CSV file"));
    const char sep = options.csv.separator ? *options.csv.separator : detect_separator(text);
    std::vector<LabelCell> cells = scan_label_cells(text, sep, options.label_column, source);
    if (cells.empty()) fail(source, ": empty file");

    // Is the label column text? Then its values become class indices, in
    // order of first appearance, before parse_csv reads the numbers.
    bool header = false;
    bool text_labels = false;
    const auto is_text = [](const LabelCell& c) { return !c.value.empty() && !is_number(c.value); };
    if (options.classification) {
        const bool later_text = std::any_of(cells.begin() + 1, cells.end(), is_text);
        header = options.csv.header ? *options.csv.header : cells[0].first_has_text || (is_text(cells[0]) && !later_text);
        text_labels = later_text || (!header && is_text(cells[0]));
    }
    std::vector<std::string> names;
    CsvOptions csv = options.csv;
    if (text_labels) {
        std::unordered_map<std::string, std::size_t> index;
        std::string rewritten;
        rewritten.reserve(text.size());
        std::size_t copied = 0;
        for (std::size_t i = header ? 1 : 0; i < cells.size(); ++i) {
            const LabelCell& c = cells[i];
            // Every non-empty cell is a name here, even one that looks like
            // a number, so that no two names share an index.
            if (c.value.empty()) continue;  // parse_csv reports the empty cell
            auto [it, added] = index.try_emplace(c.value, names.size());
            if (added) names.push_back(c.value);
            rewritten.append(text, copied, c.begin - copied);
            rewritten += std::to_string(it->second);
            copied = c.end;
        }
        rewritten.append(text, copied);
        text = std::move(rewritten);
        csv.header = header;
        csv.separator = sep;
    }

    CsvTable table = parse_csv(text, source, csv);
    const std::size_t cols = table.values.cols(), rows = table.values.rows();
    const std::size_t first_data = table.header.empty() ? 0 : 1;
    if (cells.size() != rows + first_data)  // the scan and parse_csv disagree (unusual quoting)
        fail(source, ": could not locate the label column in every row");
    if (cols < 2) fail(source, ": a data set needs at least 2 columns (features and a label), got ", cols);
    const std::vector<std::size_t> target_cols = target_columns_of(options, cols, source);
    const std::size_t label_col = target_cols[0];

    std::vector<bool> is_target(cols, false);
    for (std::size_t c : target_cols) is_target[c] = true;
    Matrix features(rows, cols - target_cols.size());
    Matrix target(rows, target_cols.size());
    for (std::size_t r = 0; r < rows; ++r) {
        const std::span<const float> in = table.values.row(r);
        float* out = features.row(r).data();
        for (std::size_t c = 0; c < cols; ++c)
            if (!is_target[c]) *out++ = in[c];
        for (std::size_t t = 0; t < target_cols.size(); ++t) target(r, t) = in[target_cols[t]];
    }

    Dataset d;
    if (options.classification) {
        std::vector<std::int32_t> labels(rows);
        std::size_t classes = names.size();
        for (std::size_t r = 0; r < rows; ++r) {
            const float v = target(r, 0);
            if (!is_class_index(v))
                fail(source, ':', cells[r + first_data].line, ':', label_col + 1, ": label ", v,
                     " is not a class index (an integer 0 … ", std::size_t(max_classes) - 1, ")");
            labels[r] = static_cast<std::int32_t>(v);
            classes = std::max(classes, std::size_t(labels[r]) + 1);
        }
        d = make_classification(std::move(features), std::move(labels), classes);
        d.class_names = std::move(names);
    } else {
        d = make_regression(std::move(features), std::move(target));
    }
    for (std::size_t c = 0; c < table.header.size(); ++c)
        if (!is_target[c]) d.feature_names.push_back(table.header[c]);
    return d;
}

Dataset load_sklearn_table(const std::filesystem::path& path) {
    const std::string source = path.string();
    std::string text = text_of(detail::read_maybe_gzip(path, "data file"));
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);

    // The first line: "n_samples,n_features,class names…", or already data
    // (digits.csv.gz has no such line).
    const std::size_t eol = std::min(text.find('\n'), text.size());
    std::vector<std::string_view> first;
    for (std::string_view rest(text.data(), eol);;) {
        const std::size_t comma = rest.find(',');
        first.push_back(trim(rest.substr(0, comma)));
        if (comma == rest.npos) break;
        rest.remove_prefix(comma + 1);
    }
    std::size_t n_samples = 0, n_features = 0;
    const bool counts = first.size() >= 2 && is_count(first[0], n_samples) && is_count(first[1], n_features);
    const bool has_text = std::any_of(first.begin(), first.end(), [](std::string_view s) { return !is_number(s); });
    if (has_text && !counts)
        fail(source, ":1: expected a first line \"n_samples,n_features,class names…\" or a row of numbers");

    const CsvOptions csv{.separator = ',', .header = false};
    // The rows after the first line, with correct line numbers in messages:
    // parse_csv skips leading blank lines, so the first line is blanked.
    const auto parse_rest = [&] {
        std::string rest = text;
        std::fill(rest.begin(), rest.begin() + std::ptrdiff_t(eol), ' ');
        return parse_csv(rest, source, csv);
    };
    CsvTable table;
    bool header = has_text;
    if (has_text) {
        table = parse_rest();
    } else if (counts) {
        // Numbers only: a header when its counts match the rows that follow.
        try {
            table = parse_rest();
            header = table.values.rows() == n_samples && table.values.cols() == n_features + 1;
        } catch (const Error&) {
            header = false;
        }
        if (!header) table = parse_csv(text, source, csv);
    } else {
        table = parse_csv(text, source, csv);
    }

    const std::size_t rows = table.values.rows(), cols = table.values.cols();
    if (header) {
        if (rows != n_samples) fail(source, ":1: the header says ", n_samples, " samples, the file has ", rows, " rows");
        if (cols != n_features + 1)
            fail(source, ":1: the header says ", n_features, " features, the rows have ", cols, " columns (features and the class)");
    }
    if (cols < 2) fail(source, ": rows need at least one feature and the class, got ", cols, " column");

    std::vector<std::string> names;
    if (header)
        for (std::size_t i = 2; i < first.size(); ++i) names.emplace_back(first[i]);

    Matrix features(rows, cols - 1);
    std::vector<std::int32_t> labels(rows);
    std::size_t classes = names.size();
    for (std::size_t r = 0; r < rows; ++r) {
        const std::span<const float> in = table.values.row(r);
        copy_row(in.first(cols - 1), features.row(r));
        const float v = in[cols - 1];
        const std::size_t line = r + (header ? 2 : 1);
        if (!is_class_index(v)) fail(source, ':', line, ':', cols, ": class ", v, " is not a class index (an integer ≥ 0)");
        if (!names.empty() && std::size_t(v) >= names.size())
            fail(source, ':', line, ':', cols, ": class ", v, " is outside the ", names.size(),
                 " classes the header names");
        labels[r] = static_cast<std::int32_t>(v);
        classes = std::max(classes, std::size_t(labels[r]) + 1);
    }
    Dataset d = make_classification(std::move(features), std::move(labels), classes);
    d.class_names = std::move(names);
    return d;
}

}  // namespace neurite
