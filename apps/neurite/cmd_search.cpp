// neurite search: random search over the learning rate and the weight decay.
// Each trial draws both log-uniformly from the given ranges, trains the same
// network (the same initial weights) on the training part less a validation
// split, and is scored on that validation split. The test set is never used:
// MNIST's test files are not opened, a table's test rows are dropped on
// loading (data_source.hpp, load_train_only).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "commands.hpp"
#include "data_source.hpp"
#include "flags.hpp"
#include "network_builder.hpp"
#include "neurite/core/error.hpp"
#include "neurite/core/atomic_file.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/plot/svg.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite::cli {
namespace {

struct SearchArgs {
    DataOptions data;
    ArchitectureOptions architecture{.model = {}, .init_from = {}, .hidden = {64}, .activation = Activation::relu,
                                     .dropout = 0.0, .init = {}};
    std::string scale = "auto";
    std::size_t trials = 10;
    std::vector<double> lr_range = {1e-4, 1e-1};
    std::vector<double> wd_range = {1e-6, 1e-2};
    std::size_t epochs = 5;
    std::size_t batch_size = 64;
    OptimizerFlags optimizer{.kind = OptimizerKind::sgd, .momentum = {}, .rho = {}, .beta1 = {}, .beta2 = {},
                             .epsilon = {}};
    double validation_split = 0.2;
    std::size_t train_rows = 0;  // 0: all
    std::size_t top = 5;
    std::uint64_t seed = 1;
    std::string out = "out/search";
};

struct Trial {
    std::size_t index = 0;
    double lr = 0, weight_decay = 0;
    double val_loss = 0, val_accuracy = 0;  // accuracy NaN for regression
    bool diverged = false;
};

// log-uniform in [lo, hi] (lo == hi: that value).
double draw(Rng& rng, const std::vector<double>& range) {
    if (range[0] == range[1]) return range[0];
    return std::exp(rng.uniform(std::log(range[0]), std::log(range[1])));
}

void check_range(const char* flag, const std::vector<double>& r) {
    if (r.size() != 2 || !(r[0] > 0) || !(r[1] >= r[0]) || !std::isfinite(r[1]))
        bad_flag(flag, ": needs two positive numbers LO,HI with LO <= HI");
}

void run_search(SearchArgs a) {
    // Everything the command line and the files it names can be wrong about,
    // before any data is read.
    check_range("--lr-range", a.lr_range);
    check_range("--wd-range", a.wd_range);
    check_data_options(a.data);
    check_optimizer_flags(a.optimizer);
    const NetworkBuilder builder(a.architecture);
    const bool mnist = a.data.csv.empty() && a.data.dataset == "mnist";
    TrainOnly data = load_train_only(a.data);
    Dataset all = std::move(data.train);
    if (a.train_rows > 0 && a.train_rows < all.size()) {
        std::vector<std::size_t> rows(a.train_rows);
        std::iota(rows.begin(), rows.end(), std::size_t{0});
        all = subset(all, rows);
    }
    Rng split_rng(a.seed ^ 0x76616cULL);
    auto [train, validation] = split(all, a.validation_split, split_rng, all.is_classification());
    // Scaling fitted on the search's training rows only.
    const Preprocessing pre = make_preprocessing(a.scale, train.features.view(), mnist);
    pre.apply(train.features.view());
    pre.apply(validation.features.view());

    const std::size_t slots = Optimizer::slots(a.optimizer.kind);
    const Sequential initial = builder.build(train, a.batch_size, slots, a.seed);
    if (one_output_for_two_classes(initial, train)) {
        use_one_output(train);
        use_one_output(validation);
    }
    const bool classification = train.is_classification();
    const Loss loss = pick_loss(std::nullopt, train);

    std::string architecture = architecture_text(initial) + " " + hidden_activations_text(initial);
    if (!a.architecture.model.empty()) architecture += " (" + a.architecture.model + ")";
    if (!a.architecture.init_from.empty()) architecture += " (initialized from " + a.architecture.init_from + ")";
    std::printf("data: %s\n", data.description.c_str());
    if (data.test_rows_dropped > 0)
        std::printf("test set: not used (its %zu rows were dropped on loading)\n", data.test_rows_dropped);
    else
        std::printf("test set: not used (its files were not opened)\n");
    std::printf("validation: %zu rows carved from %zu training rows (seed %llu); search trains on %zu\n",
                validation.size(), all.size(), static_cast<unsigned long long>(a.seed), train.size());
    std::printf("model: %s, %zu parameters, the same initial weights in every trial; %s, batch %zu, %zu epochs, "
                "loss %s\n",
                architecture.c_str(), initial.param_count(), optimizer_text(a.optimizer).c_str(),
                a.batch_size, a.epochs, std::string(to_string(loss)).c_str());
    std::printf("search: %zu trials, lr log-uniform in [%g, %g], weight decay log-uniform in [%g, %g]\n\n", a.trials,
                a.lr_range[0], a.lr_range[1], a.wd_range[0], a.wd_range[1]);

    Rng rng(a.seed);
    std::vector<Trial> trials;
    std::printf("trial  %-12s %-12s %-10s %s\n", "lr", "decay", "val loss", classification ? "val accuracy" : "");
    for (std::size_t t = 1; t <= a.trials; ++t) {
        Trial trial;
        trial.index = t;
        trial.lr = draw(rng, a.lr_range);
        trial.weight_decay = draw(rng, a.wd_range);
        Sequential net = builder.build(train, a.batch_size, slots, a.seed);  // identical to `initial`
        TrainConfig cfg;
        cfg.epochs = a.epochs;
        cfg.batch_size = a.batch_size;
        cfg.seed = a.seed;
        cfg.loss = loss;
        cfg.optimizer = optimizer_config(a.optimizer, trial.lr, trial.weight_decay);
        try {
            Trainer(net, cfg).fit(train);
            const Evaluation ev = evaluate(net, validation, loss);
            trial.val_loss = ev.loss;
            trial.val_accuracy = 100.0 * ev.accuracy;
            trial.diverged = !std::isfinite(ev.loss);
        } catch (const Error&) {
            trial.diverged = true;  // the NaN/Inf guard stopped it
        }
        if (trial.diverged) {
            trial.val_loss = std::numeric_limits<double>::infinity();
            trial.val_accuracy = classification ? 0.0 : std::numeric_limits<double>::quiet_NaN();
            std::printf("%5zu  %-12.4g %-12.4g %-10s %s\n", t, trial.lr, trial.weight_decay, "diverged",
                        classification ? "0.00 %" : "");
        } else if (classification) {
            std::printf("%5zu  %-12.4g %-12.4g %-10.4f %.2f %%\n", t, trial.lr, trial.weight_decay, trial.val_loss,
                        trial.val_accuracy);
        } else {
            std::printf("%5zu  %-12.4g %-12.4g %-10.4f\n", t, trial.lr, trial.weight_decay, trial.val_loss);
        }
        std::fflush(stdout);
        trials.push_back(trial);
    }

    // Best first: highest validation accuracy (ties: lower loss); regression: lowest loss.
    std::vector<Trial> ranked = trials;
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Trial& x, const Trial& y) {
        if (classification && x.val_accuracy != y.val_accuracy) return x.val_accuracy > y.val_accuracy;
        return x.val_loss < y.val_loss;
    });
    std::printf("\nbest trials (by validation %s):\n", classification ? "accuracy" : "loss");
    std::printf("rank  trial  %-12s %-12s %-10s %s\n", "lr", "decay", "val loss", classification ? "val accuracy" : "");
    for (std::size_t r = 0; r < std::min(a.top, ranked.size()); ++r) {
        const Trial& t = ranked[r];
        std::printf("%4zu  %5zu  %-12.4g %-12.4g %-10.4f", r + 1, t.index, t.lr, t.weight_decay, t.val_loss);
        if (classification) std::printf(" %.2f %%", t.val_accuracy);
        std::printf("\n");
    }
    const Trial& best = ranked.front();
    if (classification)
        std::printf("\nbest: trial %zu, lr %.4g, weight decay %.4g: validation accuracy %.2f %%\n", best.index,
                    best.lr, best.weight_decay, best.val_accuracy);
    else
        std::printf("\nbest: trial %zu, lr %.4g, weight decay %.4g: validation loss %.4f\n", best.index, best.lr,
                    best.weight_decay, best.val_loss);
    std::printf("train it: neurite train ... --lr %.4g --weight-decay %.4g (then eval on the test set once)\n",
                best.lr, best.weight_decay);

    // The figure: the score per trial, and against the learning rate.
    Axes per_trial{.title = "Random search: validation score per trial", .x_label = "trial",
                   .y_label = classification ? "validation accuracy (%)" : "validation loss", .log_y = !classification,
                   .series = {}};
    Axes by_lr{.title = "Validation score vs learning rate", .x_label = "log10(learning rate)",
               .y_label = per_trial.y_label, .log_y = !classification, .series = {}};
    Series s1{.name = "trial", .x = {}, .y = {}, .color = "#1f77b4", .line = false};
    Series s2{.name = "trial", .x = {}, .y = {}, .color = "#1f77b4", .line = false};
    for (const Trial& t : trials) {
        const double score = classification ? t.val_accuracy : t.val_loss;
        s1.x.push_back(static_cast<double>(t.index));
        s1.y.push_back(score);
        s2.x.push_back(std::log10(t.lr));
        s2.y.push_back(score);
    }
    Series b1{.name = "best (trial " + std::to_string(best.index) + ")", .x = {static_cast<double>(best.index)},
              .y = {classification ? best.val_accuracy : best.val_loss}, .color = "#d62728", .line = false};
    Series b2 = b1;
    b2.x = {std::log10(best.lr)};
    per_trial.series = {s1, b1};
    by_lr.series = {s2, b2};
    const std::filesystem::path out = a.out;
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) fail(out.string(), ": cannot create the output folder: ", ec.message());
    write_file_atomic(out / "search.svg", line_chart_svg({per_trial, by_lr}, 480, 340));
    std::printf("figure: %s\n", (out / "search.svg").string().c_str());
}

}  // namespace

