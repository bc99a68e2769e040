// Progress display for training. On a terminal: one line per epoch redrawn
// in place with a bar, batch/total, ETA, and the running loss and accuracy.
// Otherwise (a pipe, a log file, or quiet mode): one plain line per epoch.
#pragma once

#include <chrono>
#include <cstdio>

#include "neurite/train/trainer.hpp"

namespace neurite {

class ProgressPrinter : public TrainCallback {
public:
    // interactive: draw the bar (pass isatty(fileno(out))).
    ProgressPrinter(std::FILE* out, bool interactive);

    void on_train_begin(std::size_t epochs, std::size_t batches, std::size_t first_epoch) override;
    void on_epoch_begin(std::size_t epoch) override;
    void on_batch_end(std::size_t epoch, std::size_t batch, double loss, double accuracy) override;
    void on_epoch_end(const EpochRecord& record) override;

private:
    std::FILE* out_;
    bool interactive_;
    std::size_t epochs_ = 0, batches_ = 0;
    std::chrono::steady_clock::time_point epoch_start_, last_draw_;
};

}  // namespace neurite
