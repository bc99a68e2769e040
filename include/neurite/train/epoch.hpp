// The epoch: every batch of a BatchIterator through one TrainStep, with the
// running loss and accuracy, and the NaN/Inf guard. No I/O, no clock, no
// callbacks of its own beyond a per-batch hook: Trainer, the playground's
// engine, the demonstrations and the benchmark all train through it.
//
//   BatchIterator batches(train, 64, &rng);
//   TrainStep step(net, optimizer, Loss::categorical_cross_entropy);
//   for (std::size_t e = 0; e < epochs; ++e) {
//       EpochResult r = run_epoch(step, batches, schedule.rate(lr, e));
//       if (r.diverged) …
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>

#include "neurite/data/batches.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/nn/loss.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/train/step.hpp"

namespace neurite {

struct EpochResult {
    double loss = 0.0;  // mean over the rows seen (each batch's mean loss weighted by its rows)
    double accuracy = std::numeric_limits<double>::quiet_NaN();  // of the outputs the steps saw; NaN for regression
    std::size_t rows = 0;
    std::size_t steps = 0;
    // Where the epoch stopped because something became NaN or infinite.
    struct Divergence {
        std::size_t batch = 0;   // 1-based; 0 = found in the weights after the last batch
        const char* what = "";   // "the loss", "the gradient", "a weight"
        bool nan = false;        // NaN (else infinite)
    };
    std::optional<Divergence> diverged;
};

// Called after each batch with its 1-based number and the running means.
using BatchHook = std::function<void(std::size_t batch, double mean_loss, double mean_accuracy)>;

// Starts an epoch on `batches` (a new permutation when it shuffles) and
// steps through all its batches at rate lr. Stops early, with `diverged`
// set, at the first non-finite loss or gradient, or when a weight is not
// finite at the end (a step that overflowed in the last batch shows only
// there): such weights should never be validated, saved or returned.
EpochResult run_epoch(TrainStep& step, BatchIterator& batches, double lr, const BatchHook& on_batch = {});

// Number of rows whose predicted class (argmax, or ≥ 0.5 for one output)
// equals the label. Allocates nothing.
std::size_t count_correct(MatrixView<const float> outputs, std::span<const std::int32_t> labels);

struct Evaluation {
    double loss = 0.0;
    double accuracy = std::numeric_limits<double>::quiet_NaN();
    std::size_t rows = 0;     // the rows scored (over all processes when distributed)
    std::size_t correct = 0;  // of them, those whose predicted class is the label (classification)
};

class Collective;
enum class DataLayout;

// Loss and accuracy of a network on a data set (inference phase, in chunks).
// With `across`, each process scores its share of the rows (share_of) and
// every process returns the result over all of them.
Evaluation evaluate(Sequential& net, const Dataset& data, Loss loss, std::size_t chunk = 1024,
                    Collective* across = nullptr);
// The same with the data laid out as `layout` says: DataLayout::sharded
// means `data` is this process's part of the set (it may be empty) and each
// process scores all of its rows; the result is over all processes' rows.
Evaluation evaluate(Sequential& net, const Dataset& data, Loss loss, std::size_t chunk, Collective* across,
                    DataLayout layout);

}  // namespace neurite
