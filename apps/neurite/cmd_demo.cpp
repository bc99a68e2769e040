// neurite demo NAME: runnable demonstrations of the classic ideas.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "data_source.hpp"
#include "demos/demo.hpp"
#include "neurite/core/error.hpp"

namespace neurite::cli {
namespace {

struct DemoArgs {
    std::string name;
    bool list = false;
    std::uint64_t seed = 1;
    std::size_t epochs = 0;
    double learning_rate = 0.0;
    bool trace = false;
    std::string out = "out/demos";
    DataOptions data;
};

void run_demo(const DemoArgs& args) {
    if (args.list || args.name.empty()) {
        std::printf("neurite demo NAME — figures go to %s (--out)\n\n", args.out.c_str());
        for (const auto& d : all_demos()) std::printf("  %-17s %s\n", d.name, d.summary);
        return;
    }
    for (const auto& d : all_demos()) {
        if (args.name != d.name) continue;
        DemoContext ctx;
        ctx.out_dir = args.out;
        ctx.data_root = data_root(args.data);
        ctx.seed = args.seed;
        if (args.epochs > 0) ctx.epochs = args.epochs;
        if (args.learning_rate > 0) ctx.learning_rate = args.learning_rate;
        ctx.trace = args.trace;
        exit_code() = d.run(ctx);
        return;
    }
    std::string names;
    for (const auto& d : all_demos()) names += (names.empty() ? "" : ", ") + std::string(d.name);
    fail("unknown demo \"", args.name, "\" (available: ", names, ")");
}

}  // namespace

void add_demo(CLI::App& app) {
    auto args = std::make_shared<DemoArgs>();
    auto* cmd = app.add_subcommand("demo", "Run a demonstration of a classic idea (--list names them)");
    cmd->add_option("name", args->name, "Demo to run");
    cmd->add_flag("--list", args->list, "List the demos, one line each");
    cmd->add_option("--seed", args->seed, "Seed for initial weights and data");
    cmd->add_option("--epochs", args->epochs, "Override the demo's number of epochs")->check(CLI::Range(1, 10000000));
    cmd->add_option("--lr", args->learning_rate, "Override the demo's learning rate")->check(CLI::PositiveNumber);
    cmd->add_flag("--trace", args->trace, "Print every update (perceptron)");
    cmd->add_option("--out", args->out, "Folder for the figures");
    cmd->add_option("--data", args->data.data_dir, "Folder with mnist/ and sklearn/ (default: ./data)");
    cmd->callback([args] { run_demo(*args); });
}

}  // namespace neurite::cli
