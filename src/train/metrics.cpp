// Classification and regression metrics.
//
// Sums are accumulated in double whatever the element type. Conventions for
// the degenerate cases follow scikit-learn's zero_division=0: a ratio whose
// denominator is zero is 0 (precision of a class never predicted, recall of a
// class that never occurs, F1 when both are 0, accuracy of nothing). R² of a
// constant target is 1 when the predictions are exact and 0 otherwise
// (scikit-learn's force_finite). Regression metrics of empty inputs have no
// meaningful value and throw.
#include "neurite/train/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"

namespace neurite {
namespace {

void require_same_length(const char* what, std::size_t predicted, std::size_t labels) {
    if (predicted != labels)
        fail(what, ": ", predicted, " predictions but ", labels, " labels");
}

void require_same_shape(const char* what, MatrixView<const float> pred, MatrixView<const float> target) {
    if (pred.rows() != target.rows() || pred.cols() != target.cols())
        fail(what, ": prediction is ", pred.rows(), "×", pred.cols(), " but target is ", target.rows(), "×",
             target.cols());
    if (pred.empty()) fail(what, ": no values (", pred.rows(), "×", pred.cols(), ")");
}

double ratio(double num, double den) { return den == 0.0 ? 0.0 : num / den; }

// Appends one right-aligned cell of the report.
void cell(std::string& out, const std::string& text, std::size_t width) {
    if (text.size() < width) out.append(width - text.size(), ' ');
    out += text;
}

std::string fixed(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

}  // namespace

std::vector<std::int32_t> argmax_rows(MatrixView<const float> scores) {
    if (scores.cols() == 0 && scores.rows() != 0)
        fail("argmax_rows: scores have ", scores.rows(), " rows but no columns");
    std::vector<std::int32_t> out(scores.rows());
    for (std::size_t r = 0; r < scores.rows(); ++r) {
        const auto row = scores.row(r);
        std::size_t best = 0;
        // Strictly greater: the first maximum wins a tie. NaN never wins
        // against a number (a row of NaN gives 0).
        for (std::size_t c = 1; c < row.size(); ++c)
            if (row[c] > row[best] || (std::isnan(row[best]) && !std::isnan(row[c]))) best = c;
        out[r] = static_cast<std::int32_t>(best);
    }
    return out;
}

std::vector<std::int32_t> predicted_classes(MatrixView<const float> outputs) {
    if (outputs.cols() != 1)
        fail("predicted_classes: expects 1 output column but got ", outputs.cols(),
             " (use argmax_rows for one column per class)");
    std::vector<std::int32_t> out(outputs.rows());
    for (std::size_t r = 0; r < outputs.rows(); ++r) out[r] = outputs(r, 0) >= 0.5f ? 1 : 0;
    return out;
}

std::vector<std::int32_t> classes_of(MatrixView<const float> outputs) {
    return outputs.cols() == 1 ? predicted_classes(outputs) : argmax_rows(outputs);
}

double accuracy(std::span<const std::int32_t> predicted, std::span<const std::int32_t> labels) {
    require_same_length("accuracy", predicted.size(), labels.size());
    std::size_t hits = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) hits += predicted[i] == labels[i] ? 1 : 0;
    return ratio(static_cast<double>(hits), static_cast<double>(labels.size()));
}

// ---- ConfusionMatrix -----------------------------------------------------------------

ConfusionMatrix::ConfusionMatrix(std::size_t classes) : k_(classes), counts_(classes * classes, 0) {
    if (classes == 0) fail("ConfusionMatrix: needs at least one class");
}

ConfusionMatrix::ConfusionMatrix(std::span<const std::int32_t> predicted, std::span<const std::int32_t> labels,
                                 std::size_t classes)
    : ConfusionMatrix(classes) {
    require_same_length("ConfusionMatrix", predicted.size(), labels.size());
    const auto k = static_cast<std::int64_t>(k_);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || labels[i] >= k)
            fail("ConfusionMatrix: label ", labels[i], " at index ", i, " is out of range for ", k_,
                 " classes (0..", k_ - 1, ")");
        if (predicted[i] < 0 || predicted[i] >= k)
            fail("ConfusionMatrix: predicted class ", predicted[i], " at index ", i, " is out of range for ",
                 k_, " classes (0..", k_ - 1, ")");
        ++counts_[static_cast<std::size_t>(labels[i]) * k_ + static_cast<std::size_t>(predicted[i])];
    }
}

