// The McCulloch–Pitts neuron: output rule, fitting the threshold b on a
// hand-made table (ties to the smallest b), input checks, and the numbers of
// the breast-cancer demonstration.
#include "neurite/classic/mp_neuron.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "neurite/core/rng.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/data/transforms.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

using test::error_of;

TEST(MpNeuron, FiresWhenAtLeastBInputsAreOne) {
    const std::vector<float> none = {0, 0, 0}, two = {1, 0, 1}, all = {1, 1, 1};
    EXPECT_EQ(MpNeuron(0).predict(none), 1);  // b = 0 always fires
    EXPECT_EQ(MpNeuron(1).predict(none), 0);
    EXPECT_EQ(MpNeuron(2).predict(two), 1);  // Σx = b fires
    EXPECT_EQ(MpNeuron(3).predict(two), 0);
    EXPECT_EQ(MpNeuron(3).predict(all), 1);
    EXPECT_EQ(MpNeuron(4).predict(all), 0);  // b above the inputs never fires
}

TEST(MpNeuron, FitTriesEveryThreshold) {
    // Row sums 0 1 2 3 2 1; class 1 exactly when the sum is at least 2.
    const Matrix x(6, 3, {0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0});
    const std::vector<std::int32_t> y = {0, 0, 1, 1, 1, 0};
    MpNeuron neuron;
    const MpFit fit = neuron.fit(x, y);
    ASSERT_EQ(fit.accuracy.size(), 4u);  // b = 0 … 3
    EXPECT_DOUBLE_EQ(fit.accuracy[0], 3.0 / 6);
    EXPECT_DOUBLE_EQ(fit.accuracy[1], 4.0 / 6);
    EXPECT_DOUBLE_EQ(fit.accuracy[2], 1.0);
    EXPECT_DOUBLE_EQ(fit.accuracy[3], 4.0 / 6);
    EXPECT_EQ(fit.best_threshold, 2u);
    EXPECT_DOUBLE_EQ(fit.best_accuracy, 1.0);
    EXPECT_EQ(neuron.threshold(), 2u);
    EXPECT_EQ(neuron.predict(x), y);
    for (std::size_t b = 0; b < fit.accuracy.size(); ++b)
        EXPECT_DOUBLE_EQ(MpNeuron(b).accuracy(x, y), fit.accuracy[b]) << "b = " << b;
}

TEST(MpNeuron, TiesGoToTheSmallestThreshold) {
    // Sums 1 2 0 1: b = 1 and b = 2 are both right on 3 of 4 rows.
    const Matrix x(4, 2, {1, 0, 1, 1, 0, 0, 1, 0});
    const std::vector<std::int32_t> y = {1, 1, 0, 0};
    MpNeuron neuron(2);
    const MpFit fit = neuron.fit(x, y);
    EXPECT_DOUBLE_EQ(fit.accuracy[1], 0.75);
    EXPECT_DOUBLE_EQ(fit.accuracy[2], 0.75);
    EXPECT_EQ(fit.best_threshold, 1u);
    EXPECT_EQ(neuron.threshold(), 1u);
}

TEST(MpNeuron, RejectsNonBinaryInputsAndLabels) {
    const Matrix x(2, 2, {0, 1, 0.5f, 1});
    const std::vector<std::int32_t> y = {0, 1};
    const std::string e = error_of([&] { MpNeuron().fit(x, y); });
    EXPECT_NE(e.find("row 1, column 0"), std::string::npos) << e;
    EXPECT_NE(e.find("0 or 1"), std::string::npos) << e;
    const Matrix ok(2, 2, {0, 1, 1, 1});
    const std::vector<std::int32_t> bad = {0, 2};
    EXPECT_NE(error_of([&] { MpNeuron().fit(ok, bad); }).find("label of row 1 is 2"), std::string::npos);
    const std::vector<std::int32_t> short_labels = {0};
    EXPECT_NE(error_of([&] { MpNeuron().fit(ok, short_labels); }).find("2 rows but 1 labels"), std::string::npos);
    EXPECT_FALSE(error_of([&] { MpNeuron().fit(Matrix(0, 2), {}); }).empty());
}

const std::filesystem::path kBreastCancer = NEURITE_SOURCE_DIR "/data/sklearn/breast_cancer.csv";

TEST(MpNeuron, BreastCancerWholeTable) {
    if (!std::filesystem::exists(kBreastCancer)) GTEST_SKIP() << kBreastCancer << " missing (scripts/fetch_data.sh)";
    Dataset data = load_sklearn_table(kBreastCancer);
    ASSERT_EQ(data.size(), 569u);
    binarize_equal_width(data.features, 2, true);
    MpNeuron neuron;
    const MpFit fit = neuron.fit(data.features, data.labels);
    // Rows right for b = 0 … 30, counted independently of this library
    // (plain Python over the CSV, pandas.cut-style bins; no value lies on a
    // bin edge, so both ways of binning agree).
    const std::vector<int> right = {357, 357, 357, 357, 357, 357, 357, 357, 357, 357, 357, 357, 357, 358, 360, 362,
                                    366, 371, 375, 378, 382, 393, 403, 416, 436, 455, 471, 486, 484, 470, 428};
    ASSERT_EQ(fit.accuracy.size(), right.size());
    for (std::size_t b = 0; b < right.size(); ++b) EXPECT_DOUBLE_EQ(fit.accuracy[b], right[b] / 569.0) << "b = " << b;
    EXPECT_EQ(fit.best_threshold, 27u);
    EXPECT_DOUBLE_EQ(fit.best_accuracy, 486 / 569.0);
}

TEST(MpNeuron, BreastCancerDemoSplit) {
    // What `neurite demo mp-neuron` prints with its default seed 1: a
    // stratified 85/15 split, each part binarized over its own range.
    if (!std::filesystem::exists(kBreastCancer)) GTEST_SKIP() << kBreastCancer << " missing (scripts/fetch_data.sh)";
    const Dataset data = load_sklearn_table(kBreastCancer);
    Rng rng(1);
    auto [train, test] = split(data, 0.15, rng, true);
    ASSERT_EQ(train.size(), 483u);
    ASSERT_EQ(test.size(), 86u);
    binarize_equal_width(train.features, 2, true);
    binarize_equal_width(test.features, 2, true);
    MpNeuron neuron;
    const MpFit fit = neuron.fit(train.features, train.labels);
    EXPECT_EQ(fit.best_threshold, 27u);
    EXPECT_DOUBLE_EQ(fit.best_accuracy, 418 / 483.0);
    EXPECT_DOUBLE_EQ(fit.accuracy[0], 303 / 483.0);  // always benign
    EXPECT_DOUBLE_EQ(neuron.accuracy(test.features, test.labels), 72 / 86.0);
    for (std::size_t b = 0; b < fit.accuracy.size(); ++b)
        EXPECT_DOUBLE_EQ(MpNeuron(b).accuracy(train.features, train.labels), fit.accuracy[b]) << "b = " << b;
}

}  // namespace
}  // namespace neurite
