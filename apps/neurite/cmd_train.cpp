// neurite train: train a network on MNIST, a scikit-learn table or a CSV
// file, with progress, history, plot, checkpoints and a saved model.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "augment_options.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "distributed.hpp"
#include "flags.hpp"
#include "network_builder.hpp"
#include "recipes.hpp"
#include "sized_defaults.hpp"
#include "neurite/core/atomic_file.hpp"
#include "neurite/core/error.hpp"
#include "neurite/io/model_file.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/kernels/backend.hpp"
#include "neurite/train/checkpoint.hpp"
#include "neurite/train/progress.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite::cli {
namespace {

struct TrainArgs {
    DataOptions data;
    ArchitectureOptions architecture;  // --hidden, --model, --init-from, …
    bool hidden_given = false;         // else --hidden and --init follow the data's size
    std::string scale = "auto";
    std::optional<std::size_t> epochs;      // else from the data's size (sized_defaults.hpp)
    std::optional<std::size_t> batch_size;  // else from the data's size
    OptimizerFlags optimizer;  // adam by default
    std::optional<double> lr;            // the optimizer's default (adam: 1e-3)
    std::optional<double> weight_decay;  // the optimizer's default (0; adamw 0.01)
    std::optional<Loss> loss;  // auto: from the data
    ScheduleKind schedule = ScheduleKind::cosine;
    std::size_t lr_step = 10;
    double lr_gamma = 0.1;
    std::size_t plateau_patience = 0;
    double clip_norm = 0.0;
    double max_norm = 0.0;
    std::size_t momentum_ramp = 0;
    std::optional<double> momentum_start;  // else MomentumRamp's 0.5
    AugmentOptions augment;
    std::size_t early_stopping = 0;
    std::optional<double> validation_split;  // else from the data's size
    std::vector<float> class_weights;
    std::uint64_t seed = 42;
    std::string out;
    std::optional<std::size_t> checkpoint_every;  // else every epoch unless that would cost over ~10 %
    bool resume = false;
    bool quiet = false;
    bool distributed = false;  // also on when an MPI launcher started this process
    std::optional<std::size_t> block_rows;  // distributed runs only; else kBlockRows
    bool shard = false;  // each process reads and holds only its part of the data
    std::string config;
    std::string recipe;  // its options are already in the arguments (expand_config)
};

// history.csv, history.json and curves.svg, each replaced atomically.
void write_history(const std::filesystem::path& out, const History& history, const std::string& title) {
    write_file_atomic(out / "history.csv", history.to_csv());
    write_file_atomic(out / "history.json", history.to_json());
    write_file_atomic(out / "curves.svg", history.to_svg(title));
}

// Rewrites the history files at checkpoints, so a run that is killed or
// diverges leaves the history up to (about) its last checkpoint next to it.
// Each write flushes three files to disk; on runs of very short epochs they
// are skipped while less than ten times the last write's duration has passed
// since it, so they add at most about a tenth to the training time.
class HistoryWriter : public TrainCallback {
public:
    HistoryWriter(std::filesystem::path out, std::string title) : out_(std::move(out)), title_(std::move(title)) {}
    void on_checkpoint(std::size_t /*epoch*/, const History& history) override {
        using Clock = std::chrono::steady_clock;
        const auto start = Clock::now();
        if (written_ && start - last_end_ < 10 * last_cost_) return;
        write_history(out_, history, title_);
        written_ = true;
        last_end_ = Clock::now();
        last_cost_ = last_end_ - start;
    }

private:
    std::filesystem::path out_;
    std::string title_;
    bool written_ = false;
    std::chrono::steady_clock::time_point last_end_;
    std::chrono::steady_clock::duration last_cost_{};
};

// What the command line says, checked before any data is read: everything
// it and the files it names can be wrong about fails here.
struct CheckedArgs {
    NetworkBuilder builder;
    AugmentConfig augment;
};

CheckedArgs check_before_loading(const TrainArgs& a, const std::filesystem::path& checkpoint) {
    check_data_options(a.data);
    check_optimizer_flags(a.optimizer);
    AugmentConfig augment = augment_config(a.augment);
    if (a.momentum_ramp > 0 && a.optimizer.kind != OptimizerKind::momentum && a.optimizer.kind != OptimizerKind::nesterov)
        bad_flag("--momentum-ramp needs --optimizer momentum or nesterov");
    if (a.momentum_start && a.momentum_ramp == 0) bad_flag("--momentum-start needs --momentum-ramp");
    if (a.resume && !std::filesystem::exists(checkpoint)) fail("--resume: no checkpoint at ", checkpoint.string());
    return {NetworkBuilder(a.architecture), augment};
}

std::filesystem::path output_folder(const TrainArgs& a) {
    return a.out.empty() ? std::filesystem::path("out") / (a.data.csv.empty() ? a.data.dataset : "csv")
                         : std::filesystem::path(a.out);
}

// "a small table (under 10000 training rows): hidden 256, xavier_uniform
// weights, batch 16, 125 epochs (at least 1000 steps), no validation split":
// the size-dependent defaults this run uses (those whose flags were not
// given), or "" when it uses none.
std::string defaults_text(const TrainArgs& a, const SizedDefaults& d, std::size_t epochs, std::size_t batch_size) {
    std::string used;
    const auto add = [&used](const std::string& s) { used += (used.empty() ? "" : ", ") + s; };
    const bool architecture_from_file = !a.architecture.model.empty() || !a.architecture.init_from.empty();
    if (!a.hidden_given && !architecture_from_file) {
        std::string h;
        for (const auto u : d.hidden) h += (h.empty() ? "" : ",") + std::to_string(u);
        add("hidden " + h);
    }
    if (!architecture_from_file && !a.architecture.init && d.init) add(cat(to_string(*d.init), " weights"));
    if (!a.batch_size) add(cat("batch ", batch_size));
    if (!a.epochs) add(cat(epochs, " epochs", d.small_table ? cat(" (at least ", kMinSteps, " steps)") : std::string()));
    if (!a.validation_split) add(d.validation_split > 0 ? cat(d.validation_split * 100, " % validation split") : std::string("no validation split"));
    if (used.empty()) return used;
    return cat(d.small_table ? cat("a small table (under ", kSmallTableRows, " training rows)")
                             : cat(kSmallTableRows, " training rows or more"),
               ": ", used);
}

// --scale fitted on the training rows of all processes when each holds only
// its part (--shard): the statistics are summed over the processes, so every
// process applies the same map, the one the whole training set gives.
Preprocessing preprocessing_across(const std::string& scale, MatrixView<const float> x, bool mnist, Collective& all) {
    const std::string kind = scale == "auto" ? (mnist ? "unit" : "standardize") : scale;
    if (kind != "minmax" && kind != "standardize") return make_preprocessing(scale, x, mnist);  // not fitted to data
    const std::size_t d = x.cols(), processes = all.size(), rank = all.rank();
    if (kind == "minmax") {
        // Each process's minima and maxima in its own slot (zeros elsewhere):
        // the sum gathers all of them.
        std::vector<double> slots(2 * d * processes, 0.0);
        double* mine = slots.data() + 2 * d * rank;
        std::fill(mine, mine + d, std::numeric_limits<double>::infinity());
        std::fill(mine + d, mine + 2 * d, -std::numeric_limits<double>::infinity());
        for (std::size_t i = 0; i < x.rows(); ++i)
            for (std::size_t c = 0; c < d; ++c) {
                mine[c] = std::min(mine[c], static_cast<double>(x(i, c)));
                mine[d + c] = std::max(mine[d + c], static_cast<double>(x(i, c)));
            }
        all.sum(std::span<double>(slots));
        std::vector<double> lo(d, std::numeric_limits<double>::infinity()), hi(d, -std::numeric_limits<double>::infinity());
        for (std::size_t p = 0; p < processes; ++p)
            for (std::size_t c = 0; c < d; ++c) {
                lo[c] = std::min(lo[c], slots[2 * d * p + c]);
                hi[c] = std::max(hi[c], slots[2 * d * p + d + c]);
            }
        return minmax_from(lo, hi);
    }
    // Standardize: the means from summed sums, then the deviations from summed
    // squares about them (two passes, as fit_standardize makes).
    std::vector<double> sums(d + 1, 0.0);
    for (std::size_t i = 0; i < x.rows(); ++i)
        for (std::size_t c = 0; c < d; ++c) sums[c] += x(i, c);
    sums[d] = static_cast<double>(x.rows());
    all.sum(std::span<double>(sums));
    const double n = sums[d];
    if (!(n > 0)) fail("standardization: no training rows on any process");
    std::vector<double> mean(sums.begin(), sums.begin() + static_cast<std::ptrdiff_t>(d));
    for (double& m : mean) m /= n;
    std::vector<double> sd(d, 0.0);
    for (std::size_t i = 0; i < x.rows(); ++i)
        for (std::size_t c = 0; c < d; ++c) {
            const double e = x(i, c) - mean[c];
            sd[c] += e * e;
        }
    all.sum(std::span<double>(sd));
    for (double& v : sd) v = std::sqrt(v / n);
    return standardize_from(mean, sd);
}

void train_process(const TrainArgs& a, Distributed* dist);

void run_train(const TrainArgs& a) {
    std::unique_ptr<Distributed> dist = start_distributed(a.distributed);
    if (!dist && a.block_rows)
        fail("--block-rows: only a distributed run (under mpirun, or with --distributed) cuts its batches into blocks");
    if (!dist && a.shard)
        fail("--shard: each process of a distributed run reads its part of the data; start neurite train under "
             "mpirun (or give --distributed)");
    if (!dist) return train_process(a, nullptr);
    // Process 0 alone reports; the others' standard output goes nowhere.
    if (dist->rank() != 0 && std::freopen("/dev/null", "w", stdout) == nullptr) std::fclose(stdout);
    // Cores are shared among this machine's processes of the job.
    if (!threads_given() && dist->local_size() > 1) {
        const auto cores = static_cast<std::size_t>(std::max(1u, std::thread::hardware_concurrency()));
        set_num_threads(static_cast<int>(std::max<std::size_t>(1, cores / dist->local_size())));
    }
    // An error on any process ends the job on every process (never a hang
    // in the next all-reduce), with one line.
    try {
        train_process(a, dist.get());
    } catch (const std::bad_alloc&) {
        dist->abort_job("out of memory (a memory limit of this process, or of the machine, was reached)");
    } catch (const std::exception& e) {
        dist->abort_job(e.what());
    }
}

void train_process(const TrainArgs& a, Distributed* dist) {
    const bool lead = dist == nullptr || dist->rank() == 0;  // writes the files
    const std::filesystem::path out = output_folder(a);
    auto [builder, augment] = check_before_loading(a, out / "checkpoint.nrm");
    const bool mnist = a.data.csv.empty() && a.data.dataset == "mnist";
    const bool shard = a.shard && dist != nullptr;  // this process holds only its part of the data
    TrainTest data = shard ? load_train_test_shard(a.data, dist->rank(), dist->size()) : load_train_test(a.data);
    const Preprocessing pre = shard ? preprocessing_across(a.scale, data.train.features.view(), mnist, *dist)
                                    : make_preprocessing(a.scale, data.train.features.view(), mnist);
    pre.apply(data.train.features.view());
    if (data.test.size() > 0) pre.apply(data.test.features.view());
    const ImageShape image = augment.identity() ? ImageShape{} : square_image(data.train.features.cols());
    const float background = augment.identity() ? 0.0f : augment_fill(pre);

    // The defaults that depend on the data's size, where no flag was given
    // (the whole training set's, also when each process holds a part).
    const SizedDefaults sized = sized_defaults(data.train_total);
    builder.use_hidden(a.hidden_given ? a.architecture.hidden : sized.hidden,
                       a.architecture.init ? a.architecture.init : sized.init);
    const double validation_split = a.validation_split.value_or(sized.validation_split);
    const std::size_t batch_size = a.batch_size.value_or(sized.batch_size);

    Dataset train = std::move(data.train);
    Dataset validation;
    if (validation_split > 0.0) {
        // With --shard each process splits its own part the same way.
        Rng split_rng(a.seed ^ 0x76616cULL);
        auto [t, v] = split(train, validation_split, split_rng, train.is_classification());
        train = std::move(t);
        validation = std::move(v);
    }
    // Training and validation rows over all processes.
    std::array<double, 2> rows{static_cast<double>(train.size()), static_cast<double>(validation.size())};
    if (shard) dist->sum(std::span<double>(rows));
    const auto train_rows = static_cast<std::size_t>(std::llround(rows[0]));
    const auto validation_rows = static_cast<std::size_t>(std::llround(rows[1]));
    const std::size_t epochs = a.epochs.value_or(default_epochs(sized, train_rows, batch_size));

    Sequential net = builder.build(train, batch_size, Optimizer::slots(a.optimizer.kind), a.seed);
    if (one_output_for_two_classes(net, train)) {
        use_one_output(train);
        if (validation.size() > 0) use_one_output(validation);
        use_one_output(data.test);
    }
    // Kernels and threads for the size of the work (sized_defaults.hpp).
    // (bf16 products are oneDNN's: --precision bf16 keeps it.)
    const bool own_kernels = backend() == Backend::onednn && precision() == Precision::fp32 &&
                             small_run(train_rows, net.param_count(), epochs);
    if (own_kernels) set_backend(Backend::portable);
    const bool one_thread = !threads_given() && num_threads() > 1 && small_steps(batch_size, net.param_count());
    if (one_thread) set_num_threads(1);
    TrainConfig cfg;
    cfg.epochs = epochs;
    cfg.batch_size = batch_size;
    cfg.seed = a.seed;
    cfg.loss = pick_loss(a.loss, train);
    cfg.optimizer = optimizer_config(a.optimizer, a.lr, a.weight_decay);
    cfg.schedule.kind = a.schedule;
    cfg.schedule.step_size = a.lr_step;
    cfg.schedule.gamma = a.lr_gamma;
    cfg.schedule.period = epochs;
    if (a.plateau_patience > 0) cfg.plateau = PlateauConfig{0.1, a.plateau_patience, 0.0};
    cfg.clip_norm = a.clip_norm;
    cfg.class_weights = a.class_weights;
    cfg.early_stopping.patience = a.early_stopping;
    cfg.max_norm = a.max_norm;
    cfg.momentum_ramp.epochs = a.momentum_ramp;
    if (a.momentum_start) cfg.momentum_ramp.start = *a.momentum_start;

    const std::filesystem::path checkpoint = out / "checkpoint.nrm";
    if (lead) {
        std::error_code ec;
        std::filesystem::create_directories(out, ec);
        if (ec) fail(out.string(), ": cannot create the output folder: ", ec.message());
    }

    std::printf("data: %s\n", data.description.c_str());
    // The activations of the network as built (from --model or --init-from
    // they are the file's, not --activation's).
    std::printf("model: %s (%zu parameters), %s, loss %s, %s, batch %zu, %zu epochs, seed %llu\n",
                architecture_text(net).c_str(), net.param_count(), hidden_activations_text(net).c_str(),
                std::string(to_string(cfg.loss)).c_str(), optimizer_text(a.optimizer, cfg.optimizer.learning_rate).c_str(), batch_size,
                epochs, static_cast<unsigned long long>(a.seed));
    if (!a.recipe.empty()) {
        std::string flags;
        for (const std::string& o : recipe_options(a.recipe)) flags += " " + o;
        std::printf("recipe %s:%s\n", a.recipe.c_str(), flags.c_str());
        if (const std::string notice = recipe_notice(a.recipe); !notice.empty())
            std::printf("recipe %s: %s\n", a.recipe.c_str(), notice.c_str());
    }
    if (const std::string d = defaults_text(a, sized, epochs, batch_size); !d.empty())
        std::printf("defaults for %s\n", d.c_str());
    if (own_kernels || one_thread)
        std::printf("small %s: %s\n", own_kernels ? "run" : "steps",
                    own_kernels && one_thread ? "neurite's own kernels, one thread"
                    : own_kernels             ? "neurite's own kernels"
                                              : "one thread");
    if (precision() == Precision::bf16)
        std::printf("precision: bf16 matrix products (float32 sums), float32 weights and optimizer state\n");
    if (validation_rows > 0) std::printf("validation: %zu rows split off the training set\n", validation_rows);
    // (--dropout shapes only a network of --hidden.)
    const bool dropout = a.architecture.dropout > 0.0 && a.architecture.model.empty() && a.architecture.init_from.empty();
    if (dropout || a.max_norm > 0.0 || a.momentum_ramp > 0 || a.architecture.input_dropout > 0.0) {
        std::string r;
        if (dropout) r += cat(", dropout ", a.architecture.dropout, " after each hidden layer");
        if (a.architecture.input_dropout > 0.0) r += cat(", input dropout ", a.architecture.input_dropout);
        if (a.max_norm > 0.0) r += cat(", max-norm ", a.max_norm, " on each unit's incoming weights");
        if (a.momentum_ramp > 0)
            r += cat(", momentum from ", cfg.momentum_ramp.start, " to ", cfg.optimizer.momentum, " over epochs 1–", a.momentum_ramp);
        std::printf("regularization:%s\n", r.c_str() + 1);
    }
    if (!augment.identity())
        std::printf("augmentation: %s, new for every training image each epoch (%zu × %zu; validation and test "
                    "images as they are)\n",
                    augment.describe().c_str(), image.height, image.width);
    if (!a.architecture.init_from.empty()) std::printf("initialized from %s\n", a.architecture.init_from.c_str());
    const std::size_t block_rows = a.block_rows.value_or(kBlockRows);
    if (dist != nullptr) {
        if (shard) {
            // Each process's share of a batch comes from its own rows, as
            // share_of (not whole blocks) gives it; the step cuts it into blocks.
            const std::size_t most = share_of(batch_size, 0, dist->size()).second;
            std::printf("distributed: %zu processes (MPI), each takes %zu%s rows of every batch of %zu from its own rows "
                        "(blocks of %zu), %d thread%s each\n",
                        dist->size(), most, batch_size % dist->size() != 0 ? " or fewer" : "", batch_size, block_rows,
                        num_threads(), num_threads() == 1 ? "" : "s");
            // Rows A–B (from 1) of `total` that process 0 holds.
            const auto rows_of_0 = [&](std::size_t total) {
                const auto [start, count] = share_of(total, 0, dist->size());
                return count == 0 ? std::string("none") : cat(start + 1, "–", start + count);
            };
            std::string held = cat("training rows ", rows_of_0(data.train_total), " of ", data.train_total);
            if (data.test_total > 0)
                held += cat(" and test rows ", rows_of_0(data.test_total), " of ", data.test_total);
            std::printf("data sharded: each process holds its own rows; process 0 holds %s\n", held.c_str());
        } else {
            // Process 0's share is the largest; shares are whole blocks of rows.
            const std::size_t most = batch_share(batch_size, 0, dist->size(), block_rows).second;
            const std::size_t least = batch_share(batch_size, dist->size() - 1, dist->size(), block_rows).second;
            std::printf("distributed: %zu processes (MPI), each batch of %zu split into shares of %zu%s rows "
                        "(blocks of %zu), %d thread%s each\n",
                        dist->size(), batch_size, most, least != most ? " or fewer" : "", block_rows, num_threads(),
                        num_threads() == 1 ? "" : "s");
            if (least == 0)
                std::printf("distributed: a batch has %zu blocks of rows, so some of the %zu processes have no rows to train on\n",
                            (batch_size + block_rows - 1) / block_rows, dist->size());
        }
    }

    Trainer trainer(net, cfg);
    if (dist != nullptr) trainer.distribute(*dist, shard ? DataLayout::sharded : DataLayout::replicated, block_rows);
    if (a.resume) {
        trainer.resume_from(checkpoint);
        std::printf("resumed from %s\n", checkpoint.string().c_str());
    }
    ProgressPrinter progress(stdout, !a.quiet && isatty(fileno(stdout)) != 0);
    if (lead) trainer.add_callback(progress);
    std::optional<CheckpointWriter> checkpoints;
    if (lead) checkpoints.emplace(trainer, checkpoint, a.checkpoint_every.value_or(1), pre);
    if (lead && !a.checkpoint_every) checkpoints->skip_while_recent(10.0);
    const std::string title = mnist               ? std::string("MNIST")
                              : a.data.csv.empty() ? a.data.dataset
                                                   : std::filesystem::path(a.data.csv).filename().string();
    HistoryWriter history_writer(out, title);
    if (lead) trainer.add_callback(history_writer);
    std::optional<Augmenter> augmenter;
    if (!augment.identity()) {
        augmenter.emplace(train.features.view(), image, augment, a.seed ^ 0x6175676dULL, background);
        trainer.vary_features([&augmenter](std::size_t epoch, std::size_t last, MatrixView<float> features) {
            augmenter->fill(epoch, features, last);
        });
    }
    std::fflush(stdout);
    const History history = trainer.fit(train, validation_rows > 0 ? &validation : nullptr);

    if (lead) {
        save_model_file(out / "model.nrm", model_file_of(net, pre, train.class_names));
        write_history(out, history, title);
    }

    double seconds = 0;
    for (const auto& e : history.epochs) seconds += e.seconds;
    std::printf("\ntraining: %s, %zu epochs in %.1f s\n", history.stop_reason.c_str(), history.epochs.size(), seconds);
    if (const AllReduceGradients* reduce = trainer.step().all_reduce(); reduce != nullptr && reduce->sums() > 0) {
        const double per_step = reduce->seconds() / static_cast<double>(reduce->sums());
        std::printf("all-reduce: %zu steps, %.3f ms a step (%.1f%% of the training time), %.2f MB a step (%zu doubles)\n",
                    reduce->sums(), 1e3 * per_step, seconds > 0.0 ? 100.0 * reduce->seconds() / seconds : 0.0,
                    static_cast<double>(net.param_count() * sizeof(double)) / 1e6, net.param_count());
    }
    if (data.test_total == 0) {
        std::printf("test: no test set (--test-split 0)\n");
    } else if (const Evaluation test = evaluate(net, data.test, cfg.loss, 1024, dist,
                                                shard ? DataLayout::sharded : DataLayout::replicated);
               std::isfinite(test.accuracy)) {
        std::printf("test accuracy: %.2f%% (%zu of %zu), test loss %.4f\n", 100.0 * test.accuracy, test.correct,
                    test.rows, test.loss);
    } else {
        std::printf("test loss: %.6g\n", test.loss);
    }
    std::printf("model:      %s\n", (out / "model.nrm").string().c_str());
    std::printf("history:    %s, %s\n", (out / "history.csv").string().c_str(), (out / "history.json").string().c_str());
    std::printf("plot:       %s\n", (out / "curves.svg").string().c_str());
    std::printf("checkpoint: %s\n", checkpoint.string().c_str());
}

}  // namespace

