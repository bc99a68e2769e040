// neurite demo NAME: runnable demonstrations of the classic ideas.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "neurite/core/error.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/optim/optimizer.hpp"

namespace neurite::cli {
namespace {

struct DemoArgs {
    std::string name;
    bool list = false;
    std::uint64_t seed = 1;
    std::size_t epochs = 3000;
    double learning_rate = 0.5;
};

// XOR learned by back-propagation: a 2-2-1 sigmoid network, MSE loss,
// per-sample SGD.
void demo_xor(const DemoArgs& args) {
    const Matrix x(4, 2, {0, 0, 0, 1, 1, 0, 1, 1});
    const Matrix y(4, 1, {0, 1, 1, 0});
    Sequential net(2);
    net.dense(2, Activation::sigmoid).dense(1, Activation::sigmoid);
    net.build();
    Rng rng(args.seed);
    net.init(rng);
    OptimizerConfig config;
    config.kind = OptimizerKind::sgd;
    config.learning_rate = args.learning_rate;
    Optimizer opt(config, net.param_count());

    std::printf("XOR with a 2-2-1 sigmoid network: MSE loss, per-sample SGD, learning rate %g, seed %llu\n",
                args.learning_rate, static_cast<unsigned long long>(args.seed));
    Matrix out(4, 1);
    const std::size_t every = std::max<std::size_t>(1, args.epochs / 10);
    for (std::size_t epoch = 1; epoch <= args.epochs; ++epoch) {
        for (std::size_t i = 0; i < 4; ++i) {
            net.compute_gradients(x.view().rows(i, 1), y.view().rows(i, 1), Loss::mse);
            opt.step(net.params(), net.grads());
        }
        if (epoch % every == 0 || epoch == 1) {
            net.predict(x, out);
            std::printf("  epoch %5zu  loss %.6f\n", epoch, loss_value<float>(Loss::mse, out, y));
        }
    }
    net.predict(x, out);
    std::printf("\n  x1 x2  target  output\n");
    bool all_right = true;
    for (std::size_t i = 0; i < 4; ++i) {
        const bool right = (out(i, 0) >= 0.5f) == (y(i, 0) >= 0.5f);
        all_right = all_right && right;
        std::printf("   %g  %g     %g    %.4f  %s\n", x(i, 0), x(i, 1), y(i, 0), out(i, 0), right ? "ok" : "WRONG");
    }
    std::printf("\n%s\n", all_right ? "all four outputs are on the right side of 0.5"
                                    : "the network has not learned XOR (try more epochs or another seed)");
    if (!all_right) exit_code() = 1;
}

struct Demo {
    const char* name;
    const char* about;
    std::function<void(const DemoArgs&)> run;
};

const std::vector<Demo>& demos() {
    static const std::vector<Demo> all = {
        {"xor", "XOR learned by back-propagation in a 2-2-1 sigmoid network", demo_xor},
    };
    return all;
}

void run_demo(const DemoArgs& args) {
    if (args.list || args.name.empty()) {
        for (const auto& d : demos()) std::printf("  %-12s %s\n", d.name, d.about);
        return;
    }
    for (const auto& d : demos())
        if (args.name == d.name) return d.run(args);
    std::string names;
    for (const auto& d : demos()) names += (names.empty() ? "" : ", ") + std::string(d.name);
    fail("unknown demo \"", args.name, "\" (available: ", names, "; see neurite demo --list)");
}

}  // namespace

void add_demo(CLI::App& app) {
    auto args = std::make_shared<DemoArgs>();
    auto* cmd = app.add_subcommand("demo", "Run a demonstration of a classic idea (--list names them)");
    cmd->add_option("name", args->name, "Demo to run");
    cmd->add_flag("--list", args->list, "List the demos");
    cmd->add_option("--seed", args->seed, "Seed for the initial weights");
    cmd->add_option("--epochs", args->epochs, "Training epochs")->check(CLI::Range(1, 10000000));
    cmd->add_option("--lr", args->learning_rate, "Learning rate")->check(CLI::PositiveNumber);
    cmd->callback([args] { run_demo(*args); });
}

}  // namespace neurite::cli
