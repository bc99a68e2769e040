// Metrics for classification and regression.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "neurite/tensor/matrix.hpp"

namespace neurite {

// Index of the largest value in each row (first on ties).
std::vector<std::int32_t> argmax_rows(MatrixView<const float> scores);
// For one output column: class 1 when the value is ≥ 0.5.
std::vector<std::int32_t> predicted_classes(MatrixView<const float> outputs);
// The class of each row of a network's outputs: predicted_classes for one
// output column (a sigmoid), else argmax_rows.
std::vector<std::int32_t> classes_of(MatrixView<const float> outputs);

// Fraction of rows whose predicted class equals the label.
double accuracy(std::span<const std::int32_t> predicted, std::span<const std::int32_t> labels);

class ConfusionMatrix {
public:
    explicit ConfusionMatrix(std::size_t classes);
    ConfusionMatrix(std::span<const std::int32_t> predicted, std::span<const std::int32_t> labels,
                    std::size_t classes);
    void add(std::int32_t label, std::int32_t predicted);
    std::size_t classes() const { return k_; }
    // Rows are true classes, columns predicted classes.
    std::size_t at(std::size_t truth, std::size_t predicted) const { return counts_[truth * k_ + predicted]; }
    std::size_t total() const;
    double accuracy() const;
    double precision(std::size_t c) const;  // 0 when nothing was predicted as c
    double recall(std::size_t c) const;     // 0 when c never occurs
    double f1(std::size_t c) const;
    double macro_f1() const;
    // A text table with per-class precision, recall, F1 and support.
    std::string report(const std::vector<std::string>& names = {}) const;

private:
    std::size_t k_;
    std::vector<std::size_t> counts_;
};

// Regression metrics over all elements.
double rmse(MatrixView<const float> pred, MatrixView<const float> target);
double mae(MatrixView<const float> pred, MatrixView<const float> target);
// Coefficient of determination, 1 − SS_res / SS_tot, of each target column,
// averaged over the columns (scikit-learn's r2_score, "uniform_average"); a
// constant column counts 1 when fitted exactly, else 0.
double r2_score(MatrixView<const float> pred, MatrixView<const float> target);

}  // namespace neurite
