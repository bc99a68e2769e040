#include "sized_defaults.hpp"

#include <algorithm>

#include "neurite/core/error.hpp"

namespace neurite::cli {

SizedDefaults sized_defaults(std::size_t rows) {
    SizedDefaults d;
    if (rows >= kSmallTableRows) {
        d.hidden = {256, 128};
        return d;
    }
    d.small_table = true;
    d.hidden = {256};
    d.init = InitKind::xavier_uniform;
    d.batch_size = 16;
    d.validation_split = 0.0;
    return d;
}

std::size_t default_epochs(const SizedDefaults& defaults, std::size_t rows, std::size_t batch_size) {
    if (!defaults.small_table) return 15;
    const std::size_t steps_per_epoch = std::max<std::size_t>(1, (rows + batch_size - 1) / std::max<std::size_t>(batch_size, 1));
    return std::max(kMinEpochsSmall, (kMinSteps + steps_per_epoch - 1) / steps_per_epoch);
}

bool small_run(std::size_t rows, std::size_t parameters, std::size_t epochs) {
    return 3.0 * double(rows) * double(parameters) * double(epochs) < kSmallRunWork;
}

bool small_steps(std::size_t batch_size, std::size_t parameters) {
    return double(batch_size) * double(parameters) < kSmallStepWork;
}

std::string sized_defaults_help() {
    return cat("Defaults that depend on the data (each applies only when its flag is not given): with ", kSmallTableRows,
               " training rows or more, --hidden 256,128, batch 64, 15 epochs, 10 % validation split; below that "
               "(a small table), --hidden 256 with --init xavier_uniform, batch 16, no validation split, and epochs "
               "for at least ", kMinSteps, " optimizer steps (at least ", kMinEpochsSmall,
               "). The run's header says which were used.");
}

}  // namespace neurite::cli