void ConfusionMatrix::add(std::int32_t label, std::int32_t predicted) {
    const auto k = static_cast<std::int64_t>(k_);
    if (label < 0 || label >= k)
        fail("ConfusionMatrix: label ", label, " is out of range for ", k_, " classes (0..", k_ - 1, ")");
    if (predicted < 0 || predicted >= k)
        fail("ConfusionMatrix: predicted class ", predicted, " is out of range for ", k_, " classes (0..",
             k_ - 1, ")");
    ++counts_[static_cast<std::size_t>(label) * k_ + static_cast<std::size_t>(predicted)];
}

std::size_t ConfusionMatrix::total() const {
    std::size_t n = 0;
    for (std::size_t c : counts_) n += c;
    return n;
}

double ConfusionMatrix::accuracy() const {
    std::size_t hits = 0;
    for (std::size_t c = 0; c < k_; ++c) hits += at(c, c);
    return ratio(static_cast<double>(hits), static_cast<double>(total()));
}

double ConfusionMatrix::precision(std::size_t c) const {
    if (c >= k_) fail("ConfusionMatrix::precision: class ", c, " is out of range for ", k_, " classes");
    std::size_t predicted = 0;  // column sum
    for (std::size_t t = 0; t < k_; ++t) predicted += at(t, c);
    return ratio(static_cast<double>(at(c, c)), static_cast<double>(predicted));
}

double ConfusionMatrix::recall(std::size_t c) const {
    if (c >= k_) fail("ConfusionMatrix::recall: class ", c, " is out of range for ", k_, " classes");
    std::size_t support = 0;  // row sum
    for (std::size_t p = 0; p < k_; ++p) support += at(c, p);
    return ratio(static_cast<double>(at(c, c)), static_cast<double>(support));
}

double ConfusionMatrix::f1(std::size_t c) const {
    if (c >= k_) fail("ConfusionMatrix::f1: class ", c, " is out of range for ", k_, " classes");
    const double p = precision(c), r = recall(c);
    return ratio(2.0 * p * r, p + r);
}

double ConfusionMatrix::macro_f1() const {
    double sum = 0.0;
    for (std::size_t c = 0; c < k_; ++c) sum += f1(c);
    return sum / static_cast<double>(k_);
}