void add_train(CLI::App& app) {
    auto a = std::make_shared<TrainArgs>();
    auto* cmd = app.add_subcommand("train", "Train a network (default: a 784-256-128-10 ReLU MLP on MNIST with Adam)");
    cmd->footer(sized_defaults_help());
    add_data_options(*cmd, a->data);
    add_architecture_options(*cmd, a->architecture, "256,128 (default: from the data's size, below)");
    add_scale_option(*cmd, a->scale);
    add_precision_option(*cmd);
    cmd->add_option("--epochs", a->epochs, "Training epochs (default: from the data's size, below)")
        ->check(CLI::Range(1, 100000));
    cmd->add_option("--batch-size", a->batch_size, "Mini-batch size, 1 = per-sample SGD (default: from the data's size)")
        ->check(CLI::Range(1, 10000000));
    add_optimizer_options(*cmd, a->optimizer);
    cmd->add_option("--lr", a->lr, cat("Learning rate (the optimizer's ", defaults_text(&OptimizerConfig::learning_rate), ")"))
        ->check(kPositiveFinite);
    cmd->add_option("--weight-decay", a->weight_decay, "Weight decay λ (default 0; adamw 0.01, decoupled)")
        ->check(CLI::NonNegativeNumber);
    add_name_option(*cmd, "--loss", a->loss, parse_loss, "auto",
                    "Loss (auto: cross-entropy for classes, mse for regression)");
    add_name_option(*cmd, "--schedule", a->schedule, parse_schedule,
                    "Learning-rate schedule: constant, step, exponential, cosine");
    cmd->add_option("--lr-step", a->lr_step, "Epochs per step of the step schedule")->check(CLI::Range(1, 100000));
    cmd->add_option("--lr-gamma", a->lr_gamma, "Factor of the step/exponential schedules")->check(CLI::PositiveNumber);
    cmd->add_option("--plateau-patience", a->plateau_patience, "Divide the rate by 10 after this many epochs without improvement (0: off)");
    cmd->add_option("--clip-norm", a->clip_norm, "Clip the gradient's global L2 norm (0: off)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--max-norm", a->max_norm,
                    "Max-norm: after every step, rescale each unit's incoming weights to an L2 norm of at most this "
                    "(Srivastava et al. 2014 use 3–4; 0: off)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--momentum-ramp", a->momentum_ramp,
                    "Raise the momentum linearly from --momentum-start to --momentum over this many first epochs "
                    "(momentum and nesterov; 0: off)")
        ->check(CLI::Range(0, 100000));
    cmd->add_option("--momentum-start", a->momentum_start, "Momentum of the first epoch of --momentum-ramp (default 0.5)")
        ->check(CLI::Range(0.0, 0.999999));
    add_augment_options(*cmd, a->augment);
    cmd->add_option("--early-stopping", a->early_stopping, "Stop after this many epochs without improvement and restore the best weights (0: off)");
    cmd->add_option("--validation-split", a->validation_split,
                    "Fraction of the training set held out for validation (default: from the data's size)")
        ->check(CLI::Range(0.0, 0.9));
    cmd->add_option("--class-weights", a->class_weights, "Per-class loss weights, e.g. 1,1,2")
        ->delimiter(',')
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--seed", a->seed, "Seed for initialization, shuffling and splits");
    cmd->add_option("--out", a->out, "Output folder (default: out/DATASET)");
    cmd->add_option("--checkpoint-every", a->checkpoint_every,
                    "Epochs between checkpoints (default: every epoch, less often when epochs are so short that "
                    "writing would cost over a tenth of the training time; always at the end)")
        ->check(CLI::Range(1, 100000));
    cmd->add_flag("--resume", a->resume, "Continue from OUT/checkpoint.nrm")->excludes("--init-from");
    cmd->add_flag("-q,--quiet", a->quiet, "One line per epoch, no progress bar");
    cmd->add_flag("--distributed", a->distributed,
                  "Data-parallel training on MPI: start with mpirun -np N (on by itself under mpirun); each batch is "
                  "split across the processes, gradients are summed, process 0 writes the files (docs/distributed.md)");
    cmd->add_option("--block-rows", a->block_rows,
                    cat("Distributed runs: each batch is cut into blocks of this many rows, shared out among the "
                        "processes; the same blocks give the same weights on any number of processes, larger blocks "
                        "train faster but leave processes idle when a batch has fewer blocks (default ",
                        kBlockRows, ")"))
        ->check(CLI::Range(1, 10000000));
    cmd->add_flag("--shard", a->shard,
                  "With --distributed (or under mpirun): each process reads and holds only its part of the training "
                  "and test data (MNIST: only those rows of the files), shuffles it by itself and takes its share "
                  "of every batch from it; less memory per process, other batches than one process's "
                  "(docs/distributed.md)");
    cmd->add_option("--config", a->config, "JSON file of options (keys are the long option names; flags given on the command line win)");
    std::string recipe_help = "Start from a named set of options (a config file's and the command line's flags win):";
    for (const Recipe& r : recipes()) recipe_help += cat(" ", r.name, " (", r.purpose, ")");
    cmd->add_option("--recipe", a->recipe, recipe_help);
    cmd->callback([a, cmd] {
        a->hidden_given = cmd->get_option("--hidden")->count() > 0;
        run_train(*a);
    });
}

