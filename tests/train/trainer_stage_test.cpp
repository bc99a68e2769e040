// Gradient stages added to a Trainer: run at every step, before clipping.
#include <gtest/gtest.h>

#include <cmath>

#include "neurite/train/trainer.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

// Multiplies the gradient by a factor and counts its calls; records the
// largest gradient norm it saw.
struct Scale : GradientStage {
    explicit Scale(float f) : factor(f) {}
    bool apply(Sequential& net) override {
        ++calls;
        double n2 = 0.0;
        for (float& g : net.grads()) {
            g *= factor;
            n2 += static_cast<double>(g) * g;
        }
        largest = std::max(largest, std::sqrt(n2));
        return true;
    }
    float factor;
    std::size_t calls = 0;
    double largest = 0.0;
};

Dataset two_blobs() {
    Rng rng(3);
    Matrix x(40, 2);
    std::vector<std::int32_t> labels(40);
    for (std::size_t i = 0; i < 40; ++i) {
        labels[i] = static_cast<std::int32_t>(i % 2);
        for (std::size_t j = 0; j < 2; ++j) x(i, j) = static_cast<float>(rng.normal(labels[i] ? 1.0 : -1.0, 0.5));
    }
    return make_classification(std::move(x), std::move(labels), 2);
}

TEST(TrainerStages, RunAtEveryStepBeforeClipping) {
    const Dataset data = two_blobs();
    Sequential net(2);
    net.dense(4, Activation::tanh).dense(2).softmax();
    net.build();
    Rng rng(1);
    net.init(rng);
    TrainConfig cfg;
    cfg.epochs = 3;
    cfg.batch_size = 8;
    cfg.optimizer = {.kind = OptimizerKind::sgd, .learning_rate = 0.1};
    cfg.clip_norm = 0.5;
    Trainer trainer(net, cfg);
    Scale blow_up(1e6f);  // clipping after it keeps every step at norm 0.5
    trainer.add_stage(blow_up);
    const History h = trainer.fit(data);
    EXPECT_EQ(blow_up.calls, 3u * 5u);
    EXPECT_GT(blow_up.largest, 1e3);
    for (const auto& e : h.epochs) EXPECT_TRUE(std::isfinite(e.loss));
    for (const float p : net.params()) EXPECT_TRUE(std::isfinite(p));
    Scale late(1.0f);
    EXPECT_NE(test::error_of([&] { trainer.add_stage(late); }).find("before fit()"), std::string::npos);
}

}  // namespace
}  // namespace neurite
