#include "neurite/data/dataset.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "test_util.hpp"
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/data/idx.hpp"

namespace fs = std::filesystem;
using neurite::Dataset;
using neurite::Error;
using neurite::Matrix;
using neurite::Rng;

namespace {

const fs::path kFixtures = fs::path(NEURITE_TEST_DATA) / "fixtures";
const fs::path kSource = NEURITE_SOURCE_DIR;

using neurite::test::error_of;

using neurite::test::TempDir;

std::vector<float> row_of(const Matrix& m, std::size_t r) { return {m.row(r).begin(), m.row(r).end()}; }

// A file that a loader must refuse, and what its message must contain.
struct BadFile {
    const char* name;
    const char* text;
    const char* says;
};

// Writes each file into a fresh directory and loads it with `load`.
void expect_load_errors(const std::function<void(const fs::path&)>& load, const std::vector<BadFile>& files) {
    TempDir tmp;
    for (const BadFile& f : files) {
        const std::string e = error_of([&] { load(tmp.write(f.name, f.text)); });
        EXPECT_NE(e.find(f.says), std::string::npos) << f.name << ": " << e;
    }
}

// A loaded classification set: one row per label, `cols` features, `classes`
// classes and these labels. Call through ASSERT_NO_FATAL_FAILURE: the rows
// are then there to look at.
void expect_classes(const Dataset& d, std::size_t cols, std::size_t classes, const std::vector<std::int32_t>& labels) {
    ASSERT_EQ(d.size(), labels.size());
    ASSERT_EQ(d.features.cols(), cols);
    EXPECT_EQ(d.classes, classes);
    EXPECT_EQ(d.labels, labels);
}

// n rows whose single feature is the row's index; labels as given.
Dataset indexed(const std::vector<std::int32_t>& labels, std::size_t classes) {
    Matrix x(labels.size(), 1);
    for (std::size_t i = 0; i < labels.size(); ++i) x(i, 0) = float(i);
    return neurite::make_classification(std::move(x), labels, classes);
}

// 50 of class 0, 30 of class 1, 20 of class 2.
Dataset unbalanced() {
    std::vector<std::int32_t> labels;
    for (int c = 0; c < 3; ++c) labels.insert(labels.end(), std::size_t(c == 0 ? 50 : c == 1 ? 30 : 20), c);
    return indexed(labels, 3);
}

std::vector<std::size_t> class_counts(const Dataset& d) {
    std::vector<std::size_t> n(d.classes, 0);
    for (const auto l : d.labels) ++n[std::size_t(l)];
    return n;
}

}  // namespace

// ---- construction ----------------------------------------------------------------

TEST(Dataset, OneHot) {
    const std::vector<std::int32_t> labels{2, 0, 1, 2};
    const Matrix m = neurite::one_hot(labels, 3);
    ASSERT_EQ(m.rows(), 4u);
    ASSERT_EQ(m.cols(), 3u);
    EXPECT_EQ(row_of(m, 0), (std::vector<float>{0, 0, 1}));
    EXPECT_EQ(row_of(m, 1), (std::vector<float>{1, 0, 0}));
    EXPECT_EQ(row_of(m, 2), (std::vector<float>{0, 1, 0}));
    EXPECT_EQ(row_of(m, 3), (std::vector<float>{0, 0, 1}));
}

TEST(Dataset, OneHotLabelOutOfRangeNamesTheRow) {
    const std::vector<std::int32_t> labels{0, 1, 3};
    std::string e = error_of([&] { neurite::one_hot(labels, 3); });
    EXPECT_NE(e.find("label 3 in row 2"), std::string::npos) << e;
    const std::vector<std::int32_t> negative{0, -1};
    e = error_of([&] { neurite::one_hot(negative, 3); });
    EXPECT_NE(e.find("label -1 in row 1"), std::string::npos) << e;
    EXPECT_FALSE(error_of([&] { neurite::one_hot(labels, 0); }).empty());
}

