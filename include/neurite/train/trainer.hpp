// Trainer: the epoch loop of train/epoch.hpp with what a full training run
// adds around it — validation, history, a learning-rate schedule and
// reduce-on-plateau, early stopping, gradient clipping, class weights, the
// NaN/Inf guard and callbacks. It does no I/O: checkpoints are written by a
// callback (CheckpointWriter, train/checkpoint.hpp), progress by another
// (ProgressPrinter), so the playground's WebAssembly build trains with it too.
//
//   Trainer trainer(net, config);
//   ProgressPrinter progress(stdout);
//   trainer.add_callback(progress);
//   History h = trainer.fit(train, &validation);
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "neurite/data/dataset.hpp"
#include "neurite/nn/loss.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/optim/optimizer.hpp"
#include "neurite/optim/schedule.hpp"
#include "neurite/train/epoch.hpp"
#include "neurite/train/collective.hpp"
#include "neurite/train/step.hpp"

namespace neurite {

struct EarlyStopping {
    std::size_t patience = 0;  // epochs without improvement before stopping; 0 = off
    double min_delta = 0.0;    // an improvement must exceed this
    bool restore_best = true;  // put back the weights of the best epoch when stopping
};

struct PlateauConfig {
    double factor = 0.1;
    std::size_t patience = 5;
    double min_lr = 0.0;
};

// Momentum that starts at `start` and rises linearly to the optimizer's
// momentum over the first `epochs` epochs (Srivastava et al. 2014, after
// Hinton et al. 2012: 0.5 to 0.99); 0 epochs = off.
struct MomentumRamp {
    std::size_t epochs = 0;
    double start = 0.5;
    // The momentum of epoch `epoch` (1-based) ramping up to `target`.
    double at(std::size_t epoch, double target) const;
};

// Training features that change every epoch (on-the-fly augmentation,
// data/augment.hpp): before epoch `epoch` of `epochs`, it writes that epoch's
// rows over `features`, a copy of the training set's (same rows in the same
// order; labels and targets stay as they are).
using EpochFeatures = std::function<void(std::size_t epoch, std::size_t epochs, MatrixView<float> features)>;

struct TrainConfig {
    std::size_t epochs = 10;
    std::size_t batch_size = 64;
    bool shuffle = true;
    std::uint64_t seed = 42;  // shuffling and the validation split
    Loss loss = Loss::categorical_cross_entropy;
    OptimizerConfig optimizer = default_config(OptimizerKind::adam);
    Schedule schedule;                    // per-epoch learning rate
    std::optional<PlateauConfig> plateau; // reduce on plateau of the monitored loss
    double clip_norm = 0.0;               // clip the gradient's global L2 norm; 0 = off
    std::vector<float> class_weights;     // per class; empty = all 1 (cross-entropy losses only)
    EarlyStopping early_stopping;         // monitors validation loss (training loss without validation)
    double max_norm = 0.0;                // max-norm: each unit's incoming weights rescaled to L2 norm ≤ this after every step; 0 = off
    MomentumRamp momentum_ramp;           // momentum and nesterov only
};

// One epoch's numbers. Accuracies are NaN for regression; validation
// numbers are NaN without a validation set.
struct EpochRecord {
    std::size_t epoch = 0;  // 1-based
    double loss = 0.0;
    double accuracy = std::numeric_limits<double>::quiet_NaN();
    double val_loss = std::numeric_limits<double>::quiet_NaN();
    double val_accuracy = std::numeric_limits<double>::quiet_NaN();
    double learning_rate = 0.0;
    double seconds = 0.0;
};

struct History {
    std::vector<EpochRecord> epochs;
    std::string stop_reason;  // "completed", "early stopping at epoch N (best N)", …

    std::string to_csv() const;
    std::string to_json() const;
    static History from_json(const std::string& text);
    // A two-panel SVG: loss, and accuracy when there is any.
    std::string to_svg(const std::string& title = "learning curves") const;
};

// Notified as training goes; all methods optional.
class TrainCallback {
public:
    virtual ~TrainCallback() = default;
    virtual void on_train_begin(std::size_t /*epochs*/, std::size_t /*batches_per_epoch*/,
                                std::size_t /*first_epoch*/) {}
    virtual void on_epoch_begin(std::size_t /*epoch*/) {}
    // Running means over the epoch so far (accuracy NaN for regression).
    virtual void on_batch_end(std::size_t /*epoch*/, std::size_t /*batch*/, double /*loss*/,
                              double /*accuracy*/) {}
    // After the epoch's validation, plateau and early-stopping decisions
    // (Trainer::stopping() says whether this was the last epoch).
    virtual void on_epoch_end(const EpochRecord& /*record*/) {}
    // After a checkpoint was written (by a CheckpointWriter): the history up
    // to it, whose stop reason says where it is ("checkpoint at epoch 3 of 10").
    virtual void on_checkpoint(std::size_t /*epoch*/, const History& /*history*/) {}
    virtual void on_train_end(const History& /*history*/) {}
};

class CheckpointWriter;

class Trainer {
public:
    Trainer(Sequential& net, TrainConfig config);

