// Feature transforms: fitted per-feature affine maps, and equal-width binning.
//
// Statistics are accumulated in double; the fitted offset and scale are
// stored as float, as the model file keeps them.
#include "neurite/data/transforms.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "neurite/core/error.hpp"
#include "neurite/core/names.hpp"

namespace neurite {
namespace {

void require_rows(MatrixView<const float> x, const char* what) {
    if (x.rows() == 0) fail(what, ": cannot fit on a data set with no rows");
}

struct Range {
    std::vector<double> lo, hi;
};

Range column_ranges(MatrixView<const float> x) {
    Range r{std::vector<double>(x.cols(), std::numeric_limits<double>::infinity()),
            std::vector<double>(x.cols(), -std::numeric_limits<double>::infinity())};
    for (std::size_t i = 0; i < x.rows(); ++i) {
        const auto row = x.row(i);
        for (std::size_t c = 0; c < x.cols(); ++c) {
            r.lo[c] = std::min(r.lo[c], double(row[c]));
            r.hi[c] = std::max(r.hi[c], double(row[c]));
        }
    }
    return r;
}

}  // namespace

void Preprocessing::apply(MatrixView<float> x) const {
    if (kind == ScalingKind::none) return;
    if (offset.size() != scale.size())
        fail("preprocessing (", to_string(kind), ") is inconsistent: ", offset.size(), " offsets but ", scale.size(),
             " scales");
    if (x.cols() != offset.size())
        fail("preprocessing (", to_string(kind), ") was fitted on ", offset.size(), " features, the data has ",
             x.cols());
    const float* off = offset.data();
    const float* sc = scale.data();
    for (std::size_t i = 0; i < x.rows(); ++i) {
        float* row = x.row(i).data();
        for (std::size_t c = 0; c < x.cols(); ++c) row[c] = (row[c] - off[c]) * sc[c];
    }
}

namespace {
constexpr auto kScalingNames = enum_names<ScalingKind>("scaling", {"none", "scale", "minmax", "standardize"});
static_assert(kScalingNames.name(ScalingKind::standardize) == "standardize");
}  // namespace

std::string_view to_string(ScalingKind k) { return kScalingNames.name(k); }

ScalingKind parse_scaling(std::string_view name) { return kScalingNames.parse(name); }

Preprocessing fit_fixed_range(std::size_t features, double in_lo, double in_hi, double lo, double hi) {
    if (!std::isfinite(in_lo) || !std::isfinite(in_hi) || !std::isfinite(lo) || !std::isfinite(hi))
        fail("fixed-range scaling: the ranges must be finite");
    if (in_lo == in_hi) fail("fixed-range scaling: the input range ", in_lo, " … ", in_hi, " is empty");
    if (lo == hi) fail("fixed-range scaling: the output range ", lo, " … ", hi, " is empty");
    const double s = (hi - lo) / (in_hi - in_lo);
    Preprocessing p;
    p.kind = ScalingKind::scale;
    p.scale.assign(features, static_cast<float>(s));
    p.offset.assign(features, static_cast<float>(in_lo - lo / s));
    return p;
}

Preprocessing fit_minmax(MatrixView<const float> x, double lo, double hi) {
    require_rows(x, "min-max scaling");
    const Range r = column_ranges(x);
    return minmax_from(r.lo, r.hi, lo, hi);
}

Preprocessing minmax_from(std::span<const double> min, std::span<const double> max, double lo, double hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo == hi)
        fail("min-max scaling: the output range ", lo, " … ", hi, " must be finite and not empty");
    if (min.size() != max.size()) fail("min-max scaling: ", min.size(), " minima for ", max.size(), " maxima");
    Preprocessing p;
    p.kind = ScalingKind::minmax;
    p.offset.resize(min.size());
    p.scale.resize(min.size());
    for (std::size_t c = 0; c < min.size(); ++c) {
        if (max[c] > min[c]) {
            const double s = (hi - lo) / (max[c] - min[c]);
            p.scale[c] = static_cast<float>(s);
            p.offset[c] = static_cast<float>(min[c] - lo / s);
        } else {  // a constant feature: its value maps to lo
            p.scale[c] = 1.0f;
            p.offset[c] = static_cast<float>(min[c] - lo);
        }
    }
    return p;
}

Preprocessing fit_standardize(MatrixView<const float> x) {
    require_rows(x, "standardization");
    const std::size_t n = x.rows(), d = x.cols();
    std::vector<double> mean(d, 0.0), var(d, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < d; ++c) mean[c] += x(i, c);
    for (double& m : mean) m /= double(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < d; ++c) {
            const double e = x(i, c) - mean[c];
            var[c] += e * e;
        }
    for (double& v : var) v = std::sqrt(v / double(n));  // population standard deviation
    return standardize_from(mean, var);
}

Preprocessing standardize_from(std::span<const double> mean, std::span<const double> sd) {
    if (mean.size() != sd.size()) fail("standardization: ", mean.size(), " means for ", sd.size(), " deviations");
    Preprocessing p;
    p.kind = ScalingKind::standardize;
    p.offset.resize(mean.size());
    p.scale.resize(mean.size());
    for (std::size_t c = 0; c < mean.size(); ++c) {
        p.offset[c] = static_cast<float>(mean[c]);
        p.scale[c] = sd[c] > 0 ? static_cast<float>(1.0 / sd[c]) : 1.0f;  // a constant feature maps to 0
    }
    return p;
}

void binarize_equal_width(MatrixView<float> x, std::size_t bins, bool reverse) {
    if (bins == 0) fail("binarize: the number of bins must be positive");
    const Range r = column_ranges(x);
    for (std::size_t c = 0; c < x.cols(); ++c) {
        const double lo = r.lo[c], width = (r.hi[c] - r.lo[c]) / double(bins);
        for (std::size_t i = 0; i < x.rows(); ++i) {
            float& v = x(i, c);
            if (!std::isfinite(v)) fail("binarize: the value in row ", i, ", column ", c, " is not finite");
            std::size_t bin = 0;
            if (width > 0) bin = std::min(bins - 1, static_cast<std::size_t>((double(v) - lo) / width));
            v = static_cast<float>(reverse ? bins - 1 - bin : bin);
        }
    }
}

}  // namespace neurite
