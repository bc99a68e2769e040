// neurite demo init-mnist: the initial weight scale decides whether a deep
// ReLU network learns at all.
//
// The textbook's experiment (chapter "techniques for learning", weight
// initialization): the same 784-100×5-10 ReLU network, trained by SGD
// (rate 0.01, batches of 128, 2000 steps) on the first 10,000 MNIST digits, once with weights drawn from
// N(0, 0.01²), once with Xavier's std 1/√fan_in and once with He's
// √(2/fan_in); biases 0. With std 0.01 the signal shrinks by about 10× per
// layer, the outputs are almost the same for every digit and the gradients
// that reach the first layers vanish: the loss stays at ln 10 ≈ 2.30. Xavier
// learns; He, made for ReLU, learns fastest.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "deep_mnist.hpp"

namespace neurite::cli {

int demo_init_mnist(const DemoContext& ctx) {
    const std::size_t steps = ctx.epochs.value_or(2000);
    const double lr = ctx.learning_rate.value_or(0.01);
    const MnistSlice data = load_mnist_slice(ctx, 10000);
    std::printf("model: 784-100x5-10, ReLU hidden layers, softmax outputs, cross-entropy; biases 0\n");
    std::printf("training: plain SGD, learning rate %g, batches of %zu, %zu steps (--epochs sets the steps), "
                "the same batches and seed %llu for every initialization\n\n",
                lr, kDeepBatch, steps, static_cast<unsigned long long>(ctx.seed));

    struct Config {
        const char* name;
        Initializer init;
        const char* color;
    };
    const std::vector<Config> configs = {
        {"std 0.01", Initializer::normal(0, 0.01), "#d62728"},
        {"Xavier", Initializer::of(InitKind::xavier_normal), "#1f77b4"},
        {"He", Initializer::of(InitKind::he_normal), "#2ca02c"},
    };
    Axes axes{.title = "Deep ReLU network on MNIST: loss by initial weights", .x_label = "SGD steps (batches of 128)",
              .y_label = "cross-entropy (mean of every 20 batches)", .log_y = false, .series = {}};
    axes.y_min = 0;
    std::vector<LossCurve> curves;
    std::printf("  %-9s %11s %11s %14s\n", "init", "first loss", "final loss", "test accuracy");
    for (const Config& c : configs) {
        Sequential net = deep_mnist_net(Activation::relu, c.init, ctx.seed);
        Optimizer sgd({.kind = OptimizerKind::sgd, .learning_rate = lr}, net.param_count());
        LossCurve curve = train_loss_curve(net, sgd, data, steps, ctx.seed + 1);
        std::printf("  %-9s %11.4f %11.4f %13.2f%%\n", c.name, curve.batch_loss.front(), curve.final_loss,
                    100 * curve.test_accuracy);
        axes.series.push_back(smoothed_series(c.name, curve.batch_loss, 20, c.color));
        curves.push_back(std::move(curve));
    }
    std::printf("\n");
    for (std::size_t i = 0; i < configs.size(); ++i)
        std::printf("final loss, %s: %.4f\n", configs[i].name, curves[i].final_loss);
    std::printf("final loss: the cross-entropy on all %zu training digits of the slice after the last step\n",
                data.train.size());
    std::printf("(ln 10 = %.4f: the loss of a network that gives every digit probability 0.1)\n", std::log(10.0));
    ctx.write_figure("init_mnist.svg", line_chart_svg({axes}, 640, 400));

    const bool he_faster = curves[2].final_loss < 0.5 * curves[0].final_loss;
    const bool stuck = curves[0].final_loss > 2.0;
    std::printf("%s  He learns: its final loss is below half of std 0.01's\n", he_faster ? "yes" : "NO ");
    std::printf("%s  std 0.01 barely learns: its loss stays near ln 10\n", stuck ? "yes" : "NO ");
    return he_faster ? 0 : 1;
}

}  // namespace neurite::cli
