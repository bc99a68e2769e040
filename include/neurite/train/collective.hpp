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
// same batches (the same data, shuffled with the same seed). A batch is cut
// into blocks of block_rows rows (32 unless distribute() is told otherwise);
// process r takes the blocks share_of(blocks, r, size) (batch_share). Each
// block's gradient is computed on its own and added, times the block's rows,
// into a double-precision sum; the all-reduce stage sums these over the
// processes and divides by the batch's rows. Float terms summed in double
// come out the same in any order (unless one term is over 2^20 times the
// size of another), so the gradient does not depend on how many processes
// share the blocks: -np 1 and -np N make the same updates, also with Adam,
// which magnifies the last-bit differences of float32 sums taken in another
// order (docs/distributed.md).
// With sharded data (DataLayout::sharded) each process holds only its
// part of the data and passes its own rows of each batch; the step then
// takes them as they are, in blocks too.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

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

// share_of(rows, rank, ranks), the rows a process takes, is in data/batches.hpp.

// Where the rows of a data-parallel run are.
enum class DataLayout {
    // Every process holds all the data and sees the same batches; each takes
    // its share (batch_share) of every batch and (share_of) of the evaluation sets.
    replicated,
    // Each process holds only its part of the data (its shard): a batch it
    // passes to the step is its own rows of the whole batch, and it scores all
    // of its own rows of the evaluation sets.
    sharded,
};

// The rows [first, first + count) of a batch of `rows` that process `rank`
// of `ranks` trains on: whole blocks of `block_rows` (the last block of the
// batch may be shorter), shared out by share_of. A process gets no rows when
// the batch has fewer blocks than there are processes.
std::pair<std::size_t, std::size_t> batch_share(std::size_t rows, std::size_t rank, std::size_t ranks,
                                                std::size_t block_rows = kBlockRows);

// The gradient stage that sums the gradient over all processes. The step
// adds each block's gradient into this process's sum (add), sets the batch's
// rows (start), and the stage makes net.grads() the gradient of the whole
// batch's mean loss: Σ over processes and blocks of rows·gradient / rows.
class AllReduceGradients : public GradientStage {
public:
    explicit AllReduceGradients(Collective& collective) : collective_(collective) {}
    // A new batch of `rows` rows (all processes together); the sum is zeroed.
    void start(std::size_t gradient_size, std::size_t rows);
    // Adds `gradient` (the mean-loss gradient of `rows` rows) to the sum.
    void add(std::span<const float> gradient, std::size_t rows);
    bool apply(Sequential& net) override;

    // The sums over the processes so far: how many, and the seconds spent
    // in them (waiting for the slowest process included). Each moves
    // gradient_size doubles.
    std::size_t sums() const { return sums_; }
    double seconds() const { return seconds_; }

private:
    Collective& collective_;
    std::vector<double> sum_;
    std::size_t rows_ = 0;
    std::size_t sums_ = 0;
    double seconds_ = 0.0;
};

}  // namespace neurite
