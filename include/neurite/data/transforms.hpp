// Feature transforms.
//
// Preprocessing is a per-feature affine map y = (x − offset) · scale that is
// fitted on training data only and stored in model files, so eval and
// predict apply exactly what training applied.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neurite/tensor/matrix.hpp"

namespace neurite {

enum class ScalingKind { none, scale, minmax, standardize };

struct Preprocessing {
    ScalingKind kind = ScalingKind::none;
    std::vector<float> offset;  // one per feature (empty for none)
    std::vector<float> scale;   // one per feature (empty for none)

    bool empty() const { return kind == ScalingKind::none; }
    // Applies the map in place; the width must match (Error otherwise).
    void apply(MatrixView<float> x) const;
};

std::string_view to_string(ScalingKind k);
ScalingKind parse_scaling(std::string_view name);

// y = lo + (x − in_lo) · (hi − lo) / (in_hi − in_lo), the same for every
// feature: e.g. MNIST pixels 0…255 to [0, 1] or to [0.01, 1].
Preprocessing fit_fixed_range(std::size_t features, double in_lo, double in_hi, double lo, double hi);
// Each feature's own min … max to [lo, hi] (a constant feature maps to lo).
Preprocessing fit_minmax(MatrixView<const float> x, double lo = 0.0, double hi = 1.0);
// Each feature to mean 0, standard deviation 1 (a constant feature to 0).
Preprocessing fit_standardize(MatrixView<const float> x);
// The same two maps from statistics already known (e.g. summed over the
// processes of a data-parallel run whose data is sharded): each feature's
// minimum and maximum, or its mean and population standard deviation.
Preprocessing minmax_from(std::span<const double> min, std::span<const double> max, double lo = 0.0, double hi = 1.0);
Preprocessing standardize_from(std::span<const double> mean, std::span<const double> sd);

// Equal-width binning of each feature over its own min … max into `bins`
// bins, replacing each value by its bin index (0 … bins−1); with
// `reverse`, by bins−1−index (so for 2 bins the lower bin becomes 1 and the
// upper 0, as the M-P neuron demonstration wants).
void binarize_equal_width(MatrixView<float> x, std::size_t bins = 2, bool reverse = false);

}  // namespace neurite