namespace {

// The options of a --config file, as arguments, appended to `inserted`.
void append_config_file(const std::string& file, std::vector<std::string>& inserted) {
    std::ifstream in(file);
    if (!in) fail(file, ": cannot open the config file");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        fail(file, ": not valid JSON (", e.what(), ")");
    }
    if (!j.is_object()) fail(file, ": the config must be a JSON object of option names and values");
    for (const auto& [key, value] : j.items()) {
        if (key == "config") fail(file, ": a config file cannot name another config file");
        if (key == "recipe") fail(file, ": a config file cannot name a recipe (give --recipe on the command line)");
        const std::string flag = "--" + key;
        if (value.is_boolean()) {
            if (value.get<bool>()) inserted.push_back(flag);
        } else if (value.is_array()) {
            std::string joined;
            for (const auto& v : value) joined += (joined.empty() ? "" : ",") + (v.is_string() ? v.get<std::string>() : v.dump());
            inserted.push_back(flag + "=" + joined);
        } else if (value.is_string()) {
            inserted.push_back(flag + "=" + value.get<std::string>());
        } else if (value.is_number()) {
            inserted.push_back(flag + "=" + value.dump());
        } else {
            fail(file, ": option \"", key, "\" must be a number, string, boolean or array");
        }
    }
}

}  // namespace

