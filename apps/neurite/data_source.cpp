#include "data_source.hpp"

#include <cstdlib>
#include <unistd.h>

#include "flags.hpp"
#include "neurite/core/error.hpp"

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
    cmd.add_option("--label-column", o.label_column, "CSV column holding the label (negative: from the end)");
    cmd.add_flag("--regression", o.regression, "CSV: the label column is a numeric target, not a class");
    cmd.add_option("--test-split", o.test_split, "Fraction held out as the test set (data sets without one)")
        ->check(CLI::Range(0.01, 0.9));
}

void check_data_options(const DataOptions& o) {
    if (o.dataset == "csv" && o.csv.empty()) bad_flag("--dataset csv needs --csv FILE");
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

// The split of load_train_test; without open_test, MNIST's test files are
// not opened (tt.test stays empty).
TrainTest load_split(const DataOptions& o, bool open_test) {
    const std::string name = o.csv.empty() ? o.dataset : "csv";
    TrainTest tt;
    if (name == "mnist") {
        const auto dir = data_root(o) / "mnist";
        tt.train = load_mnist(dir, "train");
        if (open_test) tt.test = load_mnist(dir, "test");
        tt.description = cat("MNIST from ", dir.string(), " (", tt.train.size(), " train",
                             open_test ? cat(", ", tt.test.size(), " test)") : std::string("; test files not opened)"));
        return tt;
    }
    Dataset all;
    if (name == "csv") {
        if (o.csv.empty()) fail("--dataset csv needs --csv FILE");
        CsvDatasetOptions co;
        co.label_column = o.label_column;
        co.classification = !o.regression;
        all = load_csv_dataset(o.csv, co);
        tt.description = o.csv;
    } else {
        const auto file = data_root(o) / "sklearn" / (name == "wine" ? "wine_data.csv" : name == "digits" ? "digits.csv.gz" : name + ".csv");
        all = load_sklearn_table(file);
        tt.description = file.string();
    }
    Rng rng(o.split_seed);
    auto [train, test] = split(all, o.test_split, rng, all.is_classification());
    tt.train = std::move(train);
    tt.test = std::move(test);
    tt.description += cat(" (", tt.train.size(), " train, ", tt.test.size(), " test)");
    return tt;
}

}  // namespace

TrainTest load_train_test(const DataOptions& o) { return load_split(o, true); }

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
