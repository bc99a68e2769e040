#include "neurite/train/epoch.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "neurite/core/error.hpp"
#include "neurite/train/collective.hpp"

namespace neurite {

std::size_t count_correct(MatrixView<const float> out, std::span<const std::int32_t> labels) {
    std::size_t correct = 0;
    for (std::size_t r = 0; r < out.rows(); ++r) {
        const auto row = out.row(r);
        std::int32_t predicted = 0;
        if (row.size() == 1) {
            predicted = row[0] >= 0.5f ? 1 : 0;
        } else {
            predicted = static_cast<std::int32_t>(std::max_element(row.begin(), row.end()) - row.begin());
        }
        correct += predicted == labels[r] ? 1 : 0;
    }
    return correct;
}

EpochResult run_epoch(TrainStep& step, BatchIterator& batches, double lr, const BatchHook& on_batch) {
    Sequential& net = step.net();
    const bool classification = batches.data().is_classification();
    EpochResult result;
    double loss_sum = 0.0;
    std::size_t correct = 0;
    batches.start_epoch();
    const std::size_t count = batches.batches();
    for (std::size_t b = 0; b < count; ++b) {
        const Batch batch = batches.batch(b);
        const StepResult s = step.run(batch, lr);
        ++result.steps;
        if (!std::isfinite(s.loss) || !s.gradient_finite) {
            const bool loss_bad = !std::isfinite(s.loss);
            result.diverged = EpochResult::Divergence{
                .batch = b + 1, .what = loss_bad ? "the loss" : "the gradient", .nan = loss_bad ? std::isnan(s.loss) : true};
            // An infinite gradient norm is reported as infinite when no element is NaN.
            if (!loss_bad) {
                bool any_nan = false;
                for (const float g : net.grads()) any_nan = any_nan || std::isnan(g);
                result.diverged->nan = any_nan;
            }
            break;
        }
        // The rows of the whole batch (over all processes when distributed).
        loss_sum += s.loss * static_cast<double>(s.rows);
        result.rows += s.rows;
        if (classification)
            correct += s.correct ? *s.correct : count_correct(net.activations(net.size() - 1), batch.labels);
        result.loss = loss_sum / static_cast<double>(result.rows);
        if (classification) result.accuracy = static_cast<double>(correct) / static_cast<double>(result.rows);
        if (on_batch) on_batch(b + 1, result.loss, result.accuracy);
    }
    if (!result.diverged) {
        for (const float p : net.params()) {
            if (!std::isfinite(p)) {
                result.diverged = EpochResult::Divergence{.batch = 0, .what = "a weight", .nan = std::isnan(p)};
                break;
            }
        }
    }
    return result;
}

Evaluation evaluate(Sequential& net, const Dataset& data, Loss loss, std::size_t chunk, Collective* across) {
    return evaluate(net, data, loss, chunk, across, DataLayout::replicated);
}

Evaluation evaluate(Sequential& net, const Dataset& data, Loss loss, std::size_t chunk, Collective* across,
                    DataLayout layout) {
    const bool sharded = across != nullptr && layout == DataLayout::sharded;
    if (data.size() == 0 && !sharded) fail("evaluation set is empty");
    // (A process's empty part of a sharded set has no columns to check.)
    if (data.size() > 0 && data.features.cols() != net.input_size())
        fail("evaluation set has ", data.features.cols(), " features but the model expects ", net.input_size());
    if (data.size() > 0 && data.targets.cols() != net.output_size())
        fail("evaluation set has ", data.targets.cols(), " target columns but the model has ", net.output_size(),
             " outputs");
    if (data.targets.rows() != data.size())
        fail("evaluation set has ", data.targets.rows(), " targets for ", data.size(), " rows");
    Evaluation result;
    double loss_sum = 0.0;
    std::size_t correct = 0;
    const bool classification = data.is_classification();
    // Distributed: this process scores its share of the rows (all of its
    // own rows when the data is sharded), and the sums of all processes make
    // the result.
    const auto [begin, rows] = across != nullptr && !sharded ? share_of(data.size(), across->rank(), across->size())
                                                             : std::pair<std::size_t, std::size_t>{0, data.size()};
    std::size_t total = data.size();
    for (std::size_t first = begin; first < begin + rows; first += chunk) {
        const std::size_t count = std::min(chunk, begin + rows - first);
        const auto out = net.forward(data.features.view().rows(first, count), Phase::infer);
        const auto target = data.targets.view().rows(first, count);
        // A network that ends in softmax and is scored with cross-entropy is
        // scored on its probabilities (categorical form).
        loss_sum += loss_value<float>(loss == Loss::softmax_cross_entropy ? Loss::categorical_cross_entropy : loss,
                                      out, target) *
                    static_cast<double>(count);
        if (classification)
            correct += count_correct(out, std::span<const std::int32_t>(data.labels.data() + first, count));
    }
    if (across != nullptr) {
        std::array<double, 3> sums{loss_sum, static_cast<double>(correct), sharded ? static_cast<double>(rows) : 0.0};
        across->sum(std::span<double>(sums));
        loss_sum = sums[0];
        correct = static_cast<std::size_t>(std::llround(sums[1]));
        if (sharded) total = static_cast<std::size_t>(std::llround(sums[2]));
        if (total == 0) fail("evaluation set is empty on every process");
    }
    result.loss = loss_sum / static_cast<double>(total);
    result.rows = total;
    result.correct = correct;
    if (classification) result.accuracy = static_cast<double>(correct) / static_cast<double>(total);
    return result;
}

}  // namespace neurite