TEST(Dataset, MakeClassificationAndRegression) {
    const Dataset d = neurite::make_classification(Matrix(2, 3, 1.0f), {1, 0}, 2);
    EXPECT_TRUE(d.is_classification());
    EXPECT_EQ(d.size(), 2u);
    EXPECT_EQ(row_of(d.targets, 0), (std::vector<float>{0, 1}));
    EXPECT_NE(error_of([] { neurite::make_classification(Matrix(2, 3), {0}, 2); }).find("2 feature rows but 1 labels"),
              std::string::npos);
    EXPECT_NE(error_of([] { neurite::make_classification(Matrix(2, 3), {0, 5}, 2); }).find("row 1"), std::string::npos);

    const Dataset r = neurite::make_regression(Matrix(3, 2), Matrix(3, 1, 4.0f));
    EXPECT_FALSE(r.is_classification());
    EXPECT_TRUE(r.labels.empty());
    EXPECT_EQ(r.targets(2, 0), 4.0f);
    EXPECT_FALSE(error_of([] { neurite::make_regression(Matrix(3, 2), Matrix(2, 1)); }).empty());
}

TEST(Dataset, SubsetCopiesRowsInOrder) {
    Dataset d = indexed({0, 1, 2, 1, 0}, 3);
    d.class_names = {"a", "b", "c"};
    d.feature_names = {"i"};
    const std::vector<std::size_t> rows{4, 1, 1};
    const Dataset s = neurite::subset(d, rows);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s.features(0, 0), 4.0f);
    EXPECT_EQ(s.features(1, 0), 1.0f);
    EXPECT_EQ(s.features(2, 0), 1.0f);
    EXPECT_EQ(s.labels, (std::vector<std::int32_t>{0, 1, 1}));
    EXPECT_EQ(row_of(s.targets, 1), (std::vector<float>{0, 1, 0}));
    EXPECT_EQ(s.classes, 3u);
    EXPECT_EQ(s.class_names, d.class_names);
    EXPECT_EQ(s.feature_names, d.feature_names);

    const std::vector<std::size_t> bad{0, 5};
    EXPECT_NE(error_of([&] { neurite::subset(d, bad); }).find("row 5"), std::string::npos);

    const Dataset r = neurite::make_regression(Matrix(3, 1, {1, 2, 3}), Matrix(3, 1, {10, 20, 30}));
    const std::vector<std::size_t> two{2, 0};
    const Dataset rs = neurite::subset(r, two);
    EXPECT_EQ(rs.targets(0, 0), 30.0f);
    EXPECT_EQ(rs.targets(1, 0), 10.0f);
}

TEST(Dataset, ShuffledIndicesArePermutationsDeterministicPerSeed) {
    Rng a(7), b(7), c(8);
    const auto pa = neurite::shuffled_indices(100, a);
    const auto pb = neurite::shuffled_indices(100, b);
    const auto pc = neurite::shuffled_indices(100, c);
    EXPECT_EQ(pa, pb);
    EXPECT_NE(pa, pc);
    std::vector<std::size_t> sorted = pa, iota(100);
    std::sort(sorted.begin(), sorted.end());
    std::iota(iota.begin(), iota.end(), 0);
    EXPECT_EQ(sorted, iota);
    EXPECT_NE(pa, iota);
    // The next call continues the stream: a different order.
    EXPECT_NE(neurite::shuffled_indices(100, a), pa);
    EXPECT_TRUE(neurite::shuffled_indices(0, a).empty());
    EXPECT_EQ(neurite::shuffled_indices(1, a), std::vector<std::size_t>{0});
}

// ---- split ---------------------------------------------------------------------------

