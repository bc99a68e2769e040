// The McCulloch–Pitts neuron. Fitting counts the active inputs of every row
// once; each threshold b is then scored from those counts, so trying all
// n + 1 thresholds costs one pass over the data plus O(rows · n).
#include "neurite/classic/mp_neuron.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "neurite/core/error.hpp"

namespace neurite {
namespace {

// Number of inputs that are 1 in one row; any value other than 0 or 1 is an
// Error naming its row and column.
std::size_t active_inputs(std::span<const float> x, std::size_t row) {
    std::size_t n = 0;
    for (std::size_t c = 0; c < x.size(); ++c) {
        if (x[c] == 1.0f)
            ++n;
        else if (x[c] != 0.0f)
            fail("M-P neuron: the input in row ", row, ", column ", c, " is ", x[c],
                 "; inputs must be 0 or 1 (binarize the features first)");
    }
    return n;
}

std::vector<std::size_t> row_counts(MatrixView<const float> x) {
    std::vector<std::size_t> counts(x.rows());
    for (std::size_t r = 0; r < x.rows(); ++r) counts[r] = active_inputs(x.row(r), r);
    return counts;
}

void check_labels(MatrixView<const float> x, std::span<const std::int32_t> labels) {
    if (labels.size() != x.rows()) fail("M-P neuron: ", x.rows(), " rows but ", labels.size(), " labels");
    for (std::size_t r = 0; r < labels.size(); ++r)
        if (labels[r] != 0 && labels[r] != 1)
            fail("M-P neuron: the label of row ", r, " is ", labels[r], "; labels must be 0 or 1");
}

}  // namespace

std::int32_t MpNeuron::predict(std::span<const float> x) const { return active_inputs(x, 0) >= threshold_ ? 1 : 0; }

std::vector<std::int32_t> MpNeuron::predict(MatrixView<const float> x) const {
    const std::vector<std::size_t> counts = row_counts(x);
    std::vector<std::int32_t> out(counts.size());
    for (std::size_t r = 0; r < counts.size(); ++r) out[r] = counts[r] >= threshold_ ? 1 : 0;
    return out;
}

double MpNeuron::accuracy(MatrixView<const float> x, std::span<const std::int32_t> labels) const {
    check_labels(x, labels);
    if (x.rows() == 0) fail("M-P neuron: accuracy of no rows");
    const std::vector<std::int32_t> out = predict(x);
    std::size_t right = 0;
    for (std::size_t r = 0; r < out.size(); ++r) right += out[r] == labels[r];
    return static_cast<double>(right) / static_cast<double>(out.size());
}

MpFit MpNeuron::fit(MatrixView<const float> x, std::span<const std::int32_t> labels) {
    check_labels(x, labels);
    if (x.rows() == 0) fail("M-P neuron: fit needs at least one row");
    const std::vector<std::size_t> counts = row_counts(x);
    const std::size_t n = x.cols();
    // positives[k] / negatives[k]: rows with exactly k active inputs and label 1 / 0.
    std::vector<std::size_t> positives(n + 1, 0), negatives(n + 1, 0);
    for (std::size_t r = 0; r < counts.size(); ++r) ++(labels[r] == 1 ? positives : negatives)[counts[r]];

    // Output 1 exactly for rows with at least b active inputs: right are the
    // positives with count ≥ b plus the negatives with count < b.
    std::size_t positives_at_or_above = 0, negatives_below = 0;
    for (std::size_t k = 0; k <= n; ++k) positives_at_or_above += positives[k];
    MpFit fit;
    fit.accuracy.resize(n + 1);
    const auto rows = static_cast<double>(counts.size());
    for (std::size_t b = 0; b <= n; ++b) {
        if (b > 0) {
            positives_at_or_above -= positives[b - 1];
            negatives_below += negatives[b - 1];
        }
        fit.accuracy[b] = static_cast<double>(positives_at_or_above + negatives_below) / rows;
        if (b == 0 || fit.accuracy[b] > fit.best_accuracy) {
            fit.best_threshold = b;
            fit.best_accuracy = fit.accuracy[b];
        }
    }
    threshold_ = fit.best_threshold;
    return fit;
}

}  // namespace neurite
