// Choosing, loading and scaling a data set from command-line options, and
// the loss its targets call for; shared by train, search and eval.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "neurite/data/dataset.hpp"
#include "neurite/data/transforms.hpp"
#include "neurite/nn/loss.hpp"

namespace neurite::cli {

struct DataOptions {
    std::string dataset = "mnist";  // mnist, iris, breast_cancer, wine, digits, csv
    std::string data_dir;           // folder holding mnist/ and sklearn/
    std::string csv;                // with --dataset csv (or given alone)
    int label_column = -1;
    std::vector<int> target_columns;  // --target-columns: several regression targets
    bool regression = false;        // also implied by --target-columns
    double test_split = 0.2;        // for data sets without their own test set; 0: none
    std::uint64_t split_seed = 1;
    std::string test_csv;           // a given test set: then nothing is split off
};

// Registers --dataset, --data, --csv, --label-column, --target-columns,
// --regression, --test-split, --split-seed and --test-csv.
void add_data_options(CLI::App& cmd, DataOptions& options);

// Refuses a combination of these flags that cannot work (--dataset csv
// without --csv) as a bad command line, before anything is read.
void check_data_options(const DataOptions& options);

// The data folder: --data, else $NEURITE_DATA, else ./data, else the data/
// folder beside the build directory of this executable.
std::filesystem::path data_root(const DataOptions& options);

struct TrainTest {
    Dataset train;
    Dataset test;
    std::string description;  // e.g. "MNIST (60000 train, 10000 test)"
    // The rows of each part that this process holds, [first, first + size()),
    // of the part's `total` rows (--shard; else first 0 and total size()).
    std::size_t train_first = 0, train_total = 0;
    std::size_t test_first = 0, test_total = 0;
};

// Loads the chosen data set with its train/test parts: MNIST has its own
// test set; --test-csv names one (read with the same column options, and
// then the data set is not split); the others are split by --test-split,
// stratified for classes, with --split-seed. With --test-split 0 the test
// part is empty.
TrainTest load_train_test(const DataOptions& options);

// Process `rank` of `processes`'s part of the same data (--shard): the
// rows share_of(n, rank, processes) of the training part and of the test
// part. MNIST's files are read only in those rows (see load_mnist); a table
// is read and split whole, as load_train_test does, and the other rows
// dropped, so every process has the same classes and columns.
TrainTest load_train_test_shard(const DataOptions& options, std::size_t rank, std::size_t processes);

// The test part alone: the --test-csv file when given (the training data is
// not read), else load_train_test's test part.
Dataset load_test_only(const DataOptions& options);

// Numbers a classification data set's classes as `names` does (when both
// have names: labels read as text are matched by name), checks every label
// is below `classes` and widens the one-hot targets to `classes` columns.
// Regression data is left alone. Errors name `source`.
void use_class_names(Dataset& data, const std::vector<std::string>& names, std::size_t classes,
                     const std::string& source);

// Only the training part of the same split (for model selection, which must
// never see the test set): MNIST's test files are not even opened; a table
// is split exactly as load_train_test splits it and its test rows dropped.
struct TrainOnly {
    Dataset train;
    std::string description;
    std::size_t test_rows_dropped = 0;  // 0 for MNIST (its test files are not read)
};
TrainOnly load_train_only(const DataOptions& options);

// Registers --scale (train and search).
void add_scale_option(CLI::App& cmd, std::string& scale);

// The input scaling --scale names (auto: unit for MNIST, else standardize;
// none, unit, unit_offset, minmax, standardize), fitted on `features`.
Preprocessing make_preprocessing(const std::string& scale, MatrixView<const float> features, bool mnist);

// --loss when given, else the loss the targets call for: MSE for regression,
// binary cross-entropy for one column of classes, categorical cross-entropy
// for one-hot classes.
Loss pick_loss(const std::optional<Loss>& loss, const Dataset& data);

}  // namespace neurite::cli