std::vector<std::string> expand_config(const std::vector<std::string>& args) {
    // neurite [global options] train ... --config FILE ...: the file's
    // options are inserted right after "train", so later command-line
    // flags override them.
    // --recipe NAME: its options go in before the file's.
    std::vector<std::string> out;
    std::size_t train_at = args.size();
    std::string file, recipe;
    bool recipe_given = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "train" && train_at == args.size()) train_at = i;
        if (train_at < i && args[i] == "--config" && i + 1 < args.size()) file = args[i + 1];
        if (train_at < i && args[i].rfind("--config=", 0) == 0) file = args[i].substr(9);
        if (train_at < i && args[i] == "--recipe" && i + 1 < args.size()) recipe = args[i + 1], recipe_given = true;
        if (train_at < i && args[i].rfind("--recipe=", 0) == 0) recipe = args[i].substr(9), recipe_given = true;
    }
    if (file.empty() && !recipe_given) return args;
    std::vector<std::string> inserted;
    if (recipe_given) inserted = recipe_options(recipe);
    if (!file.empty()) append_config_file(file, inserted);
    // An option given again later replaces the earlier one rather than
    // adding to it (--hidden would otherwise collect both lists).
    const auto name_of = [](const std::string& arg) { return arg.substr(0, arg.find('=')); };
    std::vector<std::string> later(args.begin() + static_cast<std::ptrdiff_t>(train_at) + 1, args.end());
    out.assign(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(train_at) + 1);
    for (std::size_t i = 0; i < inserted.size(); ++i) {
        const std::string name = name_of(inserted[i]);
        const auto same = [&](const std::string& arg) { return arg.rfind("--", 0) == 0 && name_of(arg) == name; };
        if (std::none_of(inserted.begin() + static_cast<std::ptrdiff_t>(i) + 1, inserted.end(), same) &&
            std::none_of(later.begin(), later.end(), same))
            out.push_back(inserted[i]);
    }
    out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(train_at) + 1, args.end());
    return out;
}


}  // namespace neurite::cli
