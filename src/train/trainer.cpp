#include "neurite/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/train/collective.hpp"

namespace neurite {
namespace {

using Clock = std::chrono::steady_clock;

void check_data(const Sequential& net, const Dataset& data, const char* what, bool may_be_empty = false) {
    if (data.size() == 0) {
        if (may_be_empty) return;
        fail(what, " set is empty");
    }
    if (data.features.cols() != net.input_size())
        fail(what, " set has ", data.features.cols(), " features but the model expects ", net.input_size());
    if (data.targets.cols() != net.output_size())
        fail(what, " set has ", data.targets.cols(), " target columns but the model has ", net.output_size(),
             " outputs");
    if (data.targets.rows() != data.size()) fail(what, " set has ", data.targets.rows(), " targets for ", data.size(), " rows");
}

}  // namespace

double MomentumRamp::at(std::size_t epoch, double target) const {
    if (epochs == 0 || epoch > epochs) return target;
    const double t = epochs == 1 ? 1.0 : static_cast<double>(epoch - 1) / static_cast<double>(epochs - 1);
    return start + t * (target - start);
}

void Trainer::diverged(std::size_t epoch, const EpochResult::Divergence& d, std::size_t batches, double lr) const {
    const std::string where =
        checkpoint_path_.empty() ? std::string("no checkpoints were being written")
        : checkpoint_saved_      ? cat("the last good checkpoint is ", checkpoint_path_.string())
                                 : std::string("no checkpoint had been written yet");
    fail("training diverged at epoch ", epoch, d.batch > 0 ? cat(", batch ", d.batch, " of ", batches) : std::string(),
         ": ", d.what, " became ", d.nan ? "NaN" : "infinite", " (learning rate ", lr, "); ", where,
         ". Lower the learning rate or clip gradients (--clip-norm)");
}

Trainer::Trainer(Sequential& net, TrainConfig config)
    : net_(net),
      config_(std::move(config)),
      optimizer_(config_.optimizer, net.param_count()),
      step_(net, optimizer_, config_.loss),
      rng_(config_.seed),
      base_lr_(config_.optimizer.learning_rate) {
    if (config_.epochs == 0) fail("trainer: epochs must be at least 1");
    if (config_.batch_size == 0) fail("trainer: batch size must be at least 1");
    if (!(config_.clip_norm >= 0.0)) fail("trainer: clip norm must be ≥ 0");
    if (config_.clip_norm > 0.0) clip_.emplace(config_.clip_norm);
    if (!(config_.max_norm >= 0.0) || !std::isfinite(config_.max_norm))
        fail("trainer: max-norm must be non-negative and finite (got ", config_.max_norm, ")");
    if (config_.max_norm > 0.0) step_.set_max_norm(config_.max_norm);
    if (config_.momentum_ramp.epochs > 0) {
        const OptimizerKind k = config_.optimizer.kind;
        if (k != OptimizerKind::momentum && k != OptimizerKind::nesterov)
            fail("trainer: a momentum ramp needs the momentum or nesterov optimizer, not ", to_string(k));
        const double s = config_.momentum_ramp.start;
        if (!(s >= 0.0 && s < 1.0)) fail("trainer: the momentum ramp must start in [0, 1) (got ", s, ")");
    }
    if (config_.plateau)
        plateau_.emplace(config_.plateau->factor, config_.plateau->patience, config_.plateau->min_lr);
}

void Trainer::add_stage(GradientStage& stage) {
    if (clip_added_) fail("trainer: gradient stages must be added before fit()");
    step_.add_stage(stage);
}

void Trainer::distribute(Collective& collective, DataLayout layout, std::size_t block_rows) {
    if (clip_added_) fail("trainer: distribute() must be called before fit()");
    step_.distribute(collective, layout, block_rows);
    collective_ = &collective;
    layout_ = layout;
}

void Trainer::checkpoint_written(std::size_t epoch, const std::filesystem::path& path) {
    checkpoint_path_ = path;
    checkpoint_saved_ = true;
    History so_far = history_;
    so_far.stop_reason = stopping_ || epoch == config_.epochs ? stop_reason_
                                                              : cat("checkpoint at epoch ", epoch, " of ", config_.epochs);
    for (auto* cb : callbacks_) cb->on_checkpoint(epoch, so_far);
}

History Trainer::fit(const Dataset& train, const Dataset* validation) {
    const bool sharded = collective_ != nullptr && layout_ == DataLayout::sharded;
    check_data(net_, train, "training");
    // A process's part of a sharded validation set may be empty; the sum of
    // all parts may not (evaluate checks).
    if (validation != nullptr) check_data(net_, *validation, "validation", sharded);
    if (!config_.class_weights.empty()) {
        if (!train.is_classification()) fail("class weights need a classification data set");
        step_.set_class_weights(config_.class_weights, train.classes);
    }

    if (clip_ && !clip_added_) step_.add_stage(*clip_);
    clip_added_ = true;
    // Varied features go into a copy that the batches are taken from.
    std::optional<Dataset> varied;
    if (vary_) varied.emplace(train);
    const Dataset& rows = varied ? *varied : train;
    std::optional<BatchIterator> iterator;
    if (sharded) {
        // Every process's number of rows, so that all agree on the batches.
        std::vector<double> counts(collective_->size(), 0.0);
        counts[collective_->rank()] = static_cast<double>(train.size());
        collective_->sum(std::span<double>(counts));
        Shard shard{.rank = collective_->rank(), .rows = {}};
        for (const double c : counts) shard.rows.push_back(static_cast<std::size_t>(std::llround(c)));
        iterator.emplace(rows, config_.batch_size, config_.shuffle ? &rng_ : nullptr, shard);
    } else {
        iterator.emplace(rows, config_.batch_size, config_.shuffle ? &rng_ : nullptr);
    }
    BatchIterator& batches = *iterator;
    const double momentum = config_.optimizer.momentum;
    for (auto* cb : callbacks_) cb->on_train_begin(config_.epochs, batches.batches(), start_epoch_);
    stopping_ = false;
    stop_reason_ = "completed";
    for (std::size_t epoch = start_epoch_; epoch <= config_.epochs && !stopping_; ++epoch) {
        const auto epoch_start = Clock::now();
        const double lr = config_.schedule.rate(base_lr_, epoch - 1);
        for (auto* cb : callbacks_) cb->on_epoch_begin(epoch);
        if (config_.momentum_ramp.epochs > 0) optimizer_.set_momentum(config_.momentum_ramp.at(epoch, momentum));
        if (vary_) vary_(epoch, config_.epochs, varied->features.view());
        // The same permutation for the same seed and epoch, also after a
        // resume (the generator's state is in the checkpoint).
        const EpochResult r = run_epoch(step_, batches, lr, [&](std::size_t b, double loss, double acc) {
            for (auto* cb : callbacks_) cb->on_batch_end(epoch, b, loss, acc);
        });
        if (r.diverged) diverged(epoch, *r.diverged, batches.batches(), lr);

        EpochRecord rec;
        rec.epoch = epoch;
        rec.loss = r.loss;
        rec.accuracy = r.accuracy;
        if (validation != nullptr) {
            const Evaluation ev = evaluate(net_, *validation, config_.loss, 1024, collective_, layout_);
            rec.val_loss = ev.loss;
            rec.val_accuracy = ev.accuracy;
        }
        rec.learning_rate = lr;
        rec.seconds = std::chrono::duration<double>(Clock::now() - epoch_start).count();
        history_.epochs.push_back(rec);

        const double monitored = validation != nullptr ? rec.val_loss : rec.loss;
        if (plateau_) base_lr_ = plateau_->update(monitored, base_lr_);
        if (config_.early_stopping.patience > 0) {
            if (monitored < best_value_ - config_.early_stopping.min_delta) {
                best_value_ = monitored;
                best_epoch_ = epoch;
                bad_epochs_ = 0;
                if (config_.early_stopping.restore_best) best_params_.assign(net_.params().begin(), net_.params().end());
            } else if (++bad_epochs_ >= config_.early_stopping.patience) {
                stopping_ = true;
                stop_reason_ = cat("early stopping at epoch ", epoch, " (best epoch ", best_epoch_, ")");
                if (config_.early_stopping.restore_best && !best_params_.empty())
                    std::copy(best_params_.begin(), best_params_.end(), net_.params().begin());
            }
        }
        for (auto* cb : callbacks_) cb->on_epoch_end(rec);
    }
    history_.stop_reason = stop_reason_;
    for (auto* cb : callbacks_) cb->on_train_end(history_);
    return history_;
}

}  // namespace neurite