TEST(Dataset, SplitStratifiedKeepsClassProportions) {
    const Dataset d = unbalanced();
    Rng rng(1);
    const auto [train, held] = neurite::split(d, 0.2, rng);
    EXPECT_EQ(held.size(), 20u);
    EXPECT_EQ(train.size(), 80u);
    EXPECT_EQ(class_counts(held), (std::vector<std::size_t>{10, 6, 4}));
    EXPECT_EQ(class_counts(train), (std::vector<std::size_t>{40, 24, 16}));
    // Every row exactly once, with its own label.
    std::multiset<float> seen;
    for (const Dataset* part : {&train, &held})
        for (std::size_t i = 0; i < part->size(); ++i) {
            const float id = part->features(i, 0);
            seen.insert(id);
            EXPECT_EQ(part->labels[i], d.labels[std::size_t(id)]);
            EXPECT_EQ(part->targets(i, std::size_t(part->labels[i])), 1.0f);
        }
    EXPECT_EQ(seen.size(), 100u);
    EXPECT_EQ(std::set<float>(seen.begin(), seen.end()).size(), 100u);
    // Shuffled, not grouped by class: the first 10 training rows are not all class 0.
    EXPECT_NE(std::count(train.labels.begin(), train.labels.begin() + 10, 0), 10);
}

TEST(Dataset, SplitIsDeterministicPerSeed) {
    const Dataset d = unbalanced();
    Rng a(5), b(5), c(6);
    const auto [a1, a2] = neurite::split(d, 0.3, a);
    const auto [b1, b2] = neurite::split(d, 0.3, b);
    const auto [c1, c2] = neurite::split(d, 0.3, c);
    EXPECT_EQ(row_of(Matrix(a2.features.view()), 0), row_of(Matrix(b2.features.view()), 0));
    EXPECT_TRUE(std::equal(a2.features.flat().begin(), a2.features.flat().end(), b2.features.flat().begin()));
    EXPECT_FALSE(std::equal(a2.features.flat().begin(), a2.features.flat().end(), c2.features.flat().begin()));
}

TEST(Dataset, SplitUnstratifiedAndRegression) {
    const Dataset d = unbalanced();
    Rng rng(2);
    const auto [a, b] = neurite::split(d, 0.25, rng, false);
    EXPECT_EQ(a.size(), 75u);
    EXPECT_EQ(b.size(), 25u);

    Matrix x(10, 1), y(10, 1);
    for (std::size_t i = 0; i < 10; ++i) x(i, 0) = float(i), y(i, 0) = float(i) * 2;
    const Dataset r = neurite::make_regression(std::move(x), std::move(y));
    const auto [r1, r2] = neurite::split(r, 0.3, rng);  // stratified is ignored for regression
    EXPECT_EQ(r1.size(), 7u);
    EXPECT_EQ(r2.size(), 3u);
    for (std::size_t i = 0; i < r2.size(); ++i) EXPECT_EQ(r2.targets(i, 0), 2 * r2.features(i, 0));
}

TEST(Dataset, SplitRejectsBadFractions) {
    const Dataset d = unbalanced();
    Rng rng(3);
    for (const double f : {0.0, 1.0, -0.5, 1.5, std::nan("")}) {
        const std::string e = error_of([&] { neurite::split(d, f, rng); });
        EXPECT_NE(e.find("fraction"), std::string::npos) << f << ": " << e;
    }
    // A part that would be empty.
    const Dataset tiny = indexed({0, 1}, 2);
    EXPECT_NE(error_of([&] { neurite::split(tiny, 0.1, rng); }).find("empty"), std::string::npos);
}

// ---- MNIST (synthetic files) -------------------------------------------------------

namespace {
void write_mnist(const fs::path& dir, const std::string& prefix, std::size_t n, const std::vector<float>& labels) {
    std::vector<float> pixels(n * 4);
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = float(i % 256);
    const std::size_t image_dims[] = {n, 2, 2};
    const std::size_t label_dims[] = {labels.size()};
    neurite::write_idx(dir / (prefix + "-images-idx3-ubyte"), neurite::IdxType::u8, image_dims, pixels);
    neurite::write_idx(dir / (prefix + "-labels-idx1-ubyte"), neurite::IdxType::u8, label_dims, labels);
}
}  // namespace

