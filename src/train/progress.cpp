#include "neurite/train/progress.hpp"

#include <cmath>
#include <string>

namespace neurite {
namespace {

std::string metrics_text(double loss, double accuracy) {
    char buf[96];
    if (std::isfinite(accuracy)) {
        std::snprintf(buf, sizeof buf, "loss %.4f  acc %.4f", loss, accuracy);
    } else {
        std::snprintf(buf, sizeof buf, "loss %.4g", loss);
    }
    return buf;
}

std::string duration_text(double seconds) {
    char buf[32];
    if (seconds < 60) {
        std::snprintf(buf, sizeof buf, "%.1fs", seconds);
    } else {
        std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
    }
    return buf;
}

}  // namespace

ProgressPrinter::ProgressPrinter(std::FILE* out, bool interactive) : out_(out), interactive_(interactive) {}

void ProgressPrinter::on_train_begin(std::size_t epochs, std::size_t batches, std::size_t /*first_epoch*/) {
    epochs_ = epochs;
    batches_ = batches;
}

void ProgressPrinter::on_epoch_begin(std::size_t /*epoch*/) {
    epoch_start_ = last_draw_ = std::chrono::steady_clock::now();
}

void ProgressPrinter::on_batch_end(std::size_t epoch, std::size_t batch, double loss, double accuracy) {
    if (!interactive_) return;
    const auto now = std::chrono::steady_clock::now();
    // Redraw at most 10 times a second, and always on the last batch.
    if (batch != batches_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - epoch_start_).count();
    const double eta = elapsed / static_cast<double>(batch) * static_cast<double>(batches_ - batch);
    constexpr int width = 24;
    const int filled = static_cast<int>(static_cast<double>(width) * static_cast<double>(batch) /
                                        static_cast<double>(batches_));
    std::string bar(static_cast<std::size_t>(filled), '=');
    if (filled < width) bar += '>';
    bar.resize(width, ' ');
    std::fprintf(out_, "\r\033[Kepoch %zu/%zu [%s] %zu/%zu  ETA %s  %s", epoch, epochs_, bar.c_str(), batch, batches_,
                 duration_text(eta).c_str(), metrics_text(loss, accuracy).c_str());
    std::fflush(out_);
}

void ProgressPrinter::on_epoch_end(const EpochRecord& r) {
    if (interactive_) std::fprintf(out_, "\r\033[K");
    std::string line = "epoch " + std::to_string(r.epoch) + "/" + std::to_string(epochs_) + "  " +
                       metrics_text(r.loss, r.accuracy);
    if (std::isfinite(r.val_loss)) {
        char buf[96];
        if (std::isfinite(r.val_accuracy)) {
            std::snprintf(buf, sizeof buf, "  val_loss %.4f  val_acc %.4f", r.val_loss, r.val_accuracy);
        } else {
            std::snprintf(buf, sizeof buf, "  val_loss %.4g", r.val_loss);
        }
        line += buf;
    }
    char tail[64];
    std::snprintf(tail, sizeof tail, "  lr %.3g  %s", r.learning_rate, duration_text(r.seconds).c_str());
    line += tail;
    std::fprintf(out_, "%s\n", line.c_str());
    std::fflush(out_);
}

}  // namespace neurite
