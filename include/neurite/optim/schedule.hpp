// Learning-rate schedules, as functions of the epoch (0-based).
//
//   constant      η₀
//   step          η₀ · γ^⌊epoch / step_size⌋
//   exponential   η₀ · γ^epoch
//   cosine        η_min + (η₀ − η_min)(1 + cos(π · min(epoch, T) / T)) / 2
//
// ReduceOnPlateau is a hook the training loop feeds a monitored value (such
// as validation loss) once per epoch; after `patience` epochs without an
// improvement larger than `threshold` it multiplies the rate by `factor`.
#pragma once

#include <cstddef>
#include <string_view>

namespace neurite {

enum class ScheduleKind { constant, step, exponential, cosine };

std::string_view to_string(ScheduleKind k);
ScheduleKind parse_schedule(std::string_view name);

struct Schedule {
    ScheduleKind kind = ScheduleKind::constant;
    std::size_t step_size = 10;  // step
    double gamma = 0.1;          // step, exponential
    std::size_t period = 100;    // cosine: T, in epochs
    double min_lr = 0.0;         // cosine: η_min

    double rate(double base_lr, std::size_t epoch) const;
};

class ReduceOnPlateau {
public:
    ReduceOnPlateau(double factor = 0.1, std::size_t patience = 10, double min_lr = 0.0,
                    double threshold = 1e-4);
    // Feeds this epoch's monitored value (lower is better); returns the rate to use next.
    double update(double value, double current_lr);
    double best() const { return best_; }
    std::size_t bad_epochs() const { return bad_; }
    // Restores the state saved from best() and bad_epochs() (checkpoints).
    void restore(double best, std::size_t bad_epochs) {
        best_ = best;
        bad_ = bad_epochs;
    }

private:
    double factor_, min_lr_, threshold_;
    std::size_t patience_;
    double best_;
    std::size_t bad_ = 0;
};

}  // namespace neurite
