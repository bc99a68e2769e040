#include "neurite/optim/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "neurite/core/error.hpp"
#include "neurite/core/names.hpp"

namespace neurite {
namespace {

constexpr auto kNames = enum_names<ScheduleKind>("schedule", {"constant", "step", "exponential", "cosine"});
static_assert(kNames.name(ScheduleKind::cosine) == "cosine");

void require_gamma(double gamma, ScheduleKind kind) {
    if (!(gamma > 0.0) || !std::isfinite(gamma))
        fail("schedule ", to_string(kind), ": gamma must be positive and finite (got ", gamma,
             ")");
}

}  // namespace

std::string_view to_string(ScheduleKind k) { return kNames.name(k); }

ScheduleKind parse_schedule(std::string_view name) { return kNames.parse(name); }

double Schedule::rate(double base_lr, std::size_t epoch) const {
    switch (kind) {
        case ScheduleKind::constant: return base_lr;
        case ScheduleKind::step: {
            if (step_size == 0) fail("schedule step: step_size must be positive");
            require_gamma(gamma, kind);
            return base_lr * std::pow(gamma, static_cast<double>(epoch / step_size));
        }
        case ScheduleKind::exponential:
            require_gamma(gamma, kind);
            return base_lr * std::pow(gamma, static_cast<double>(epoch));
        case ScheduleKind::cosine: {
            if (period == 0) fail("schedule cosine: period must be positive");
            const double t = static_cast<double>(std::min(epoch, period));
            const double T = static_cast<double>(period);
            return min_lr + (base_lr - min_lr) * (1.0 + std::cos(std::numbers::pi * t / T)) / 2.0;
        }
    }
    return base_lr;
}

ReduceOnPlateau::ReduceOnPlateau(double factor, std::size_t patience, double min_lr,
                                 double threshold)
    : factor_(factor),
      min_lr_(min_lr),
      threshold_(threshold),
      patience_(patience),
      best_(std::numeric_limits<double>::infinity()) {
    if (!(factor > 0.0 && factor < 1.0))
        fail("ReduceOnPlateau: factor must be in (0, 1) (got ", factor, ")");
    if (!(min_lr >= 0.0) || !std::isfinite(min_lr))
        fail("ReduceOnPlateau: min_lr must be non-negative and finite (got ", min_lr, ")");
    if (!(threshold >= 0.0) || !std::isfinite(threshold))
        fail("ReduceOnPlateau: threshold must be non-negative and finite (got ", threshold, ")");
}

double ReduceOnPlateau::update(double value, double current_lr) {
    // An improvement must beat the best value so far by more than threshold;
    // NaN never counts as one.
    if (value < best_ - threshold_) {
        best_ = value;
        bad_ = 0;
        return current_lr;
    }
    ++bad_;
    if (bad_ < patience_) return current_lr;
    bad_ = 0;
    if (current_lr <= min_lr_) return current_lr;
    return std::max(current_lr * factor_, min_lr_);
}

}  // namespace neurite
