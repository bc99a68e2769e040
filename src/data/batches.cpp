#include "neurite/data/batches.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "neurite/core/error.hpp"

namespace neurite {

std::pair<std::size_t, std::size_t> share_of(std::size_t rows, std::size_t rank, std::size_t ranks) {
    if (ranks == 0 || rank >= ranks) fail("share of rows: process ", rank, " of ", ranks, " does not exist");
    const std::size_t base = rows / ranks;
    const std::size_t extra = rows % ranks;
    const std::size_t first = rank * base + std::min(rank, extra);
    return {first, base + (rank < extra ? 1 : 0)};
}

void shuffle_in_place(std::span<std::size_t> order, Rng& rng) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
}

BatchIterator::BatchIterator(const Dataset& data, std::size_t batch_size, Rng* shuffle)
    : data_(data), rows_(data.size()), batch_size_(std::min(batch_size, data.size())), shuffle_(shuffle) {
    if (rows_ == 0) fail("batches: the data set is empty");
    if (batch_size == 0) fail("batches: the batch size must be at least 1");
    if (data.targets.rows() != rows_)
        fail("batches: the data set has ", data.targets.rows(), " targets for ", rows_, " rows");
    if (data.is_classification() && data.labels.size() != rows_)
        fail("batches: the data set has ", data.labels.size(), " labels for ", rows_, " rows");
    allocate();
}

BatchIterator::BatchIterator(const Dataset& data, std::size_t batch_size, Rng* shuffle, const Shard& shard)
    : BatchIterator(data, batch_size, shuffle) {
    const std::size_t processes = shard.rows.size();
    if (shard.rank >= processes) fail("batches: process ", shard.rank, " of ", processes, " does not exist");
    if (shard.rows[shard.rank] != rows_)
        fail("batches: process ", shard.rank, " holds ", rows_, " rows, not the ", shard.rows[shard.rank], " its shard says");
    std::size_t total = 0;
    for (const std::size_t n : shard.rows) total += n;
    sharded_ = true;
    rank_ = shard.rank;
    global_batch_ = std::min(batch_size, total);
    shard_batches_ = SIZE_MAX;
    for (std::size_t p = 0; p < processes; ++p) {
        const std::size_t share = share_of(global_batch_, p, processes).second;
        if (share == 0) continue;
        if (shard.rows[p] < share)
            fail("batches: process ", p, " of ", processes, " holds ", shard.rows[p], " rows, fewer than its share (",
                 share, ") of a batch of ", global_batch_, "; use a smaller batch or fewer processes");
        shard_batches_ = std::min(shard_batches_, shard.rows[p] / share);
    }
    batch_size_ = share_of(global_batch_, rank_, processes).second;
    allocate();
}

void BatchIterator::allocate() {
    order_.resize(rows_);
    picked_.reserve(batch_size_);
    x_.resize(batch_size_, data_.features.cols());
    target_.resize(batch_size_, data_.targets.cols());
    labels_.resize(data_.is_classification() ? batch_size_ : 0);
}

void BatchIterator::start_epoch() {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    if (shuffle_ != nullptr && sharded_) {
        // One draw from the shared generator (the same on every process),
        // made this process's own by its rank.
        Rng mine(shuffle_->next_u64() ^ (0x9e3779b97f4a7c15ULL * (rank_ + 1)));
        shuffle_in_place(order_, mine);
    } else if (shuffle_ != nullptr) {
        shuffle_in_place(order_, *shuffle_);
    }
    cursor_ = 0;
    started_ = true;
}

Batch BatchIterator::batch(std::size_t b) {
    if (!started_) start_epoch();
    if (b >= batches()) fail("batches: batch ", b, " of an epoch of ", batches());
    const std::size_t first = b * batch_size_;
    const std::size_t count = std::min(batch_size_, rows_ - first);
    if (shuffle_ == nullptr) {
        // Rows in order are contiguous already: views into the data, no copy.
        return Batch{.x = data_.features.view().rows(first, count),
                     .target = data_.targets.view().rows(first, count),
                     .labels = labels_.empty() ? std::span<const std::int32_t>()
                                               : std::span<const std::int32_t>(data_.labels.data() + first, count),
                     .global_rows = global_batch_};
    }
    picked_.assign(order_.begin() + static_cast<std::ptrdiff_t>(first),
                   order_.begin() + static_cast<std::ptrdiff_t>(first + count));
    Batch out = gather(count);
    out.global_rows = global_batch_;
    return out;
}

Batch BatchIterator::next() {
    if (sharded_) fail("batches: next() streams one process's batches, not a share of sharded ones");
    if (!started_) start_epoch();
    picked_.clear();
    while (picked_.size() < batch_size_) {
        if (cursor_ == rows_) start_epoch();
        picked_.push_back(order_[cursor_++]);
    }
    return gather(batch_size_);
}

Batch BatchIterator::gather(std::size_t count) {
    const bool classification = !labels_.empty();
    for (std::size_t r = 0; r < count; ++r) {
        const std::size_t src = picked_[r];
        const auto f = data_.features.row(src);
        std::copy(f.begin(), f.end(), x_.row(r).begin());
        const auto t = data_.targets.row(src);
        std::copy(t.begin(), t.end(), target_.row(r).begin());
        if (classification) labels_[r] = data_.labels[src];
    }
    return Batch{.x = std::as_const(x_).view().rows(0, count),
                 .target = std::as_const(target_).view().rows(0, count),
                 .labels = classification ? std::span<const std::int32_t>(labels_.data(), count)
                                          : std::span<const std::int32_t>()};
}

}  // namespace neurite
