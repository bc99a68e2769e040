// One training step, the only one in neurite:
//
//   forward → loss → backward → gradient stages → optimizer step at rate η
//
// Gradient stages transform the flat gradient between backward and the
// update, in the order they were added: clipping by global norm, an L1/L2
// penalty on the weights, a probe that reads per-layer norms, and the
// all-reduce of data-parallel training (distribute(), train/collective.hpp),
// which always runs first. Class weights act on the loss (they scale the
// targets, PyTorch's weighted mean). The rate comes from the caller (the
// schedule) at every step; the optimizer keeps none of its own.
//
//   TrainStep step(net, optimizer, Loss::categorical_cross_entropy);
//   ClipGradNorm clip(1.0);
//   step.add_stage(clip);
//   StepResult r = step.run(batch, lr);
//
// Plain SGD without weight decay and without stages is fused into the
// backward pass (each layer updates its weights as soon as its input
// gradient is known; no gradient buffer is written): the same update,
// behind the same call. A distributed step always takes the stage path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "neurite/data/batches.hpp"
#include "neurite/nn/loss.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/optim/optimizer.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

class Collective;
class AllReduceGradients;
enum class DataLayout;

// The rows of a block of a distributed step (TrainStep::distribute).
inline constexpr std::size_t kBlockRows = 32;

// A transform of the gradient of one step, after backward and before the
// optimizer: net.grads() holds the batch's gradient of the mean loss.
class GradientStage {
public:
    virtual ~GradientStage() = default;
    // Returns false when the gradient is not finite (the step then skips the
    // update and reports it; see StepResult::gradient_finite).
    virtual bool apply(Sequential& net) = 0;
};

// Scales the gradient so its global L2 norm is at most max_norm
// (torch.nn.utils.clip_grad_norm_). norm() is the last norm seen, before clipping.
class ClipGradNorm : public GradientStage {
public:
    explicit ClipGradNorm(double max_norm);
    bool apply(Sequential& net) override;
    double norm() const { return norm_; }

private:
    double max_norm_;
    double norm_ = 0.0;
};

// Adds the gradient of an L1 (rate·sign(w)) or L2 (rate·w) penalty on the
// weights of every Dense layer; biases are left alone (the playground's and
// TF Playground's regularization). For L2 on every parameter use the
// optimizer's weight_decay instead.
class WeightPenalty : public GradientStage {
public:
    enum class Kind { l1, l2 };
    WeightPenalty(Kind kind, double rate);
    bool apply(Sequential& net) override;

private:
    Kind kind_;
    float rate_;
};

// Max-norm (Srivastava et al. 2014): rescales the incoming weights of every
// unit of every Dense layer (a column of its weight matrix; the bias is not
// part of it) whose L2 norm exceeds max_norm back to max_norm.
void constrain_max_norm(Sequential& net, double max_norm);

struct StepResult {
    double loss = 0.0;             // mean loss of the batch, before the update
    std::size_t rows = 0;          // the rows that loss is a mean over (distributed: over all processes)
    bool gradient_finite = true;   // false: a stage found a non-finite gradient and no update was made
    // Distributed steps only: the loss above is the whole batch's (summed over
    // all processes), and this counts the batch's rows whose predicted class
    // is the label, over all processes (0 without labels).
    std::optional<std::size_t> correct;
};

class TrainStep {
public:
    TrainStep(Sequential& net, Optimizer& optimizer, Loss loss);
    ~TrainStep();
    TrainStep(const TrainStep&) = delete;
    TrainStep& operator=(const TrainStep&) = delete;

    // Stages run in the order added; the step keeps references.
    void add_stage(GradientStage& stage) { stages_.push_back(&stage); }
    // Per-class weights for cross-entropy (PyTorch's CrossEntropyLoss(weight=w):
    // Σ w_yᵢ·lossᵢ / Σ w_yᵢ over the batch). Needs batches with labels.
    // Checked: non-negative, finite, one per class; categorical cross-entropy only.
    void set_class_weights(std::vector<float> weights, std::size_t classes);
    // After every update, constrain_max_norm(net, max_norm); 0 = off.
    void set_max_norm(double max_norm);
    // Data-parallel training across the processes of `collective` (kept by
    // reference): every process runs the same steps on the same batches and
    // takes its share of each batch's rows in whole blocks of `block_rows`
    // (batch_share); the gradients of its blocks are summed in double by an
    // AllReduceGradients stage, ahead of all others, which then sums over
    // the processes, so the update does not depend on the process count.
    // The loss and the count of correct rows are summed too, so every
    // process sees the same numbers and makes the same update (and a
    // divergence stops every process at the same step). Call once, before
    // the first step.
    void distribute(Collective& collective, std::size_t block_rows = kBlockRows);
    // With DataLayout::sharded, each process passes only its own rows of the
    // batch instead, and they are all its share (Batch::global_rows says how
    // many rows the whole batch has; when it is 0, or for run(x, target, lr),
    // the processes sum their rows first).
    void distribute(Collective& collective, DataLayout layout, std::size_t block_rows = kBlockRows);
    Collective* collective() const { return collective_; }
    // The all-reduce stage of a distributed step (its timings), else nullptr.
    const AllReduceGradients* all_reduce() const { return all_reduce_.get(); }

    // One step on a batch at rate lr (≥ 0). A non-finite loss is returned
    // as it is, after the update (as in PyTorch): the caller decides to stop.
    StepResult run(const Batch& batch, double lr);
    StepResult run(MatrixView<const float> x, MatrixView<const float> target, double lr);

    Sequential& net() { return net_; }
    Optimizer& optimizer() { return optimizer_; }
    Loss loss() const { return loss_; }

private:
    StepResult run_rows(MatrixView<const float> x, MatrixView<const float> target,
                        std::span<const std::int32_t> labels, double lr, std::size_t global_rows = 0);
    // Which rows of a distributed step's x are this process's, and how many
    // rows the whole batch has (its loss is a mean over them).
    struct Share {
        std::size_t first = 0, count = 0, batch_rows = 0;
    };
    Share share(std::size_t rows, std::size_t global_rows);
    StepResult run_share(MatrixView<const float> x, MatrixView<const float> target,
                         std::span<const std::int32_t> labels, double lr, std::size_t global_rows);
    StepResult finish(StepResult result, double lr);

    Sequential& net_;
    Optimizer& optimizer_;
    Loss loss_;
    std::vector<GradientStage*> stages_;
    std::vector<float> class_weights_;
    Matrix weighted_;  // the batch's targets scaled by the class weights
    Collective* collective_ = nullptr;
    bool sharded_ = false;  // distributed with DataLayout::sharded
    std::unique_ptr<AllReduceGradients> all_reduce_;
    std::size_t block_rows_ = 0;
    double max_norm_ = 0.0;
};

// One step at rate lr with no stages: TrainStep(net, opt, loss).run(x, target, lr).
double train_step(Sequential& net, Optimizer& opt, MatrixView<const float> x, MatrixView<const float> target,
                  Loss loss, double lr);
// The same at the optimizer's configured rate.
double train_step(Sequential& net, Optimizer& opt, MatrixView<const float> x, MatrixView<const float> target,
                  Loss loss);

}  // namespace neurite
