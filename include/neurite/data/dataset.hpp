// A supervised data set held in memory, and the ways to get one.
//
// features is n × d. For classification, labels holds the class of each row
// (0 … classes−1) and targets is their one-hot encoding; for regression,
// classes is 0, labels is empty and targets holds the values (n × k).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "neurite/core/rng.hpp"
#include "neurite/data/csv.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

struct Dataset {
    Matrix features;
    Matrix targets;
    std::vector<std::int32_t> labels;
    std::size_t classes = 0;
    std::vector<std::string> class_names;    // optional
    std::vector<std::string> feature_names;  // optional

    std::size_t size() const { return features.rows(); }
    bool is_classification() const { return classes > 0; }
};

// One-hot encoding; a label outside [0, classes) is an Error naming its row.
Matrix one_hot(std::span<const std::int32_t> labels, std::size_t classes);
// Builds a classification data set; checks every label is in [0, classes).
Dataset make_classification(Matrix features, std::vector<std::int32_t> labels, std::size_t classes);
Dataset make_regression(Matrix features, Matrix targets);

// The rows `rows` of a data set, in that order (copies).
Dataset subset(const Dataset& data, std::span<const std::size_t> rows);
// 0, 1, …, n−1 shuffled by Fisher–Yates with rng.
std::vector<std::size_t> shuffled_indices(std::size_t n, Rng& rng);
// Splits off `fraction` of the rows (second) from the rest (first), shuffled
// with rng. When stratified (classification only), every class is split in
// the same proportion.
std::pair<Dataset, Dataset> split(const Dataset& data, double fraction, Rng& rng, bool stratified = true);

// MNIST from the four IDX files in dir: part "train" (60,000) or "test"
// (10,000). Pixels stay 0 … 255; scale them with a Preprocessing. Each file
// may also be gzip-compressed as NAME.gz. Missing files are an Error that
// says `make data` (scripts/fetch_data.sh) fetches them.
Dataset load_mnist(const std::filesystem::path& dir, const std::string& part);
// Only the images [first, first + count) of the part, for a process that
// holds a shard of it: of uncompressed files only those images' bytes are
// read (a .gz file is decompressed whole, and only those images decoded).
Dataset load_mnist(const std::filesystem::path& dir, const std::string& part, std::size_t first, std::size_t count);
// The number of images of the part (only its labels file is read).
std::size_t mnist_size(const std::filesystem::path& dir, const std::string& part);

// A CSV table as a data set: label_column (negative counts from the end, so
// −1 is the last column) is the class or target; the rest are features.
// For classification, labels must be integers ≥ 0 (or are mapped from
// strings in order of first appearance when the column is text; the names
// become class_names). For regression, target_columns (when not empty)
// names several target columns instead, each counted like label_column; the
// targets are then n × target_columns.size(), in the order given. A
// gzip-compressed file is decompressed first.
struct CsvDatasetOptions {
    CsvOptions csv;
    int label_column = -1;
    bool classification = true;
    std::vector<int> target_columns;  // regression only; empty: label_column
};
Dataset load_csv_dataset(const std::filesystem::path& path, const CsvDatasetOptions& options = {});

// The tables that scikit-learn ships as CSV (iris.csv, breast_cancer.csv,
// wine_data.csv, digits.csv.gz): a first line "n_samples,n_features,
// class names…", then the rows with the class index last. The counts are
// checked against the rows, and the names become class_names. A file may
// lack that line (digits.csv.gz does): a first line of numbers only is taken
// as counts only when its first two fields are integers equal to the number
// of rows and features that follow. gzip-compressed files are decompressed.
Dataset load_sklearn_table(const std::filesystem::path& path);

}  // namespace neurite