TEST(Dataset, LoadMnistFromSmallFiles) {
    TempDir tmp;
    write_mnist(tmp.path, "t10k", 3, {7, 0, 9});
    const Dataset d = neurite::load_mnist(tmp.path, "test");
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d.features.cols(), 4u);
    EXPECT_EQ(d.features(2, 3), 11.0f);
    EXPECT_EQ(d.labels, (std::vector<std::int32_t>{7, 0, 9}));
    EXPECT_EQ(d.classes, 10u);
    EXPECT_EQ(d.class_names.size(), 10u);
    EXPECT_EQ(d.targets(0, 7), 1.0f);
}

TEST(Dataset, LoadMnistRowsReadsOnlyThoseRowsAsTheWholeLoadHasThem) {
    TempDir tmp;
    write_mnist(tmp.path, "train", 7, {1, 2, 3, 4, 5, 6, 7});
    const Dataset whole = neurite::load_mnist(tmp.path, "train");
    EXPECT_EQ(neurite::mnist_size(tmp.path, "train"), 7u);
    const auto expect_rows = [&](const Dataset& part, std::size_t first, std::size_t count) {
        ASSERT_EQ(part.size(), count);
        EXPECT_EQ(part.classes, 10u);
        for (std::size_t r = 0; r < count; ++r) {
            EXPECT_EQ(part.labels[r], whole.labels[first + r]);
            for (std::size_t c = 0; c < 4; ++c) EXPECT_EQ(part.features(r, c), whole.features(first + r, c));
        }
    };
    expect_rows(neurite::load_mnist(tmp.path, "train", 2, 3), 2, 3);
    expect_rows(neurite::load_mnist(tmp.path, "train", 7, 0), 7, 0);
    EXPECT_NE(error_of([&] { neurite::load_mnist(tmp.path, "train", 5, 3); }).find("images 5 … 8 of 7 do not exist"),
              std::string::npos);
    // A gzip-compressed file is decompressed whole, then only the rows decoded.
    const std::string gz = "gzip -n \"" + (tmp.path / "train-images-idx3-ubyte").string() + "\" 2>/dev/null";
    if (std::system(gz.c_str()) == 0) {
        ASSERT_TRUE(fs::exists(tmp.path / "train-images-idx3-ubyte.gz"));
        expect_rows(neurite::load_mnist(tmp.path, "train", 4, 3), 4, 3);
    }
}

TEST(Dataset, LoadMnistErrors) {
    TempDir tmp;
    std::string e = error_of([&] { neurite::load_mnist(tmp.path, "train"); });
    EXPECT_NE(e.find("MNIST files not found in " + tmp.path.string()), std::string::npos) << e;
    EXPECT_NE(e.find("make data"), std::string::npos) << e;
    EXPECT_NE(e.find("scripts/fetch_data.sh"), std::string::npos) << e;

    e = error_of([&] { neurite::load_mnist(tmp.path, "validation"); });
    EXPECT_NE(e.find("\"validation\""), std::string::npos) << e;

    write_mnist(tmp.path, "train", 3, {1, 2});
    e = error_of([&] { neurite::load_mnist(tmp.path, "train"); });
    EXPECT_NE(e.find("3 images"), std::string::npos) << e;
    EXPECT_NE(e.find("2 labels"), std::string::npos) << e;

    write_mnist(tmp.path, "train", 3, {1, 10, 2});
    e = error_of([&] { neurite::load_mnist(tmp.path, "train"); });
    EXPECT_NE(e.find("label 10 of item 1"), std::string::npos) << e;
    EXPECT_NE(e.find("train-labels-idx1-ubyte"), std::string::npos) << e;
}

// ---- scikit-learn tables -----------------------------------------------------------

TEST(Dataset, SklearnTableWithHeader) {
    const Dataset d = neurite::load_sklearn_table(kFixtures / "sklearn_small.csv");
    ASSERT_NO_FATAL_FAILURE(expect_classes(d, 2, 3, {0, 2, 1, 0}));
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"alpha", "beta", "gamma"}));
    EXPECT_EQ(row_of(d.features, 0), (std::vector<float>{1.5f, 2}));
    EXPECT_EQ(row_of(d.features, 3), (std::vector<float>{7, 8}));
    EXPECT_EQ(row_of(d.targets, 1), (std::vector<float>{0, 0, 1}));
}

