// Classification and regression metrics on small examples computed by hand.
#include "neurite/train/metrics.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {
namespace {

using Labels = std::vector<std::int32_t>;

using neurite::test::error_of;

// The worked example used throughout, 9 samples of 3 classes:
//
//   truth      0 0 0 1 1 2 2 2 2
//   predicted  0 0 1 1 2 2 2 0 1
//
// Confusion matrix (rows truth, columns predicted):
//
//           p0 p1 p2 | support
//     t0  [  2  1  0 ]  3
//     t1  [  0  1  1 ]  2
//     t2  [  1  1  2 ]  4
//           3  3  3   (predicted counts)
//
// accuracy  = (2 + 1 + 2) / 9 = 5/9
// class 0:  P = 2/3, R = 2/3, F1 = 2/3
// class 1:  P = 1/3, R = 1/2, F1 = 2·(1/3)(1/2) / (1/3 + 1/2) = (1/3)/(5/6) = 2/5
// class 2:  P = 2/3, R = 2/4, F1 = 2·(2/3)(1/2) / (2/3 + 1/2) = (2/3)/(7/6) = 4/7
// macro F1  = (2/3 + 2/5 + 4/7) / 3 = (70 + 42 + 60) / 315 = 172/315
// macro P   = (2/3 + 1/3 + 2/3) / 3 = 5/9;  macro R = (2/3 + 1/2 + 1/2) / 3 = 5/9
// weighted F1 = (3·2/3 + 2·2/5 + 4·4/7) / 9 = (2 + 4/5 + 16/7) / 9 = (178/35) / 9 = 178/315
const Labels kTruth = {0, 0, 0, 1, 1, 2, 2, 2, 2};
const Labels kPred = {0, 0, 1, 1, 2, 2, 2, 0, 1};

// ---- argmax and thresholds ------------------------------------------------------

TEST(MetricsArgmax, PicksLargestAndFirstOnTies) {
    Matrix s(5, 3, {0.1f, 0.7f, 0.2f,     // 1
                    2.0f, -1.0f, 1.9f,    // 0
                    -3.0f, -2.0f, -1.0f,  // 2 (all negative)
                    0.3f, 0.5f, 0.5f,     // tie between 1 and 2: first wins
                    4.0f, 4.0f, 4.0f});   // all equal: 0
    EXPECT_EQ(argmax_rows(s), (Labels{1, 0, 2, 1, 0}));
}

TEST(MetricsArgmax, NaNNeverWins) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    Matrix s(3, 3, {nan, 1.0f, 0.0f, 0.0f, nan, 2.0f, nan, nan, nan});
    EXPECT_EQ(argmax_rows(s), (Labels{1, 2, 0}));
}

TEST(MetricsArgmax, RowsOfAStridedView) {
    Matrix m(2, 4, {0, 9, 1, 100,  //
                    5, 1, 2, 100});
    MatrixView<const float> v(m.data(), 2, 3, 4);  // the first three columns
    EXPECT_EQ(argmax_rows(v), (Labels{1, 0}));
}

TEST(MetricsArgmax, EmptyAndColumnless) {
    EXPECT_TRUE(argmax_rows(Matrix(0, 3)).empty());
    const std::string msg = error_of([] { (void)argmax_rows(Matrix(4, 0)); });
    EXPECT_NE(msg.find("4 rows"), std::string::npos) << msg;
}

TEST(MetricsPredictedClasses, ThresholdAtOneHalf) {
    Matrix out(5, 1, {0.0f, 0.4999f, 0.5f, 0.51f, 1.0f});
    EXPECT_EQ(predicted_classes(out), (Labels{0, 0, 1, 1, 1}));
}

TEST(MetricsPredictedClasses, RejectsSeveralColumns) {
    const std::string msg = error_of([] { (void)predicted_classes(Matrix(2, 3)); });
    EXPECT_NE(msg.find("expects 1 output column but got 3"), std::string::npos) << msg;
}

TEST(MetricsClassesOf, OneSigmoidOutputOrArgmax) {
    EXPECT_EQ(classes_of(Matrix(3, 1, {0.2f, 0.5f, 0.9f})), (Labels{0, 1, 1}));
    EXPECT_EQ(classes_of(Matrix(2, 3, {0.1f, 0.7f, 0.2f, 0.5f, 0.2f, 0.3f})), (Labels{1, 0}));
}

// ---- accuracy -----------------------------------------------------------------------

