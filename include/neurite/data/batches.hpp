// Mini-batches of a data set: the library's one shuffle and one row gather.
//
//   Rng rng(seed);
//   BatchIterator batches(train, 64, &rng);   // nullptr: rows in order
//   batches.start_epoch();                    // a new permutation
//   for (std::size_t b = 0; b < batches.batches(); ++b) {
//       const Batch batch = batches.batch(b);  // views into reused buffers
//       …
//   }
//
// Every training loop in neurite (Trainer, the playground's engine, the
// demonstrations, the benchmark) takes its batches from here, so the same
// seed gives the same batches everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "neurite/core/rng.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

// The rows [first, first + count) of `rows` that process `rank` of `ranks`
// takes in data-parallel training (train/collective.hpp): contiguous, in rank
// order, sizes differing by at most one (the first rows % ranks processes
// take one more). A process may get none.
std::pair<std::size_t, std::size_t> share_of(std::size_t rows, std::size_t rank, std::size_t ranks);

// Fisher–Yates over `order` with rng, from the last element down: the
// permutation shuffled_indices returns for the same rng state.
void shuffle_in_place(std::span<std::size_t> order, Rng& rng);

// The rows of one mini-batch: views into the iterator's buffers (or, for
// rows in order, into the data set itself), valid until its next batch() or
// next() call. labels is empty for regression.
struct Batch {
    MatrixView<const float> x;
    MatrixView<const float> target;
    std::span<const std::int32_t> labels;
    // Sharded data-parallel training: the rows of the whole batch, over all
    // processes, of which these rows are this process's share. 0: this is the
    // whole batch.
    std::size_t global_rows = 0;
    std::size_t size() const { return x.rows(); }
};

// How a data set is split across the processes of a data-parallel run that
// shards its data: this process's number, and how many rows each process
// holds, in process order.
struct Shard {
    std::size_t rank = 0;
    std::vector<std::size_t> rows;
};

class BatchIterator {
public:
    // batch_size is capped at the number of rows (the last batch of an epoch
    // may be smaller). shuffle: the generator each epoch's permutation comes
    // from (kept by reference, so its state can be saved and restored with
    // the caller's); nullptr keeps the rows in order.
    BatchIterator(const Dataset& data, std::size_t batch_size, Rng* shuffle);
    // This process's part of every batch when the data is sharded: `data` is
    // this process's rows (shard.rows[shard.rank] of them), batch_size the
    // size of the whole batches (capped at all processes' rows). Process r
    // takes share_of(batch_size, r, processes) rows of each batch from its own
    // rows, and an epoch has as many batches as the process with the fewest
    // batches' worth of rows holds, so every process makes the same number of
    // steps; every batch is whole, and the rows a shard has beyond them sit
    // that epoch out (others each epoch). Each epoch's permutation of the
    // shard comes from a generator seeded by one draw from `shuffle` and the
    // rank: the same draw on every process, so the shared generator stays in
    // step everywhere (and its state in checkpoints means the same on all).
    BatchIterator(const Dataset& data, std::size_t batch_size, Rng* shuffle, const Shard& shard);

    // Begins an epoch: a fresh permutation of all rows (0, 1, …, n−1 when not shuffling).
    void start_epoch();
    std::size_t batches() const { return sharded_ ? shard_batches_ : (rows_ + batch_size_ - 1) / batch_size_; }
    // This process's rows of each batch (sharded: its share of the whole batch).
    std::size_t batch_size() const { return batch_size_; }
    std::size_t rows() const { return rows_; }
    const Dataset& data() const { return data_; }

    // Batch b (0-based) of the current epoch.
    Batch batch(std::size_t b);
    // A stream that ignores epoch boundaries (not for sharded data): the next batch_size rows, a
    // new epoch started whenever the rows run out (a batch may span two
    // epochs). For loops that count steps rather than epochs.
    Batch next();

private:
    void allocate();
    Batch gather(std::size_t count);

    const Dataset& data_;
    std::size_t rows_;
    std::size_t batch_size_;
    Rng* shuffle_;
    bool sharded_ = false;
    std::size_t rank_ = 0;
    std::size_t global_batch_ = 0;   // sharded: rows of the whole batch
    std::size_t shard_batches_ = 0;  // sharded: batches per epoch
    std::vector<std::size_t> order_;
    std::size_t cursor_ = 0;  // next() position in order_
    bool started_ = false;
    std::vector<std::size_t> picked_;  // rows of the batch being gathered
    Matrix x_, target_;
    std::vector<std::int32_t> labels_;
};

}  // namespace neurite