TEST(Dataset, SklearnTableGzipWithoutHeader) {
    // Like digits.csv.gz: gzip-compressed rows with no header line. The first
    // row "0,0,1" looks like counts but they do not match the data.
    const Dataset d = neurite::load_sklearn_table(kFixtures / "sklearn_noheader.csv.gz");
    ASSERT_NO_FATAL_FAILURE(expect_classes(d, 2, 3, {1, 0, 1, 2}));
    EXPECT_TRUE(d.class_names.empty());
    EXPECT_EQ(row_of(d.features, 0), (std::vector<float>{0, 0}));
    EXPECT_EQ(row_of(d.features, 3), (std::vector<float>{6, 7}));
}

TEST(Dataset, SklearnTableGzipWithHeader) {
    const Dataset d = neurite::load_sklearn_table(kFixtures / "sklearn_header.csv.gz");
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"no", "yes"}));
    EXPECT_EQ(d.labels, (std::vector<std::int32_t>{1, 0, 1}));
    EXPECT_EQ(d.features(2, 0), 2.5f);
}

TEST(Dataset, SklearnTableErrors) {
    expect_load_errors([](const fs::path& p) { neurite::load_sklearn_table(p); },
                       {{"a.csv", "5,2,x,y\n1,2,0\n3,4,1\n", "a.csv:1: the header says 5 samples, the file has 2 rows"},
                        {"b.csv", "2,3,x,y\n1,2,0\n3,4,1\n", "b.csv:1: the header says 3 features"},
                        {"c.csv", "2,2,x,y\n1,2,0\n3,4,2\n", "c.csv:3:3: class 2 is outside the 2 classes"},
                        {"d.csv", "2,2,x,y\n1,2,0\n3,4,0.5\n", "d.csv:3:3: class 0.5 is not a class index"},
                        {"e.csv", "iris,data\n1,2,0\n", "e.csv:1: expected a first line"},
                        {"f.csv", "2,2,x,y\n1,2,0\n3,oops,1\n", "f.csv:3:2"}});
    const std::string e = error_of([] { neurite::load_sklearn_table("/nonexistent/missing.csv"); });
    EXPECT_NE(e.find("missing.csv"), std::string::npos) << e;
}

// ---- CSV data sets --------------------------------------------------------------------

TEST(Dataset, CsvLabelColumnLast) {
    const Dataset d = neurite::load_csv_dataset(kFixtures / "dataset_label_last.csv");
    ASSERT_NO_FATAL_FAILURE(expect_classes(d, 2, 3, {1, 0, 2, 1}));
    EXPECT_EQ(row_of(d.features, 2), (std::vector<float>{2.5f, 4}));
    EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x1", "x2"}));
    EXPECT_TRUE(d.class_names.empty());
}

TEST(Dataset, CsvLabelColumnFirst) {
    neurite::CsvDatasetOptions o;
    o.label_column = 0;
    const Dataset d = neurite::load_csv_dataset(kFixtures / "dataset_label_first.csv", o);
    ASSERT_EQ(d.size(), 4u);
    EXPECT_EQ(d.labels, (std::vector<std::int32_t>{1, 0, 2, 1}));
    EXPECT_EQ(row_of(d.features, 3), (std::vector<float>{3.5f, 5}));
    EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x1", "x2"}));
    // −3 is the same column, counted from the end.
    o.label_column = -3;
    EXPECT_EQ(neurite::load_csv_dataset(kFixtures / "dataset_label_first.csv", o).labels, d.labels);
}

