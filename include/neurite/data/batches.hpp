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
#include <vector>

#include "neurite/core/rng.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

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
    std::size_t size() const { return x.rows(); }
};

class BatchIterator {
public:
    // batch_size is capped at the number of rows (the last batch of an epoch
    // may be smaller). shuffle: the generator each epoch's permutation comes
    // from (kept by reference, so its state can be saved and restored with
    // the caller's); nullptr keeps the rows in order.
    BatchIterator(const Dataset& data, std::size_t batch_size, Rng* shuffle);

    // Begins an epoch: a fresh permutation of all rows (0, 1, …, n−1 when not shuffling).
    void start_epoch();
    std::size_t batches() const { return (rows_ + batch_size_ - 1) / batch_size_; }
    std::size_t batch_size() const { return batch_size_; }
    std::size_t rows() const { return rows_; }
    const Dataset& data() const { return data_; }

    // Batch b (0-based) of the current epoch.
    Batch batch(std::size_t b);
    // A stream that ignores epoch boundaries: the next batch_size rows, a
    // new epoch started whenever the rows run out (a batch may span two
    // epochs). For loops that count steps rather than epochs.
    Batch next();

private:
    Batch gather(std::size_t count);

    const Dataset& data_;
    std::size_t rows_;
    std::size_t batch_size_;
    Rng* shuffle_;
    std::vector<std::size_t> order_;
    std::size_t cursor_ = 0;  // next() position in order_
    bool started_ = false;
    std::vector<std::size_t> picked_;  // rows of the batch being gathered
    Matrix x_, target_;
    std::vector<std::int32_t> labels_;
};

}  // namespace neurite
