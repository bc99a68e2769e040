// Data-parallel steps without a transport: threads stand in for processes
// (a Collective over shared memory and a barrier), so the library's part of
// distributed training is tested in every build, MPI or not.
#include "neurite/train/collective.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <thread>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/train/epoch.hpp"
#include "neurite/train/step.hpp"
#include "tiny_net.hpp"

namespace neurite {
namespace {

// Each "process" puts its values in its slot; after a barrier every one adds
// the slots up in rank order (so all get the same sums), then waits for the
// others before the slots are reused.
class ThreadGroup {
public:
    explicit ThreadGroup(std::size_t size) : slots_(size), sync_(static_cast<std::ptrdiff_t>(size)) {}
    std::size_t size() const { return slots_.size(); }

    template <typename T>
    void sum(std::size_t rank, std::span<T> values) {
        slots_[rank].assign(values.begin(), values.end());
        sync_.arrive_and_wait();
        for (std::size_t i = 0; i < values.size(); ++i) {
            double s = 0.0;
            for (const auto& slot : slots_) s += slot[i];
            values[i] = static_cast<T>(s);
        }
        sync_.arrive_and_wait();
    }

private:
    std::vector<std::vector<double>> slots_;
    std::barrier<> sync_;
};

class ThreadCollective : public Collective {
public:
    ThreadCollective(ThreadGroup& group, std::size_t rank) : group_(group), rank_(rank) {}
    std::size_t rank() const override { return rank_; }
    std::size_t size() const override { return group_.size(); }
    void sum(std::span<float> values) override { group_.sum(rank_, values); }
    void sum(std::span<double> values) override { group_.sum(rank_, values); }

private:
    ThreadGroup& group_;
    std::size_t rank_;
};

TEST(BatchShare, WholeBlocksInRankOrder) {
    using Share = std::pair<std::size_t, std::size_t>;
    // 256 rows = 8 blocks of 32: 4 blocks each on 2 processes, 3, 3, 2 on 3.
    EXPECT_EQ(batch_share(256, 0, 2), Share(0, 128));
    EXPECT_EQ(batch_share(256, 1, 2), Share(128, 128));
    EXPECT_EQ(batch_share(256, 2, 3), Share(192, 64));
    // 100 rows = blocks of 32, 32, 32 and 4.
    EXPECT_EQ(batch_share(100, 0, 2), Share(0, 64));
    EXPECT_EQ(batch_share(100, 1, 2), Share(64, 36));
    // Fewer blocks than processes: the last ones get no rows.
    EXPECT_EQ(batch_share(20, 0, 2), Share(0, 20));
    EXPECT_EQ(batch_share(20, 1, 2), Share(20, 0));
    EXPECT_EQ(batch_share(5, 1, 3, 2), Share(2, 2));
    EXPECT_EQ(batch_share(0, 0, 2), Share(0, 0));
    EXPECT_THROW(batch_share(10, 0, 1, 0), Error);
}

// Runs body(rank) for ranks 0 … ranks−1 on threads standing in for processes.
template <typename Body>
void on_threads(std::size_t ranks, Body body) {
    std::vector<std::thread> threads;
    for (std::size_t r = 0; r < ranks; ++r) threads.emplace_back(body, r);
    for (auto& t : threads) t.join();
}

struct Data {
    Matrix x;
    Matrix y;
    std::vector<std::int32_t> labels;
    Data(std::size_t rows, std::uint64_t seed) : x(rows, 3), y(rows, 2, 0.0f), labels(rows) {
        Rng rng(seed);
        for (float& v : x.flat()) v = static_cast<float>(rng.normal(0.0, 1.0));
        for (std::size_t r = 0; r < rows; ++r) {
            labels[r] = x(r, 0) + x(r, 1) > 0.0f ? 1 : 0;
            y(r, static_cast<std::size_t>(labels[r])) = 1.0f;
        }
    }
    Batch batch() const {
        return {x.view(), y.view(), std::span<const std::int32_t>(labels)};
    }
    Dataset dataset() const {
        Dataset set;
        set.features = x;
        set.targets = y;
        set.labels = labels;
        set.classes = 2;
        return set;
    }
};

struct Run {
    std::vector<float> params;
    std::vector<double> losses;
    std::vector<std::size_t> correct;
};

// The network, optimizer (Adam, rate 0.05) and step each run below trains.
struct Learner {
    Sequential net = test::tanh_softmax_net(3, 5, 2, 9);
    Optimizer opt{OptimizerConfig{.kind = OptimizerKind::adam, .learning_rate = 0.05}, net.param_count()};
    TrainStep step{net, opt, Loss::categorical_cross_entropy};
};

// `steps` Adam steps on the same batch, by one process or by `ranks` threads
// (blocks of `block_rows`; distributed also with one rank when `always`).
std::vector<Run> train(const Data& data, std::size_t ranks, std::size_t steps, std::size_t block_rows,
                       bool always = false) {
    std::vector<Run> runs(ranks);
    ThreadGroup group(ranks);
    auto body = [&](std::size_t rank) {
        Learner learner;
        auto& [net, opt, step] = learner;
        ThreadCollective collective(group, rank);
        if (ranks > 1 || always) step.distribute(collective, block_rows);
        for (std::size_t s = 0; s < steps; ++s) {
            const StepResult r = step.run(data.batch(), 0.05);
            runs[rank].losses.push_back(r.loss);
            runs[rank].correct.push_back(r.correct ? *r.correct
                                                   : count_correct(net.activations(net.size() - 1), data.labels));
        }
        runs[rank].params.assign(net.params().begin(), net.params().end());
    };
    on_threads(ranks, body);
    return runs;
}

// Every process holds exactly the same weights, and those of one process
// (to float rounding); the same losses and correct rows at every step.
void expect_same_as_alone(const Run& alone, const std::vector<Run>& shared) {
    for (std::size_t r = 0; r < shared.size(); ++r) {
        SCOPED_TRACE(testing::Message() << "process " << r << " of " << shared.size());
        EXPECT_EQ(shared[r].params, shared[0].params);
        ASSERT_EQ(shared[r].params.size(), alone.params.size());
        for (std::size_t i = 0; i < alone.params.size(); ++i)
            EXPECT_NEAR(shared[r].params[i], alone.params[i], 1e-5 * std::max(1.0f, std::fabs(alone.params[i])));
        for (std::size_t s = 0; s < alone.losses.size(); ++s) {
            EXPECT_NEAR(shared[r].losses[s], alone.losses[s], 1e-5);
            EXPECT_EQ(shared[r].correct[s], alone.correct[s]);
        }
    }
}

void expect_same_training(std::size_t rows, std::size_t ranks, std::size_t block_rows) {
    const Data data(rows, 4);
    SCOPED_TRACE(testing::Message() << rows << " rows, blocks of " << block_rows);
    expect_same_as_alone(train(data, 1, 20, block_rows)[0], train(data, ranks, 20, block_rows));
}

TEST(DistributedStep, SharesOfTheBatchMakeTheSameUpdatesAsOneProcess) {
    expect_same_training(8, 2, 4);  // equal shares
    expect_same_training(7, 3, 1);  // 3, 2, 2 rows
    expect_same_training(7, 3, 2);  // blocks of 2, 2, 2, 1: 4, 2, 1 rows
    expect_same_training(2, 3, 1);  // process 2 has no rows
    expect_same_training(8, 2, 32);  // one block: process 1 has no rows
}

// With the same blocks, the process count does not change a bit of the
// weights: the blocks' gradients are summed in double, exactly here.
TEST(DistributedStep, TheProcessCountChangesNoWeight) {
    const Data data(48, 5);
    const auto one = train(data, 1, 30, 8, true)[0];
    for (const std::size_t ranks : {2u, 3u, 6u}) {
        const auto runs = train(data, ranks, 30, 8);
        for (std::size_t r = 0; r < ranks; ++r) {
            EXPECT_EQ(runs[r].params, one.params) << "process " << r << " of " << ranks;
            // The losses are sums of doubles in another order.
            ASSERT_EQ(runs[r].losses.size(), one.losses.size());
            for (std::size_t s = 0; s < one.losses.size(); ++s) EXPECT_NEAR(runs[r].losses[s], one.losses[s], 1e-12);
        }
    }
}

TEST(DistributedStep, EvaluationOverSharesIsTheWholeSetsResult) {
    const Data data(11, 6);
    const Dataset set = data.dataset();
    Sequential net = test::tanh_softmax_net(3, 5, 2, 9);
    const Evaluation whole = evaluate(net, set, Loss::categorical_cross_entropy, 4);
    ThreadGroup group(3);
    std::vector<Evaluation> parts(3);
    on_threads(3, [&](std::size_t r) {
        Sequential copy = test::tanh_softmax_net(3, 5, 2, 9);
        ThreadCollective collective(group, r);
        parts[r] = evaluate(copy, set, Loss::categorical_cross_entropy, 4, &collective);
    });
    for (const Evaluation& e : parts) {
        EXPECT_NEAR(e.loss, whole.loss, 1e-6);
        EXPECT_DOUBLE_EQ(e.accuracy, whole.accuracy);
    }
}

// The rows [first, first + count) of a batch, as a process that holds only
// them (sharded data) passes them to its step.
Batch rows_of(const Data& data, std::size_t first, std::size_t count, std::size_t global_rows) {
    return {data.x.view().rows(first, count), data.y.view().rows(first, count),
            std::span<const std::int32_t>(data.labels).subspan(first, count), global_rows};
}

// `steps` Adam steps by processes that each pass only their own rows of the
// batch: process r holds rows [cuts[r], cuts[r + 1]).
std::vector<Run> train_sharded(const Data& data, const std::vector<std::size_t>& cuts, std::size_t steps,
                               bool tell_global_rows, std::vector<float> class_weights = {}) {
    const std::size_t ranks = cuts.size() - 1;
    std::vector<Run> runs(ranks);
    ThreadGroup group(ranks);
    auto body = [&](std::size_t rank) {
        Learner learner;
        auto& [net, opt, step] = learner;
        if (!class_weights.empty()) step.set_class_weights(class_weights, 2);
        ThreadCollective collective(group, rank);
        step.distribute(collective, DataLayout::sharded);
        const Batch mine = rows_of(data, cuts[rank], cuts[rank + 1] - cuts[rank], tell_global_rows ? data.x.rows() : 0);
        for (std::size_t s = 0; s < steps; ++s) {
            const StepResult r = step.run(mine, 0.05);
            EXPECT_EQ(r.rows, data.x.rows());
            runs[rank].losses.push_back(r.loss);
            runs[rank].correct.push_back(r.correct.value_or(0));
        }
        runs[rank].params.assign(net.params().begin(), net.params().end());
    };
    on_threads(ranks, body);
    return runs;
}

Run train_alone(const Data& data, std::size_t steps, std::vector<float> class_weights = {}) {
    Run run;
    Learner learner;
    auto& [net, opt, step] = learner;
    if (!class_weights.empty()) step.set_class_weights(class_weights, 2);
    for (std::size_t s = 0; s < steps; ++s) {
        const StepResult r = step.run(data.batch(), 0.05);
        run.losses.push_back(r.loss);
        run.correct.push_back(count_correct(net.activations(net.size() - 1), data.labels));
    }
    run.params.assign(net.params().begin(), net.params().end());
    return run;
}

TEST(DistributedStep, ProcessesWithTheirOwnRowsMakeTheUpdatesOfTheConcatenatedBatch) {
    const Data data(8, 4);
    const auto alone = train_alone(data, 20);
    // Unequal parts (3 and 5 rows), the whole batch's size given by the batch…
    expect_same_as_alone(alone, train_sharded(data, {0, 3, 8}, 20, true));
    // …or summed by the step; three processes, one of them without rows.
    expect_same_as_alone(alone, train_sharded(data, {0, 2, 2, 8}, 20, false));
    // Class weights weigh by the whole batch's weights, not each part's.
    const std::vector<float> weights{1.0f, 3.0f};
    expect_same_as_alone(train_alone(data, 20, weights), train_sharded(data, {0, 3, 8}, 20, true, weights));
}

TEST(DistributedStep, EvaluationOfShardsIsTheWholeSetsResult) {
    const Data data(11, 6);
    const Dataset set = data.dataset();
    Sequential net = test::tanh_softmax_net(3, 5, 2, 9);
    const Evaluation whole = evaluate(net, set, Loss::categorical_cross_entropy, 4);
    const std::vector<std::size_t> cuts{0, 6, 6, 11};  // process 1 holds no rows
    ThreadGroup group(3);
    std::vector<Evaluation> parts(3);
    on_threads(3, [&](std::size_t r) {
        Sequential copy = test::tanh_softmax_net(3, 5, 2, 9);
        std::vector<std::size_t> rows(cuts[r + 1] - cuts[r]);
        std::iota(rows.begin(), rows.end(), cuts[r]);
        const Dataset mine = subset(set, rows);
        ThreadCollective collective(group, r);
        parts[r] = evaluate(copy, mine, Loss::categorical_cross_entropy, 4, &collective, DataLayout::sharded);
    });
    for (const Evaluation& e : parts) {
        EXPECT_NEAR(e.loss, whole.loss, 1e-6);
        EXPECT_DOUBLE_EQ(e.accuracy, whole.accuracy);
        EXPECT_EQ(e.rows, 11u);
        EXPECT_EQ(e.correct, whole.correct);
    }
}

TEST(DistributedStep, TheAllReduceRunsBeforeOtherStages) {
    // A clip added before distribute() must see the summed gradient: with two
    // processes holding identical halves, clipping after the sum equals
    // clipping one process's whole-batch gradient.
    Data data(4, 8);
    for (std::size_t r = 2; r < 4; ++r) {
        for (std::size_t c = 0; c < 3; ++c) data.x(r, c) = data.x(r - 2, c);
        for (std::size_t c = 0; c < 2; ++c) data.y(r, c) = data.y(r - 2, c);
        data.labels[r] = data.labels[r - 2];
    }
    ThreadGroup group(2);
    std::vector<double> norms(2);
    on_threads(2, [&](std::size_t r) {
        Sequential net = test::tanh_softmax_net(3, 5, 2, 9);
        Optimizer opt({.kind = OptimizerKind::sgd, .learning_rate = 0.1}, net.param_count());
        TrainStep step(net, opt, Loss::categorical_cross_entropy);
        ClipGradNorm clip(1e-3);
        step.add_stage(clip);
        ThreadCollective collective(group, r);
        step.distribute(collective, 2);  // blocks of 2 rows: one each
        step.run(data.batch(), 0.1);
        norms[r] = clip.norm();
    });
    Sequential net = test::tanh_softmax_net(3, 5, 2, 9);
    net.compute_gradients(data.x.view(), data.y.view(), Loss::categorical_cross_entropy);
    double whole = 0.0;
    for (const float g : net.grads()) whole += static_cast<double>(g) * g;
    EXPECT_NEAR(norms[0], std::sqrt(whole), 1e-6);
    EXPECT_EQ(norms[0], norms[1]);
}

}  // namespace
}  // namespace neurite
