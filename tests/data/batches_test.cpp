#include "neurite/data/batches.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "test_util.hpp"

namespace neurite {
namespace {

// Row i has feature i and class i % 3, so a batch's rows are readable.
Dataset numbered(std::size_t n) {
    Dataset d;
    d.features.resize(n, 1);
    d.classes = 3;
    d.labels.resize(n);
    d.targets.resize(n, 3);
    d.targets.fill(0.0f);
    for (std::size_t i = 0; i < n; ++i) {
        d.features(i, 0) = static_cast<float>(i);
        d.labels[i] = static_cast<std::int32_t>(i % 3);
        d.targets(i, i % 3) = 1.0f;
    }
    return d;
}

std::vector<std::size_t> rows_of(const Batch& b) {
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < b.size(); ++r) rows.push_back(static_cast<std::size_t>(b.x(r, 0)));
    return rows;
}

TEST(BatchIterator, EpochIsThePermutationShuffledIndicesGives) {
    const Dataset d = numbered(10);
    Rng a(7), b(7);
    BatchIterator it(d, 4, &a);
    for (int epoch = 0; epoch < 3; ++epoch) {
        const std::vector<std::size_t> expected = shuffled_indices(10, b);
        it.start_epoch();
        ASSERT_EQ(it.batches(), 3u);
        std::vector<std::size_t> seen;
        for (std::size_t k = 0; k < it.batches(); ++k) {
            const Batch batch = it.batch(k);
            EXPECT_EQ(batch.size(), k < 2 ? 4u : 2u);  // the last batch holds the rest
            for (std::size_t r = 0; r < batch.size(); ++r) {
                const auto row = static_cast<std::size_t>(batch.x(r, 0));
                EXPECT_EQ(batch.labels[r], static_cast<std::int32_t>(row % 3));
                EXPECT_EQ(batch.target(r, row % 3), 1.0f);
                seen.push_back(row);
            }
        }
        EXPECT_EQ(seen, expected) << "epoch " << epoch;
    }
}

TEST(BatchIterator, WithoutAGeneratorRowsStayInOrder) {
    const Dataset d = numbered(5);
    BatchIterator it(d, 2, nullptr);
    it.start_epoch();
    EXPECT_EQ(rows_of(it.batch(0)), (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(rows_of(it.batch(2)), (std::vector<std::size_t>{4}));
}

TEST(BatchIterator, StreamCrossesEpochsWithFreshPermutations) {
    const Dataset d = numbered(5);
    Rng a(3), b(3);
    BatchIterator it(d, 3, &a);
    std::vector<std::size_t> expected = shuffled_indices(5, b);
    const std::vector<std::size_t> second = shuffled_indices(5, b);
    expected.insert(expected.end(), second.begin(), second.end());
    std::vector<std::size_t> seen;
    for (int k = 0; k < 3; ++k) {
        const std::vector<std::size_t> rows = rows_of(it.next());
        EXPECT_EQ(rows.size(), 3u);  // a stream's batches are always full
        seen.insert(seen.end(), rows.begin(), rows.end());
    }
    EXPECT_EQ(std::vector<std::size_t>(seen.begin(), seen.begin() + 9),
              std::vector<std::size_t>(expected.begin(), expected.begin() + 9));
}

TEST(BatchIterator, BatchSizeIsCappedAndBadInputIsRefused) {
    const Dataset d = numbered(3);
    BatchIterator it(d, 100, nullptr);
    EXPECT_EQ(it.batch_size(), 3u);
    EXPECT_EQ(it.batches(), 1u);
    EXPECT_NE(test::error_of([&] { it.batch(1); }).find("batch 1 of an epoch of 1"), std::string::npos);
    EXPECT_NE(test::error_of([&] { BatchIterator(d, 0, nullptr); }).find("at least 1"), std::string::npos);
    const Dataset empty;
    EXPECT_NE(test::error_of([&] { BatchIterator(empty, 4, nullptr); }).find("empty"), std::string::npos);
}

}  // namespace
}  // namespace neurite
