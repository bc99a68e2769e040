// neurite demo optimizers-mnist: six optimizers on the same deep network and
// the same MNIST batches.
//
// The textbook's comparison (chapter "techniques for learning", parameter
// updates) on a real task rather than a bowl: a 784-100×5-10 ReLU network
// with He-initialized weights, batches of 128 from the first 10,000
// training digits, the same initial weights and batches for every optimizer.
// Rates are the customary ones (SGD, momentum and AdaGrad 0.01 as in the
// text; RMSProp and Adam 0.001; Adadelta takes no rate, its step is 1 × its
// own ratio of running averages).
#include <cstdio>
#include <string>
#include <vector>

#include "deep_mnist.hpp"

namespace neurite::cli {

int demo_optimizers_mnist(const DemoContext& ctx) {
    const std::size_t steps = ctx.epochs.value_or(2000);
    const MnistSlice data = load_mnist_slice(ctx, 10000);
    std::printf("model: 784-100x5-10, ReLU hidden layers, He-initialized (seed %llu), softmax outputs, "
                "cross-entropy\n",
                static_cast<unsigned long long>(ctx.seed));
    std::printf("training: batches of %zu, %zu steps (--epochs sets the steps), the same initial weights and "
                "batches for every optimizer\n",
                kDeepBatch, steps);
    if (ctx.learning_rate) std::printf("(--lr is not used here: each optimizer runs with its own rate)\n");
    std::printf("\n");

    struct Run {
        const char* name;
        OptimizerConfig config;
        const char* settings;
        const char* color;
    };
    const std::vector<Run> runs = {
        {"SGD", {.kind = OptimizerKind::sgd, .learning_rate = 0.01}, "", "#d62728"},
        {"momentum", {.kind = OptimizerKind::momentum, .learning_rate = 0.01, .momentum = 0.9}, "mu 0.9", "#ff7f0e"},
        {"AdaGrad", {.kind = OptimizerKind::adagrad, .learning_rate = 0.01}, "eps 1e-8", "#2ca02c"},
        {"RMSProp", {.kind = OptimizerKind::rmsprop, .learning_rate = 0.001, .rho = 0.9}, "rho 0.9", "#9467bd"},
        {"Adadelta",
         {.kind = OptimizerKind::adadelta, .learning_rate = 1.0, .rho = 0.95, .epsilon = 1e-6},
         "rho 0.95, eps 1e-6",
         "#8c564b"},
        {"Adam", {.kind = OptimizerKind::adam, .learning_rate = 0.001}, "beta1 0.9, beta2 0.999", "#1f77b4"},
    };
    Axes axes{.title = "Optimizers on a deep ReLU network, MNIST", .x_label = "steps (batches of 128)",
              .y_label = "cross-entropy (mean of every 20 batches, log scale)", .log_y = true, .series = {}};
    std::vector<LossCurve> curves;
    std::printf("  %-9s %-6s %-22s %11s %11s %14s\n", "optimizer", "lr", "settings", "first loss", "final loss",
                "test accuracy");
    for (const Run& r : runs) {
        Sequential net = deep_mnist_net(Activation::relu, Initializer::of(InitKind::he_normal), ctx.seed);
        Optimizer opt(r.config, net.param_count());
        LossCurve curve = train_loss_curve(net, opt, data, steps, ctx.seed + 1);
        std::printf("  %-9s %-6g %-22s %11.4f %11.4f %13.2f%%\n", r.name, r.config.learning_rate, r.settings,
                    curve.batch_loss.front(), curve.final_loss, 100 * curve.test_accuracy);
        axes.series.push_back(smoothed_series(r.name, curve.batch_loss, 20, r.color));
        curves.push_back(std::move(curve));
    }
    std::printf("\n");
    for (std::size_t i = 0; i < runs.size(); ++i)
        std::printf("final loss, %s: %.4f\n", runs[i].name, curves[i].final_loss);
    std::printf("final loss: the cross-entropy on all 10,000 training digits of the slice after the last step\n");
    ctx.write_figure("optimizers_mnist.svg", line_chart_svg({axes}, 640, 400));

    const bool adam_beats_sgd = curves[5].final_loss < curves[0].final_loss;
    std::printf("%s  Adam ends below SGD\n", adam_beats_sgd ? "yes" : "NO ");
    return adam_beats_sgd ? 0 : 1;
}

}  // namespace neurite::cli