void add_search(CLI::App& app) {
    auto a = std::make_shared<SearchArgs>();
    auto* cmd = app.add_subcommand(
        "search", "Random search over learning rate and weight decay, scored on a validation split (never the test set)");
    add_data_options(*cmd, a->data);
    add_architecture_options(*cmd, a->architecture, "64,32");
    add_scale_option(*cmd, a->scale);
    cmd->add_option("--trials", a->trials, "Number of trials")->check(CLI::Range(1, 100000));
    cmd->add_option("--lr-range", a->lr_range, "Learning-rate range LO,HI (log-uniform)")->delimiter(',');
    cmd->add_option("--wd-range", a->wd_range, "Weight-decay range LO,HI (log-uniform)")->delimiter(',');
    cmd->add_option("--epochs", a->epochs, "Training epochs per trial")->check(CLI::Range(1, 100000));
    cmd->add_option("--batch-size", a->batch_size, "Mini-batch size")->check(CLI::Range(1, 10000000));
    add_optimizer_options(*cmd, a->optimizer);
    cmd->add_option("--validation-split", a->validation_split, "Fraction of the training part used for validation")
        ->check(CLI::Range(0.01, 0.9));
    cmd->add_option("--train-rows", a->train_rows, "Use only the first N rows of the training part (0: all)");
    cmd->add_option("--top", a->top, "How many of the best trials to list")->check(CLI::Range(1, 100000));
    cmd->add_option("--seed", a->seed, "Seed for the draws, the split, initialization and shuffling");
    cmd->add_option("--out", a->out, "Folder for search.svg (default: out/search)");
    cmd->callback([a] { run_search(*a); });
}

}  // namespace neurite::cli