    void add_callback(TrainCallback& callback) { callbacks_.push_back(&callback); }
    // A gradient transform for every step (an all-reduce across processes,
    // a penalty): stages run in the order added, before the clipping that
    // config.clip_norm asks for. Add them before fit().
    void add_stage(GradientStage& stage);
    // Data-parallel training across the processes of `collective`
    // (train/collective.hpp): each takes its share of every batch, gradients
    // are summed ahead of every other stage, and the training and validation
    // numbers are over all processes, so every process makes the same
    // decisions (plateau, early stopping, divergence). Every process calls
    // fit() with the same data and configuration. Call before fit().
    // With DataLayout::sharded, each process calls fit() with its own part of
    // the training and validation data instead: it takes its share of every
    // batch from its own rows (BatchIterator's sharded batches), and the
    // validation numbers are summed over all processes' parts.
    void distribute(Collective& collective, DataLayout layout, std::size_t block_rows = kBlockRows);
    void distribute(Collective& collective, std::size_t block_rows = kBlockRows) {
        distribute(collective, DataLayout::replicated, block_rows);
    }
    const TrainStep& step() const { return step_; }
    // Each epoch trains on the features `fill` writes (EpochFeatures). Call
    // before fit().
    void vary_features(EpochFeatures fill) { vary_ = std::move(fill); }

    // Trains for config.epochs epochs (or until early stopping). When a
    // validation set is given it is evaluated after every epoch.
    History fit(const Dataset& train, const Dataset* validation = nullptr);

    // Restores the network, optimizer, history and position from a checkpoint
    // written by a CheckpointWriter during a fit() with the same architecture
    // and optimizer; the next fit() continues after the checkpoint's epoch and
    // returns the whole history. The learning rate continues as it was, unless
    // this trainer's configured rate differs from the checkpointed run's: then
    // it applies. (Defined in checkpoint.cpp, with the model file.)
    void resume_from(const std::filesystem::path& checkpoint);

    Optimizer& optimizer() { return optimizer_; }
    const TrainConfig& config() const { return config_; }
    // True from the epoch in which training decided to stop early.
    bool stopping() const { return stopping_; }
    // Tells every callback that a checkpoint for `epoch` was written to path
    // (CheckpointWriter calls it).
    void checkpoint_written(std::size_t epoch, const std::filesystem::path& path);

private:
    friend class CheckpointWriter;
    // Throws the divergence Error (batch 0: found at the end of the epoch).
    [[noreturn]] void diverged(std::size_t epoch, const EpochResult::Divergence& d, std::size_t batches,
                               double lr) const;

    Sequential& net_;
    TrainConfig config_;
    Optimizer optimizer_;
    TrainStep step_;
    std::optional<ClipGradNorm> clip_;
    bool clip_added_ = false;  // clip_ joins the step's stages last, at the first fit()
    std::vector<TrainCallback*> callbacks_;
    EpochFeatures vary_;
    Collective* collective_ = nullptr;
    DataLayout layout_{};  // DataLayout::replicated
    // Resume state.
    std::size_t start_epoch_ = 1;
    History history_;
    Rng rng_;
    double base_lr_;
    std::vector<float> best_params_;
    double best_value_ = std::numeric_limits<double>::infinity();
    std::size_t best_epoch_ = 0;
    std::size_t bad_epochs_ = 0;
    std::optional<ReduceOnPlateau> plateau_;
    bool stopping_ = false;
    std::string stop_reason_ = "completed";
    // For the divergence message: where checkpoints go (empty: none are
    // written) and whether one holds a good state yet.
    std::filesystem::path checkpoint_path_;
    std::filesystem::path resumed_from_;
    bool checkpoint_saved_ = false;
};

}  // namespace neurite
