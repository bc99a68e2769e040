// The processes of a data-parallel run, as the training step sees them:
// which one this is, how many there are, and an element-wise sum over all of
// them. The library never talks to a transport itself: the neurite command
// implements Collective on MPI (apps/neurite/mpi_collective.cpp), a test or
// another program can implement it on anything that sums.
//
//   TrainStep step(net, optimizer, loss);
//   step.distribute(collective);   // each process trains on its share of every batch
//
// Every process holds the whole network and optimizer state and sees the
// same batches (the same data, shuffled with the same seed); process r takes
// rows share_of(batch rows, r, size) of each batch, and the all-reduce stage
// makes the gradient that of the whole batch on every process, so every
// process applies the same update.
#pragma once

#include <cstddef>
#include <span>
#include <utility>

#include "neurite/train/step.hpp"

namespace neurite {

class Collective {
public:
    virtual ~Collective() = default;
    virtual std::size_t rank() const = 0;  // 0 … size()−1
    virtual std::size_t size() const = 0;
    // Replaces `values` on every process by their element-wise sum over all
    // processes. Every process calls it with the same length, in the same order.
    virtual void sum(std::span<float> values) = 0;
    virtual void sum(std::span<double> values) = 0;
};

// The rows [first, first + count) of `rows` that process `rank` of `ranks`
// takes: contiguous, in rank order, sizes differing by at most one (the first
// rows % ranks processes take one more). A process may get none.
std::pair<std::size_t, std::size_t> share_of(std::size_t rows, std::size_t rank, std::size_t ranks);

// The gradient stage that sums the gradient over all processes. Each
// process's gradient must already be weighted by its share of the batch's
// rows (TrainStep does that when distributed), so the sum is the gradient of
// the whole batch's mean loss.
class AllReduceGradients : public GradientStage {
public:
    explicit AllReduceGradients(Collective& collective) : collective_(collective) {}
    bool apply(Sequential& net) override;

private:
    Collective& collective_;
};

}  // namespace neurite
