#include "data_source.hpp"

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <tuple>
#include <unistd.h>

#include "flags.hpp"
#include "neurite/core/error.hpp"
#include "neurite/data/batches.hpp"

namespace neurite::cli {
namespace {

std::filesystem::path executable_dir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path{} : exe.parent_path();
}

bool has_data(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::is_directory(dir / "mnist", ec) || std::filesystem::is_directory(dir / "sklearn", ec);
}

}  // namespace

void add_data_options(CLI::App& cmd, DataOptions& o) {
    cmd.add_option("--dataset", o.dataset, "mnist, iris, breast_cancer, wine, digits or csv")
        ->check(CLI::IsMember({"mnist", "iris", "breast_cancer", "wine", "digits", "csv"}));
    cmd.add_option("--data", o.data_dir, "Folder with mnist/ and sklearn/ (default: ./data, fetched by make data)");
    cmd.add_option("--csv", o.csv, "CSV file to use as the data set (implies --dataset csv)");
    cmd.add_option("--label-column", o.label_column, "CSV column holding the label (from 0; negative: from the end)");
    cmd.add_option("--target-columns", o.target_columns,
                   "CSV columns holding numeric targets, e.g. 2,3 (from 0; implies --regression)")
        ->delimiter(',')
        ->excludes("--label-column");
    cmd.add_flag("--regression", o.regression, "CSV: the label column is a numeric target, not a class");
    cmd.add_option("--test-split", o.test_split,
                   "Fraction held out as the test set (data sets without one; 0: no test set)")
        ->check(CLI::Range(0.0, 0.9));
    cmd.add_option("--split-seed", o.split_seed, "Seed of the train/test split (default 1)");
    cmd.add_option("--test-csv", o.test_csv,
                   "CSV file used as the test set (same columns as the data); nothing is split off then")
        ->excludes("--test-split");
}

void check_data_options(const DataOptions& o) {
    if (o.dataset == "csv" && o.csv.empty()) bad_flag("--dataset csv needs --csv FILE");
    if (!o.target_columns.empty() && o.csv.empty() && o.test_csv.empty())
        bad_flag("--target-columns names columns of a CSV file: give --csv or --test-csv");
    if (o.test_split > 0.0 && o.test_split < 0.01)
        bad_flag("--test-split: ", o.test_split, " leaves almost no test rows; give 0 for none or at least 0.01");
}

std::filesystem::path data_root(const DataOptions& o) {
    if (!o.data_dir.empty()) return o.data_dir;
    if (const char* env = std::getenv("NEURITE_DATA"); env != nullptr && *env != '\0') return env;
    if (has_data("data")) return "data";
    const auto beside = executable_dir().parent_path() / "data";
    if (has_data(beside)) return beside;
    return "data";
}

namespace {

// A CSV file read with the column options (--label-column,
// --target-columns, --regression).
Dataset load_csv_with(const DataOptions& o, const std::string& path) {
    CsvDatasetOptions co;
    co.label_column = o.label_column;
    co.target_columns = o.target_columns;
    co.classification = !o.regression && o.target_columns.empty();
    return load_csv_dataset(path, co);
}

// Makes a given test set's classes those of the training data: text labels
// are matched by name (a file numbers them in order of first appearance, so
// two files may number them differently), and the one-hot targets get the
// training data's width. A class the training data lacks is an error.
void align_test_classes(const Dataset& train, Dataset& test, const std::string& source) {
    if (train.is_classification() != test.is_classification())
        fail(source, ": the test file has ", test.is_classification() ? "classes" : "numeric targets",
             " but the training data has ", train.is_classification() ? "classes" : "numeric targets");
    if (!train.is_classification()) {
        if (test.targets.cols() != train.targets.cols())
            fail(source, ": the test file has ", test.targets.cols(), " target columns, the training data ",
                 train.targets.cols());
        return;
    }
    use_class_names(test, train.class_names, train.classes, source);
}

// The split of load_train_test; without open_test, no test data is read
// (tt.test stays empty).
TrainTest load_split(const DataOptions& o, bool open_test) {
    const std::string name = o.csv.empty() ? o.dataset : "csv";
    TrainTest tt;
    const bool given_test = !o.test_csv.empty();
    Dataset all;
    if (name == "mnist") {
        const auto dir = data_root(o) / "mnist";
        all = load_mnist(dir, "train");
        tt.description = cat("MNIST from ", dir.string());
        if (!given_test) {
            if (open_test) tt.test = load_mnist(dir, "test");
            tt.train = std::move(all);
            tt.description += cat(" (", tt.train.size(), " train",
                                  open_test ? cat(", ", tt.test.size(), " test)") : std::string("; test files not opened)"));
            return tt;
        }
    } else if (name == "csv") {
        if (o.csv.empty()) fail("--dataset csv needs --csv FILE");
        all = load_csv_with(o, o.csv);
        tt.description = o.csv;
    } else {
        const auto file = data_root(o) / "sklearn" / (name == "wine" ? "wine_data.csv" : name == "digits" ? "digits.csv.gz" : name + ".csv");
        all = load_sklearn_table(file);
        tt.description = file.string();
    }
    if (given_test) {
        tt.train = std::move(all);
        if (open_test) {
            tt.test = load_csv_with(o, o.test_csv);
            align_test_classes(tt.train, tt.test, o.test_csv);
        }
        tt.description += cat(" (", tt.train.size(), " train), test set ", o.test_csv,
                              open_test ? cat(" (", tt.test.size(), " rows)") : std::string(" (not opened)"));
        return tt;
    }
    if (o.test_split == 0.0) {
        tt.train = std::move(all);
        tt.description += cat(" (", tt.train.size(), " train, no test set)");
        return tt;
    }
    Rng rng(o.split_seed);
    auto [train, test] = split(all, o.test_split, rng, all.is_classification());
    tt.train = std::move(train);
    tt.test = std::move(test);
    tt.description += cat(" (", tt.train.size(), " train, ", tt.test.size(), " test, split seed ", o.split_seed, ")");
    return tt;
}

}  // namespace

