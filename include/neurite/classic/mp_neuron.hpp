// The McCulloch–Pitts neuron: binary inputs, no weights, one threshold b.
//
// The neuron outputs 1 when at least b of its inputs are 1 (Σx ≥ b) and 0
// otherwise. It has nothing to learn but b, so "fitting" it means trying
// every b from 0 (always 1) to the number of inputs n (1 only when every
// input is 1) and keeping the most accurate:
//
//   neurite::MpNeuron neuron;
//   const neurite::MpFit fit = neuron.fit(x, labels);  // x holds 0s and 1s
//   // fit.accuracy[b] for every b; neuron.threshold() == fit.best_threshold
//
// Ties go to the smallest b, as Python's max() over the b's in increasing
// order does in the textbook version of this model.
//
// Inputs must be exactly 0 or 1 and labels 0 or 1; anything else is an Error
// naming the row and column. Real-valued features are made binary first,
// e.g. with binarize_equal_width (neurite/data/transforms.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "neurite/tensor/matrix.hpp"

namespace neurite {

// What MpNeuron::fit tried and chose.
struct MpFit {
    std::vector<double> accuracy;    // accuracy[b] on the fitting data, b = 0 … inputs
    std::size_t best_threshold = 0;  // the most accurate b (the smallest on ties)
    double best_accuracy = 0.0;
};

class MpNeuron {
public:
    explicit MpNeuron(std::size_t threshold = 0) : threshold_(threshold) {}

    std::size_t threshold() const { return threshold_; }
    void set_threshold(std::size_t b) { threshold_ = b; }

    // 1 when Σx ≥ b, else 0, for one row of 0/1 inputs.
    std::int32_t predict(std::span<const float> x) const;
    // One output per row.
    std::vector<std::int32_t> predict(MatrixView<const float> x) const;
    // Fraction of rows whose output equals the label (0 or 1).
    double accuracy(MatrixView<const float> x, std::span<const std::int32_t> labels) const;

    // Tries b = 0 … x.cols(), keeps the most accurate as the threshold and
    // returns every b's accuracy. x must have at least one row.
    MpFit fit(MatrixView<const float> x, std::span<const std::int32_t> labels);

private:
    std::size_t threshold_;
};

}  // namespace neurite