// Laid out like scikit-learn's classification_report, with four decimals
// (accuracies near 0.98 differ in the third):
//
//                precision    recall  f1-score   support
//
//            cat    0.6667    0.6667    0.6667         3
//            dog    0.3333    0.5000    0.4000         2
//           bird    0.6667    0.5000    0.5714         4
//
//       accuracy                        0.5556         9
//      macro avg    0.5556    0.5556    0.5460         9
//   weighted avg    0.5926    0.5556    0.5651         9
//
// The accuracy row shows accuracy under f1-score (as scikit-learn does); the
// weighted averages weight each class by its support.
std::string ConfusionMatrix::report(const std::vector<std::string>& names) const {
    if (!names.empty() && names.size() != k_)
        fail("ConfusionMatrix::report: ", names.size(), " class names for ", k_, " classes");
    constexpr int digits = 4;
    constexpr std::size_t col = 10;
    std::vector<std::string> labels(k_);
    for (std::size_t c = 0; c < k_; ++c)
        labels[c] = names.empty() || names[c].empty() ? std::to_string(c) : names[c];
    std::size_t name_width = std::string("weighted avg").size();
    for (const auto& l : labels) name_width = std::max(name_width, l.size());

    std::string out;
    auto row = [&](const std::string& name, const std::string& p, const std::string& r, const std::string& f,
                   const std::string& s) {
        cell(out, name, name_width);
        cell(out, p, col);
        cell(out, r, col);
        cell(out, f, col);
        cell(out, s, col);
        out += '\n';
    };

    row("", "precision", "recall", "f1-score", "support");
    out += '\n';
    std::vector<std::size_t> support(k_, 0);
    const std::size_t n = total();
    double macro_p = 0, macro_r = 0, macro_f = 0, weighted_p = 0, weighted_r = 0, weighted_f = 0;
    for (std::size_t c = 0; c < k_; ++c) {
        for (std::size_t p = 0; p < k_; ++p) support[c] += at(c, p);
        const double p = precision(c), r = recall(c), f = f1(c);
        const double w = static_cast<double>(support[c]);
        macro_p += p, macro_r += r, macro_f += f;
        weighted_p += w * p, weighted_r += w * r, weighted_f += w * f;
        row(labels[c], fixed(p, digits), fixed(r, digits), fixed(f, digits), std::to_string(support[c]));
    }
    const double k = static_cast<double>(k_);
    const double total_w = static_cast<double>(n);
    out += '\n';
    row("accuracy", "", "", fixed(accuracy(), digits), std::to_string(n));
    row("macro avg", fixed(macro_p / k, digits), fixed(macro_r / k, digits), fixed(macro_f / k, digits),
        std::to_string(n));
    row("weighted avg", fixed(ratio(weighted_p, total_w), digits), fixed(ratio(weighted_r, total_w), digits),
        fixed(ratio(weighted_f, total_w), digits), std::to_string(n));
    return out;
}

// ---- regression ----------------------------------------------------------------------

double rmse(MatrixView<const float> pred, MatrixView<const float> target) {
    require_same_shape("rmse", pred, target);
    double sum = 0.0;
    for (std::size_t r = 0; r < pred.rows(); ++r)
        for (std::size_t c = 0; c < pred.cols(); ++c) {
            const double d = static_cast<double>(pred(r, c)) - static_cast<double>(target(r, c));
            sum += d * d;
        }
    return std::sqrt(sum / static_cast<double>(pred.size()));
}

double mae(MatrixView<const float> pred, MatrixView<const float> target) {
    require_same_shape("mae", pred, target);
    double sum = 0.0;
    for (std::size_t r = 0; r < pred.rows(); ++r)
        for (std::size_t c = 0; c < pred.cols(); ++c)
            sum += std::abs(static_cast<double>(pred(r, c)) - static_cast<double>(target(r, c)));
    return sum / static_cast<double>(pred.size());
}

double r2_score(MatrixView<const float> pred, MatrixView<const float> target) {
    require_same_shape("r2_score", pred, target);
    if (target.cols() == 0) return 1.0;
    double sum = 0.0;
    for (std::size_t c = 0; c < target.cols(); ++c) {
        double mean = 0.0;
        for (std::size_t r = 0; r < target.rows(); ++r) mean += static_cast<double>(target(r, c));
        mean /= static_cast<double>(std::max<std::size_t>(target.rows(), 1));
        double ss_res = 0.0, ss_tot = 0.0;
        for (std::size_t r = 0; r < target.rows(); ++r) {
            const double t = static_cast<double>(target(r, c));
            const double d = static_cast<double>(pred(r, c)) - t;
            ss_res += d * d;
            ss_tot += (t - mean) * (t - mean);
        }
        sum += ss_tot == 0.0 ? (ss_res == 0.0 ? 1.0 : 0.0) : 1.0 - ss_res / ss_tot;
    }
    return sum / static_cast<double>(target.cols());
}

}  // namespace neurite