TEST(Dataset, CsvTextLabelsBecomeClassesInOrderOfAppearance) {
    const Dataset d = neurite::load_csv_dataset(kFixtures / "dataset_text_labels.csv");
    ASSERT_NO_FATAL_FAILURE(expect_classes(d, 2, 3, {0, 1, 2, 0}));
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
    EXPECT_EQ(row_of(d.features, 1), (std::vector<float>{7.0f, 4.7f}));
    EXPECT_EQ(d.feature_names, (std::vector<std::string>{"sepal", "petal"}));

    // Without a header, quoted, semicolon-separated, label first.
    TempDir tmp;
    neurite::CsvDatasetOptions o;
    o.label_column = 0;
    const Dataset q = neurite::load_csv_dataset(tmp.write("q.csv", "\"b\";1;2\r\n\"a;x\";3;4\r\nb;5;6\r\n"), o);
    EXPECT_EQ(q.class_names, (std::vector<std::string>{"b", "a;x"}));
    EXPECT_EQ(q.labels, (std::vector<std::int32_t>{0, 1, 0}));
    EXPECT_EQ(row_of(q.features, 1), (std::vector<float>{3, 4}));
}

TEST(Dataset, CsvGzipCompressed) {
    const Dataset d = neurite::load_csv_dataset(kFixtures / "sklearn_noheader.csv.gz");
    EXPECT_EQ(d.labels, (std::vector<std::int32_t>{1, 0, 1, 2}));
    EXPECT_EQ(row_of(d.features, 1), (std::vector<float>{2, 3}));
}

// Several targets for regression, in the order named; the features keep
// their order and names. A classification, a column outside the table, one
// named twice or no feature left is an Error naming the file.
TEST(Dataset, CsvSeveralTargetColumns) {
    neurite::CsvDatasetOptions o;
    o.classification = false;
    o.target_columns = {-1, 0};
    const auto file = kFixtures / "dataset_label_last.csv";
    const Dataset d = neurite::load_csv_dataset(file, o);
    ASSERT_EQ(d.targets.cols(), 2u);
    ASSERT_EQ(d.features.cols(), 1u);
    EXPECT_EQ(d.targets(0, 0), 1.0f);
    EXPECT_EQ(d.targets(0, 1), 0.5f);
    EXPECT_EQ(d.features(0, 0), 2.0f);
    EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x2"}));
    const auto error = [&](std::vector<int> cols, bool classification) {
        neurite::CsvDatasetOptions bad;
        bad.classification = classification;
        bad.target_columns = std::move(cols);
        return error_of([&] { neurite::load_csv_dataset(file, bad); });
    };
    EXPECT_NE(error({0, 1}, true).find("classes come from one label column"), std::string::npos);
    EXPECT_NE(error({0, 3}, false).find("target column 3 is outside the table's 3 columns (0 … 2)"), std::string::npos);
    EXPECT_NE(error({1, -2}, false).find("target column -2 is named twice"), std::string::npos);
    EXPECT_NE(error({0, 1, 2}, false).find("every one of the 3 columns is a target; no feature is left"), std::string::npos);
    EXPECT_NE(error({0, 1}, true).find("dataset_label_last.csv"), std::string::npos);
}

TEST(Dataset, CsvRegression) {
    neurite::CsvDatasetOptions o;
    o.classification = false;
    const Dataset d = neurite::load_csv_dataset(kFixtures / "dataset_label_last.csv", o);
    EXPECT_FALSE(d.is_classification());
    ASSERT_EQ(d.targets.cols(), 1u);
    EXPECT_EQ(d.targets(2, 0), 2.0f);
    EXPECT_TRUE(d.labels.empty());
}

TEST(Dataset, CsvErrors) {
    const auto load = [](const neurite::CsvDatasetOptions& o) {
        return [o](const fs::path& p) { neurite::load_csv_dataset(p, o); };
    };
    expect_load_errors(load({}), {{"a.csv", "x,y\n1,0\n2,0.5\n", "a.csv:3:2: label 0.5 is not a class index"},
                                  {"b.csv", "x,y\n1,0\n2,-1\n", "b.csv:3:2: label -1"},
                                  {"d.csv", "1,2,0\n3,x,1\n", "d.csv:2:2"}});
    neurite::CsvDatasetOptions o;
    o.label_column = 5;
    expect_load_errors(load(o), {{"c.csv", "1,2,0\n3,4,1\n", "c.csv:1: label column 5"}});
    o.label_column = -1;
    o.classification = false;
    expect_load_errors(load(o), {{"e.csv", "1,2,a\n3,4,b\n", "e.csv:"}});
    const std::string e = error_of([] { neurite::load_csv_dataset("/nonexistent/none.csv"); });
    EXPECT_NE(e.find("none.csv"), std::string::npos) << e;
}