TrainTest load_train_test(const DataOptions& o) {
    TrainTest tt = load_split(o, true);
    tt.train_total = tt.train.size();
    tt.test_total = tt.test.size();
    return tt;
}

namespace {

// Rows [first, first + count) of a data set.
Dataset rows_of(const Dataset& d, std::size_t first, std::size_t count) {
    std::vector<std::size_t> rows(count);
    std::iota(rows.begin(), rows.end(), first);
    return subset(d, rows);
}

}  // namespace

TrainTest load_train_test_shard(const DataOptions& o, std::size_t rank, std::size_t processes) {
    if (o.csv.empty() && o.dataset == "mnist" && o.test_csv.empty()) {
        const auto dir = data_root(o) / "mnist";
        TrainTest tt;
        tt.train_total = mnist_size(dir, "train");
        tt.test_total = mnist_size(dir, "test");
        std::size_t count = 0;
        std::tie(tt.train_first, count) = share_of(tt.train_total, rank, processes);
        tt.train = load_mnist(dir, "train", tt.train_first, count);
        std::tie(tt.test_first, count) = share_of(tt.test_total, rank, processes);
        tt.test = load_mnist(dir, "test", tt.test_first, count);
        tt.description = cat("MNIST from ", dir.string(), " (", tt.train_total, " train, ", tt.test_total, " test)");
        return tt;
    }
    TrainTest tt = load_train_test(o);
    std::size_t count = 0;
    std::tie(tt.train_first, count) = share_of(tt.train_total, rank, processes);
    tt.train = rows_of(tt.train, tt.train_first, count);
    std::tie(tt.test_first, count) = share_of(tt.test_total, rank, processes);
    tt.test = rows_of(tt.test, tt.test_first, count);
    return tt;
}

Dataset load_test_only(const DataOptions& o) {
    if (o.test_csv.empty()) return std::move(load_split(o, true).test);
    return load_csv_with(o, o.test_csv);
}

void use_class_names(Dataset& d, const std::vector<std::string>& names, std::size_t classes, const std::string& source) {
    if (!d.is_classification()) return;
    if (!d.class_names.empty() && !names.empty()) {
        // The file's labels were text: number them as `names` does.
        for (auto& label : d.labels) {
            const std::string& name = d.class_names[std::size_t(label)];
            const auto at = std::find(names.begin(), names.end(), name);
            if (at == names.end())
                fail(source, ": class \"", name, "\" is not one of the model's or training data's classes (",
                     join(names, ", "), ")");
            label = static_cast<std::int32_t>(at - names.begin());
        }
        d.class_names = names;
    } else if (!d.class_names.empty()) {
        fail(source, ": the labels are names (", join(d.class_names, ", "),
             ") but the model's or training data's classes are numbered 0 … ", classes - 1);
    }
    for (const auto label : d.labels)
        if (std::size_t(label) >= classes)
            fail(source, ": class ", label, " is outside the ", classes, " classes (0 … ", classes - 1,
                 ") of the model or training data");
    if (names.size() == classes) d.class_names = names;
    d.classes = classes;
    d.targets = one_hot(d.labels, classes);
}

TrainOnly load_train_only(const DataOptions& o) {
    TrainOnly t;
    TrainTest tt = load_split(o, false);
    t.train = std::move(tt.train);
    t.test_rows_dropped = tt.test.size();
    t.description = std::move(tt.description);
    return t;
}

void add_scale_option(CLI::App& cmd, std::string& scale) {
    cmd.add_option("--scale", scale,
                   "Input scaling: auto, none, unit (0..255 to 0..1), unit_offset (to 0.01..1), minmax, standardize")
        ->check(CLI::IsMember({"auto", "none", "unit", "unit_offset", "minmax", "standardize"}));
}

Preprocessing make_preprocessing(const std::string& scale, MatrixView<const float> features, bool mnist) {
    const std::size_t d = features.cols();
    std::string kind = scale;
    if (kind == "auto") kind = mnist ? "unit" : "standardize";
    if (kind == "none") return {};
    if (kind == "unit") return fit_fixed_range(d, 0.0, 255.0, 0.0, 1.0);
    if (kind == "unit_offset") return fit_fixed_range(d, 0.0, 255.0, 0.01, 1.0);
    if (kind == "minmax") return fit_minmax(features);
    return fit_standardize(features);
}

Loss pick_loss(const std::optional<Loss>& loss, const Dataset& data) {
    if (loss) return *loss;
    if (!data.is_classification()) return Loss::mse;
    return data.targets.cols() == 1 ? Loss::binary_cross_entropy : Loss::categorical_cross_entropy;
}

}  // namespace neurite::cli
