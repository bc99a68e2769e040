// Checkpoints as a training callback: the model, the optimizer's state, the
// random generator, the history and the early-stopping and plateau state,
// in one model file (docs/model-file.md), written atomically every N epochs,
// at the last epoch and when training stops early. Trainer::resume_from
// reads one back.
//
//   Trainer trainer(net, config);
//   CheckpointWriter checkpoints(trainer, "out/checkpoint.nrm", 1, preprocessing);
//   trainer.resume_from("out/checkpoint.nrm");   // optional
//   trainer.fit(train, &validation);
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>

#include "neurite/data/transforms.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite {

class CheckpointWriter : public TrainCallback {
public:
    // Registers itself with the trainer. every ≥ 1 (epochs between
    // checkpoints); preprocessing is stored with the model, so a checkpoint
    // is also a model file `neurite predict` can use.
    CheckpointWriter(Trainer& trainer, std::filesystem::path path, std::size_t every = 1,
                     Preprocessing preprocessing = {});

    // Skips a checkpoint that falls due while less than `factor` times the
    // last write's duration has passed since that write (0, the default:
    // never skips), so that checkpoints after very short epochs cost at most
    // about 1/factor of the training time. The last epoch and an early stop
    // are always written.
    void skip_while_recent(double factor) { factor_ = factor; }

    void on_epoch_end(const EpochRecord& record) override;
    // Writes a checkpoint of the trainer's state after `epoch` now.
    void write(std::size_t epoch);
    const std::filesystem::path& path() const { return path_; }

private:
    Trainer& trainer_;
    std::filesystem::path path_;
    std::size_t every_;
    Preprocessing preprocessing_;
    double factor_ = 0.0;
    bool written_ = false;
    std::chrono::steady_clock::time_point last_end_;
    std::chrono::steady_clock::duration last_cost_{};
};

}  // namespace neurite
