#include "neurite/data/batches.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "neurite/core/error.hpp"
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

TEST(ShareOf, SplitsRowsContiguouslyInRankOrder) {
    for (std::size_t rows : {0u, 1u, 2u, 7u, 64u, 65u}) {
        for (std::size_t ranks : {1u, 2u, 3u, 8u}) {
            std::size_t next = 0, least = rows, most = 0;
            for (std::size_t r = 0; r < ranks; ++r) {
                const auto [first, count] = share_of(rows, r, ranks);
                EXPECT_EQ(first, next) << rows << " rows, rank " << r << " of " << ranks;
                next += count;
                least = std::min(least, count);
                most = std::max(most, count);
            }
            EXPECT_EQ(next, rows);
            EXPECT_LE(most - least, 1u);
        }
    }
    EXPECT_THROW(share_of(10, 2, 2), Error);
}

TEST(BatchIterator, ShardedEachProcessTakesItsShareOfEveryWholeBatchFromItsOwnRows) {
    // Three processes holding 10, 7 and 9 rows; batches of 6 (2 rows from
    // each): the process with 7 rows decides the epoch's 3 batches.
    const std::vector<std::size_t> held{10, 7, 9};
    for (std::size_t rank = 0; rank < 3; ++rank) {
        SCOPED_TRACE(testing::Message() << "process " << rank);
        const Dataset data = numbered(held[rank]);
        Rng rng(5);
        BatchIterator batches(data, 6, &rng, Shard{.rank = rank, .rows = held});
        EXPECT_EQ(batches.batches(), 3u);
        EXPECT_EQ(batches.batch_size(), 2u);
        batches.start_epoch();
        std::vector<std::size_t> seen;
        for (std::size_t b = 0; b < batches.batches(); ++b) {
            const Batch batch = batches.batch(b);
            EXPECT_EQ(batch.size(), 2u);
            EXPECT_EQ(batch.global_rows, 6u);
            const std::vector<std::size_t> rows = rows_of(batch);
            for (std::size_t i = 0; i < rows.size(); ++i) {
                EXPECT_LT(rows[i], held[rank]);
                EXPECT_EQ(batch.labels[i], static_cast<std::int32_t>(rows[i] % 3));
                seen.push_back(rows[i]);
            }
        }
        std::sort(seen.begin(), seen.end());
        EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end()) << "a row twice in an epoch";
        // One draw of the shared generator per epoch, whatever the shard, so
        // the generator (saved in checkpoints) is in the same state everywhere.
        Rng same(5);
        same.next_u64();
        EXPECT_EQ(rng.next_u64(), same.next_u64());
    }
    // Processes with the same rows but other ranks shuffle them differently.
    const Dataset data = numbered(40);
    Rng rng0(1), rng1(1);
    BatchIterator p0(data, 20, &rng0, Shard{.rank = 0, .rows = {40, 40}});
    BatchIterator p1(data, 20, &rng1, Shard{.rank = 1, .rows = {40, 40}});
    p0.start_epoch();
    p1.start_epoch();
    EXPECT_NE(rows_of(p0.batch(0)), rows_of(p1.batch(0)));
    // A shard smaller than its share of a batch cannot take part.
    EXPECT_THROW(BatchIterator(numbered(1), 6, nullptr, Shard{.rank = 0, .rows = {1, 10}}), Error);
    EXPECT_THROW(BatchIterator(numbered(4), 6, nullptr, Shard{.rank = 0, .rows = {5, 10}}), Error);
}

}  // namespace
}  // namespace neurite