// ---- the real data sets (skipped until `make data` has fetched them) ------------

TEST(DatasetRealData, Mnist) {
    const fs::path dir = kSource / "data" / "mnist";
    if (!fs::exists(dir / "train-images-idx3-ubyte")) GTEST_SKIP() << "no MNIST in " << dir << " (run make data)";
    const auto t0 = std::chrono::steady_clock::now();
    const Dataset train = neurite::load_mnist(dir, "train");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    RecordProperty("load_mnist_train_seconds", std::to_string(seconds));
    std::printf("load_mnist(train): %.3f s\n", seconds);
    const Dataset test = neurite::load_mnist(dir, "test");
    for (const Dataset* d : {&train, &test}) {
        EXPECT_EQ(d->features.cols(), 784u);
        EXPECT_EQ(d->classes, 10u);
        EXPECT_EQ(*std::max_element(d->features.flat().begin(), d->features.flat().end()), 255.0f);
        EXPECT_EQ(*std::min_element(d->features.flat().begin(), d->features.flat().end()), 0.0f);
        std::vector<std::size_t> counts = class_counts(*d);
        for (const std::size_t c : counts) EXPECT_GT(c, d->size() / 20);
    }
    EXPECT_EQ(train.size(), 60000u);
    EXPECT_EQ(test.size(), 10000u);
    // Well-known first labels: 5 0 4 1 9 (train) and 7 2 1 0 4 (test).
    EXPECT_EQ(std::vector<std::int32_t>(train.labels.begin(), train.labels.begin() + 5),
              (std::vector<std::int32_t>{5, 0, 4, 1, 9}));
    EXPECT_EQ(std::vector<std::int32_t>(test.labels.begin(), test.labels.begin() + 5),
              (std::vector<std::int32_t>{7, 2, 1, 0, 4}));
    EXPECT_LT(seconds, 2.0);
}

TEST(DatasetRealData, SklearnTables) {
    const fs::path dir = kSource / "data" / "sklearn";
    if (!fs::exists(dir / "iris.csv")) GTEST_SKIP() << "no scikit-learn tables in " << dir << " (run make data)";
    struct Expect {
        const char* file;
        std::size_t rows, cols, classes;
    };
    for (const Expect& x : {Expect{"iris.csv", 150, 4, 3}, Expect{"breast_cancer.csv", 569, 30, 2},
                            Expect{"wine_data.csv", 178, 13, 3}, Expect{"digits.csv.gz", 1797, 64, 10}}) {
        SCOPED_TRACE(x.file);
        const Dataset d = neurite::load_sklearn_table(dir / x.file);
        EXPECT_EQ(d.size(), x.rows);
        EXPECT_EQ(d.features.cols(), x.cols);
        EXPECT_EQ(d.classes, x.classes);
        for (const std::size_t c : class_counts(d)) EXPECT_GT(c, 0u);
    }
    const Dataset iris = neurite::load_sklearn_table(dir / "iris.csv");
    EXPECT_EQ(iris.class_names, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
    EXPECT_EQ(class_counts(iris), (std::vector<std::size_t>{50, 50, 50}));
    EXPECT_EQ(row_of(iris.features, 0), (std::vector<float>{5.1f, 3.5f, 1.4f, 0.2f}));
    EXPECT_EQ(neurite::load_sklearn_table(dir / "breast_cancer.csv").class_names,
              (std::vector<std::string>{"malignant", "benign"}));
    const Dataset digits = neurite::load_sklearn_table(dir / "digits.csv.gz");
    EXPECT_TRUE(digits.class_names.empty());
    EXPECT_EQ(*std::max_element(digits.features.flat().begin(), digits.features.flat().end()), 16.0f);
}