TEST(MetricsAccuracy, HandComputed) {
    EXPECT_DOUBLE_EQ(accuracy(kPred, kTruth), 5.0 / 9.0);
    EXPECT_DOUBLE_EQ(accuracy(Labels{1, 1, 0, 0}, Labels{1, 0, 0, 1}), 0.5);
    EXPECT_DOUBLE_EQ(accuracy(kTruth, kTruth), 1.0);
}

TEST(MetricsAccuracy, EmptyIsZero) { EXPECT_EQ(accuracy(Labels{}, Labels{}), 0.0); }

TEST(MetricsAccuracy, LengthMismatchNamesBothSizes) {
    const std::string msg = error_of([] { (void)accuracy(Labels{1, 2, 3}, Labels{1, 2}); });
    EXPECT_NE(msg.find("3 predictions but 2 labels"), std::string::npos) << msg;
}

// ---- confusion matrix -------------------------------------------------------------

TEST(MetricsConfusion, CountsHandExample) {
    const ConfusionMatrix cm(kPred, kTruth, 3);
    const std::size_t expected[3][3] = {{2, 1, 0}, {0, 1, 1}, {1, 1, 2}};
    for (std::size_t t = 0; t < 3; ++t)
        for (std::size_t p = 0; p < 3; ++p) EXPECT_EQ(cm.at(t, p), expected[t][p]) << t << "," << p;
    EXPECT_EQ(cm.classes(), 3u);
    EXPECT_EQ(cm.total(), 9u);
    EXPECT_DOUBLE_EQ(cm.accuracy(), 5.0 / 9.0);
}

TEST(MetricsConfusion, AddTakesLabelThenPrediction) {
    ConfusionMatrix cm(2);
    cm.add(/*label=*/1, /*predicted=*/0);
    cm.add(1, 0);
    cm.add(0, 0);
    EXPECT_EQ(cm.at(1, 0), 2u);
    EXPECT_EQ(cm.at(0, 1), 0u);
    EXPECT_EQ(cm.at(0, 0), 1u);
    EXPECT_EQ(cm.total(), 3u);
}

TEST(MetricsConfusion, AddEqualsBulkConstruction) {
    ConfusionMatrix one_by_one(3);
    for (std::size_t i = 0; i < kTruth.size(); ++i) one_by_one.add(kTruth[i], kPred[i]);
    const ConfusionMatrix bulk(kPred, kTruth, 3);
    for (std::size_t t = 0; t < 3; ++t)
        for (std::size_t p = 0; p < 3; ++p) EXPECT_EQ(one_by_one.at(t, p), bulk.at(t, p));
}

