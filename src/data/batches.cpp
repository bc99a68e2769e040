#include "neurite/data/batches.hpp"

#include <algorithm>
#include <numeric>

#include "neurite/core/error.hpp"

namespace neurite {

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
    order_.resize(rows_);
    picked_.reserve(batch_size_);
    x_.resize(batch_size_, data.features.cols());
    target_.resize(batch_size_, data.targets.cols());
    labels_.resize(data.is_classification() ? batch_size_ : 0);
}

void BatchIterator::start_epoch() {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    if (shuffle_ != nullptr) shuffle_in_place(order_, *shuffle_);
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
                                               : std::span<const std::int32_t>(data_.labels.data() + first, count)};
    }
    picked_.assign(order_.begin() + static_cast<std::ptrdiff_t>(first),
                   order_.begin() + static_cast<std::ptrdiff_t>(first + count));
    return gather(count);
}

Batch BatchIterator::next() {
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
