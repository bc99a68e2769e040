#include "deep_mnist.hpp"

#include <algorithm>
#include <cstdio>

#include "neurite/core/rng.hpp"
#include "neurite/data/batches.hpp"
#include "neurite/train/epoch.hpp"
#include "neurite/train/step.hpp"

namespace neurite::cli {

MnistSlice load_mnist_slice(const DemoContext& ctx, std::size_t train_rows) {
    const auto dir = ctx.data_root / "mnist";
    Dataset train = load_mnist(dir, "train");
    MnistSlice s;
    s.test = load_mnist(dir, "test");
    train_rows = std::min(train_rows, train.size());
    std::vector<std::size_t> rows(train_rows);
    for (std::size_t i = 0; i < train_rows; ++i) rows[i] = i;
    s.train = subset(train, rows);
    for (Dataset* d : {&s.train, &s.test})
        for (float& v : d->features.flat()) v /= 255.0f;
    std::printf("data: the first %zu MNIST training digits from %s, pixels scaled to [0, 1]; test: %zu digits\n",
                s.train.size(), dir.string().c_str(), s.test.size());
    return s;
}

Sequential deep_mnist_net(Activation activation, const Initializer& init, std::uint64_t seed) {
    Sequential net(784);
    for (std::size_t l = 0; l < kDeepHidden; ++l)
        net.dense({.units = kDeepUnits, .activation = activation, .weight_init = init});
    net.dense({.units = 10, .activation = Activation::identity, .weight_init = init});
    net.softmax();
    net.build();
    Rng rng(seed);
    net.init(rng);
    return net;
}

LossCurve train_loss_curve(Sequential& net, Optimizer& opt, const MnistSlice& data, std::size_t steps,
                           std::uint64_t batch_seed) {
    Rng rng(batch_seed);
    BatchIterator batches(data.train, kDeepBatch, &rng);  // next(): a step-counted stream across epochs
    TrainStep step(net, opt, Loss::categorical_cross_entropy);
    const double lr = opt.config().learning_rate;
    LossCurve curve;
    for (std::size_t s = 0; s < steps; ++s) curve.batch_loss.push_back(step.run(batches.next(), lr).loss);
    curve.final_loss = evaluate(net, data.train, Loss::categorical_cross_entropy).loss;
    curve.test_accuracy = evaluate(net, data.test, Loss::categorical_cross_entropy).accuracy;
    return curve;
}

Series smoothed_series(const std::string& name, const std::vector<double>& batch_loss, std::size_t window,
                       const std::string& color) {
    Series s{.name = name, .x = {}, .y = {}, .color = color};
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < batch_loss.size(); ++i) {
        sum += batch_loss[i];
        ++count;
        if (count == window || i + 1 == batch_loss.size()) {
            s.x.push_back(static_cast<double>(i + 1));
            s.y.push_back(sum / static_cast<double>(count));
            sum = 0;
            count = 0;
        }
    }
    return s;
}

}  // namespace neurite::cli