TEST(MetricsConfusion, PrecisionRecallF1HandExample) {
    const ConfusionMatrix cm(kPred, kTruth, 3);
    EXPECT_DOUBLE_EQ(cm.precision(0), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(cm.recall(0), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(cm.f1(0), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(cm.precision(1), 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(cm.recall(1), 1.0 / 2.0);
    EXPECT_DOUBLE_EQ(cm.f1(1), 2.0 / 5.0);
    EXPECT_DOUBLE_EQ(cm.precision(2), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(cm.recall(2), 1.0 / 2.0);
    EXPECT_DOUBLE_EQ(cm.f1(2), 4.0 / 7.0);
    EXPECT_NEAR(cm.macro_f1(), 172.0 / 315.0, 1e-15);
}

TEST(MetricsConfusion, BinaryTextbookExample) {
    // TP = 3, FN = 1, FP = 2, TN = 4 for the positive class 1:
    // P = 3/5, R = 3/4, F1 = 2·0.6·0.75 / 1.35 = 2/3.
    ConfusionMatrix cm(2);
    for (int i = 0; i < 3; ++i) cm.add(1, 1);
    cm.add(1, 0);
    for (int i = 0; i < 2; ++i) cm.add(0, 1);
    for (int i = 0; i < 4; ++i) cm.add(0, 0);
    EXPECT_DOUBLE_EQ(cm.precision(1), 0.6);
    EXPECT_DOUBLE_EQ(cm.recall(1), 0.75);
    EXPECT_DOUBLE_EQ(cm.f1(1), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(cm.accuracy(), 0.7);
}

TEST(MetricsConfusion, ZeroDivisionGivesZero) {
    // Class 2 never occurs and is never predicted; class 1 occurs but is never
    // predicted; class 3 is predicted but never occurs.
    //   truth      0 0 1 1
    //   predicted  0 0 0 3
    const ConfusionMatrix cm(Labels{0, 0, 0, 3}, Labels{0, 0, 1, 1}, 4);
    EXPECT_EQ(cm.precision(2), 0.0);
    EXPECT_EQ(cm.recall(2), 0.0);
    EXPECT_EQ(cm.f1(2), 0.0);
    EXPECT_EQ(cm.precision(1), 0.0);  // nothing predicted as 1
    EXPECT_EQ(cm.recall(1), 0.0);     // 0 of 2 found
    EXPECT_EQ(cm.f1(1), 0.0);
    EXPECT_EQ(cm.precision(3), 0.0);  // 0 of 1 prediction right
    EXPECT_EQ(cm.recall(3), 0.0);     // never occurs
    EXPECT_EQ(cm.f1(3), 0.0);
    // Class 0: P = 2/3, R = 1, F1 = 0.8; macro F1 averages all four classes.
    EXPECT_DOUBLE_EQ(cm.f1(0), 0.8);
    EXPECT_DOUBLE_EQ(cm.macro_f1(), 0.2);
    EXPECT_FALSE(std::isnan(cm.macro_f1()));
}

TEST(MetricsConfusion, EmptyMatrix) {
    const ConfusionMatrix cm(3);
    EXPECT_EQ(cm.total(), 0u);
    EXPECT_EQ(cm.accuracy(), 0.0);
    EXPECT_EQ(cm.macro_f1(), 0.0);
    EXPECT_NE(cm.report().find("accuracy"), std::string::npos);
}

TEST(MetricsConfusion, OutOfRangeLabelsNameTheValue) {
    std::string msg = error_of([] { (void)ConfusionMatrix(Labels{0, 1, 2}, Labels{0, 7, 1}, 3); });
    EXPECT_NE(msg.find("label 7 at index 1"), std::string::npos) << msg;
    msg = error_of([] { (void)ConfusionMatrix(Labels{0, -1}, Labels{0, 1}, 3); });
    EXPECT_NE(msg.find("predicted class -1 at index 1"), std::string::npos) << msg;
    ConfusionMatrix cm(3);
    msg = error_of([&] { cm.add(3, 0); });
    EXPECT_NE(msg.find("label 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("3 classes"), std::string::npos) << msg;
    msg = error_of([&] { cm.add(0, -5); });
    EXPECT_NE(msg.find("predicted class -5"), std::string::npos) << msg;
    EXPECT_EQ(cm.total(), 0u);  // nothing was counted
    msg = error_of([&] { (void)cm.precision(3); });
    EXPECT_NE(msg.find("class 3"), std::string::npos) << msg;
    msg = error_of([&] { (void)cm.recall(9); });
    EXPECT_NE(msg.find("class 9"), std::string::npos) << msg;
}

TEST(MetricsConfusion, LengthMismatchAndNoClasses) {
    std::string msg = error_of([] { (void)ConfusionMatrix(Labels{0, 1}, Labels{0, 1, 1}, 2); });
    EXPECT_NE(msg.find("2 predictions but 3 labels"), std::string::npos) << msg;
    msg = error_of([] { (void)ConfusionMatrix(0); });
    EXPECT_NE(msg.find("at least one class"), std::string::npos) << msg;
}

// ---- report ---------------------------------------------------------------------

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> lines;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

TEST(MetricsReport, LayoutAndValues) {
    const ConfusionMatrix cm(kPred, kTruth, 3);
    const std::string r = cm.report({"cat", "dog", "bird"});
    const auto lines = lines_of(r);
    // header, blank, 3 classes, blank, accuracy, macro avg, weighted avg
    ASSERT_EQ(lines.size(), 9u) << r;
    EXPECT_EQ(lines[0], "             precision    recall  f1-score   support");
    EXPECT_EQ(lines[1], "");
    EXPECT_EQ(lines[2], "         cat    0.6667    0.6667    0.6667         3");
    EXPECT_EQ(lines[3], "         dog    0.3333    0.5000    0.4000         2");
    EXPECT_EQ(lines[4], "        bird    0.6667    0.5000    0.5714         4");
    EXPECT_EQ(lines[5], "");
    EXPECT_EQ(lines[6], "    accuracy                        0.5556         9");
    // macro: P = 5/9, R = 5/9, F1 = 172/315 = 0.54603
    EXPECT_EQ(lines[7], "   macro avg    0.5556    0.5556    0.5460         9");
    // weighted: P = (3·2/3 + 2·1/3 + 4·2/3)/9 = (16/3)/9 = 0.5926,
    // R = accuracy = 5/9, F1 = 178/315 = 0.56508
    EXPECT_EQ(lines[8], "weighted avg    0.5926    0.5556    0.5651         9");
    // Fixed width: every non-blank line is as wide as the header.
    for (const auto& l : lines)
        if (!l.empty()) {
            EXPECT_EQ(l.size(), lines[0].size()) << l;
        }
}

TEST(MetricsReport, IndicesWithoutNamesAndLongNamesWidenTheColumn) {
    const ConfusionMatrix cm(kPred, kTruth, 3);
    auto lines = lines_of(cm.report());
    EXPECT_EQ(lines[2].substr(0, 12), "           0");
    EXPECT_EQ(lines[4].substr(0, 12), "           2");
    lines = lines_of(cm.report({"a", "a rather long class name", "c"}));
    EXPECT_EQ(lines[3].substr(0, 24), "a rather long class name");
    for (const auto& l : lines)
        if (!l.empty()) {
            EXPECT_EQ(l.size(), lines[0].size()) << l;
        }
}

TEST(MetricsReport, WrongNumberOfNames) {
    const ConfusionMatrix cm(3);
    const std::string msg = error_of([&] { (void)cm.report({"a", "b"}); });
    EXPECT_NE(msg.find("2 class names for 3 classes"), std::string::npos) << msg;
}

// ---- regression -----------------------------------------------------------------

// pred [[1, 2], [3, 4]] vs target [[1, 1], [5, 4]]: errors 0, 1, −2, 0.
//   SSE = 5, MSE = 5/4, RMSE = √1.25, MAE = 3/4.
//   R² per column, then averaged (scikit-learn's uniform_average gives the
//   same 0.63889): column 0: targets 1, 5 (mean 3, SS_tot 8), SS_res 4, so
//   1/2; column 1: targets 1, 4 (mean 5/2, SS_tot 9/2), SS_res 1, so 7/9;
//   R² = (1/2 + 7/9)/2 = 23/36.
TEST(MetricsRegression, HandComputed) {
    const Matrix pred(2, 2, {1, 2, 3, 4});
    const Matrix target(2, 2, {1, 1, 5, 4});
    EXPECT_DOUBLE_EQ(rmse(pred, target), std::sqrt(1.25));
    EXPECT_DOUBLE_EQ(mae(pred, target), 0.75);
    EXPECT_NEAR(r2_score(pred, target), 23.0 / 36.0, 1e-15);
}

TEST(MetricsRegression, PerfectAndMeanPredictions) {
    const Matrix target(4, 1, {1, 2, 3, 4});
    EXPECT_EQ(rmse(target, target), 0.0);
    EXPECT_EQ(mae(target, target), 0.0);
    EXPECT_EQ(r2_score(target, target), 1.0);
    const Matrix mean(4, 1, 2.5f);  // predicting the mean gives R² = 0
    EXPECT_DOUBLE_EQ(r2_score(mean, target), 0.0);
    const Matrix worse(4, 1, {4, 3, 2, 1});  // SS_res = 9+1+1+9 = 20, SS_tot = 5: R² = −3
    EXPECT_DOUBLE_EQ(r2_score(worse, target), -3.0);
}

TEST(MetricsRegression, ConstantTarget) {
    const Matrix target(3, 1, 2.0f);
    EXPECT_EQ(r2_score(target, target), 1.0);
    EXPECT_EQ(r2_score(Matrix(3, 1, {2, 2, 3}), target), 0.0);
}

TEST(MetricsRegression, AccumulatesInDouble) {
    // 10⁶ errors of 0.1f: a float accumulator drifts by ~1%; double is exact
    // to ~1e-10.
    const std::size_t n = 1'000'000;
    const Matrix pred(n, 1, 0.1f), target(n, 1, 0.0f);
    const double e = static_cast<double>(0.1f);
    EXPECT_NEAR(mae(pred, target), e, 1e-12);
    EXPECT_NEAR(rmse(pred, target), e, 1e-12);
}

TEST(MetricsRegression, StridedViews) {
    const Matrix big(2, 3, {1, 2, 99, 3, 4, 99});
    const MatrixView<const float> pred(big.data(), 2, 2, 3);
    const Matrix target(2, 2, {1, 1, 5, 4});
    EXPECT_DOUBLE_EQ(mae(pred, target), 0.75);
}

TEST(MetricsRegression, ShapeMismatchNamesBothShapes) {
    const Matrix a(2, 2), b(2, 1);
    for (auto* f : {&rmse, &mae, &r2_score}) {
        const std::string msg = error_of([&] { (void)f(a, b); });
        EXPECT_NE(msg.find("prediction is 2×2 but target is 2×1"), std::string::npos) << msg;
    }
    const std::string msg = error_of([] { (void)rmse(Matrix(0, 1), Matrix(0, 1)); });
    EXPECT_NE(msg.find("no values"), std::string::npos) << msg;
}

}  // namespace
}  // namespace neurite
