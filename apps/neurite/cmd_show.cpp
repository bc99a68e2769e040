// neurite show: look at MNIST digits, and at what a model makes of them.
//
//   neurite show --index 0,7 [--set test|train]   the digits in the terminal
//                                                  (half blocks) and as SVG
//   ... --model out/mnist/model.nrm                with the prediction and the
//                                                  ten softmax probabilities
//   neurite show --model M --misclassified 20      the test digits the model
//                                                  gets wrong most confidently
//   neurite show --model M --confusion             the confusion matrix heat map
//   neurite show --augment affine,elastic          a digit and some of its
//                [--variants 7] [--rotate 10 …]    distortions, as training
//                                                  with --augment makes them
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "augment_options.hpp"
#include "commands.hpp"
#include "data_source.hpp"
#include "flags.hpp"
#include "neurite/core/atomic_file.hpp"
#include "neurite/core/error.hpp"
#include "neurite/io/model_file.hpp"
#include "neurite/plot/images.hpp"
#include "neurite/train/metrics.hpp"

namespace neurite::cli {
namespace {

constexpr std::size_t kSide = 28;

struct ShowArgs {
    std::vector<std::size_t> indices;
    std::string set = "test";
    DataOptions data;
    std::string model;
    std::size_t misclassified = 0;
    bool confusion = false;
    AugmentOptions augment;
    std::size_t variants = 7;
    std::uint64_t seed = 1;
    std::string out = "out/show";
};

// The raw pixels of row i scaled to [0, 1] (ink).
std::vector<float> ink_of(const Dataset& d, std::size_t i) {
    std::vector<float> p(kSide * kSide);
    const auto row = d.features.row(i);
    for (std::size_t k = 0; k < p.size(); ++k) p[k] = row[k] / 255.0f;
    return p;
}

// 28 columns × 14 rows of half blocks, framed: each character is two
// pixels, the upper one in the top half; a pixel counts as ink from half
// intensity on.
std::vector<std::string> digit_lines(const std::vector<float>& ink) {
    const std::string border = "+" + std::string(kSide, '-') + "+";
    std::vector<std::string> lines{border};
    for (std::size_t r = 0; r < kSide; r += 2) {
        std::string line = "|";
        for (std::size_t c = 0; c < kSide; ++c) {
            const bool top = ink[r * kSide + c] >= 0.5f, bottom = ink[(r + 1) * kSide + c] >= 0.5f;
            line += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
        }
        lines.push_back(line + "|");
    }
    lines.push_back(border);
    return lines;
}

// Digits side by side, `per_line` to a row of the terminal.
void print_digits(const std::vector<std::vector<float>>& inks, std::size_t per_line = 1) {
    for (std::size_t first = 0; first < inks.size(); first += per_line) {
        std::vector<std::vector<std::string>> blocks;
        for (std::size_t i = first; i < std::min(inks.size(), first + per_line); ++i) blocks.push_back(digit_lines(inks[i]));
        for (std::size_t l = 0; l < blocks[0].size(); ++l) {
            std::string line;
            for (const auto& b : blocks) line += (line.empty() ? "" : " ") + b[l];
            std::printf("%s\n", line.c_str());
        }
    }
}

void print_digit(const std::vector<float>& ink) { print_digits({ink}); }

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

void write_figure(const ShowArgs& a, const std::string& name, const std::string& svg) {
    const auto path = std::filesystem::path(a.out) / name;
    write_file_atomic(path, svg);
    std::printf("figure: %s\n", path.string().c_str());
}

// Each digit and a.variants of its distortions (as `neurite train --augment`
// makes them, from --seed), in the terminal and as augment.svg.
void show_augmented(const ShowArgs& a, const Dataset& data, const std::vector<std::size_t>& indices,
                    const AugmentConfig& augment) {
    std::printf("augmentation: %s; %zu distortions of each digit (seed %llu)\n", augment.describe().c_str(), a.variants,
                static_cast<unsigned long long>(a.seed));
    ImageGrid grid;
    grid.title = "MNIST " + a.set + " digits and their distortions: " + augment.describe();
    grid.columns = a.variants + 1;
    grid.pixel_size = 3;
    for (const std::size_t i : indices) {
        std::vector<std::vector<float>> inks{ink_of(data, i)};
        for (std::size_t v = 1; v <= a.variants; ++v) {
            std::vector<float> out(kSide * kSide);
            Rng rng = image_rng(a.seed, v, i);
            distort(inks[0], out, {kSide, kSide}, augment, rng, 0.0f);
            inks.push_back(std::move(out));
        }
        std::printf("\nMNIST %s digit %zu (label %d), then %zu distortions:\n", a.set.c_str(), i, data.labels[i],
                    a.variants);
        print_digits(inks, 4);
        for (std::size_t v = 0; v < inks.size(); ++v) {
            ImageTile tile;
            tile.pixels = inks[v];
            tile.width = tile.height = kSide;
            tile.caption = v == 0 ? "#" + std::to_string(i) + ": label " + std::to_string(data.labels[i])
                                  : "distortion " + std::to_string(v);
            grid.tiles.push_back(std::move(tile));
        }
    }
    std::printf("\n");
    write_figure(a, "augment.svg", image_grid_svg(grid));
}

void run_show(const ShowArgs& a) {
    // Bad command lines (exit 2), before anything is read.
    if (a.set != "test" && a.set != "train") bad_flag("--set must be test or train, not \"", a.set, "\"");
    if ((a.misclassified > 0 || a.confusion) && a.model.empty())
        bad_flag(a.misclassified > 0 ? "--misclassified" : "--confusion", " needs a model (--model FILE)");
    if (!a.augment.kinds.empty() && (!a.model.empty() || a.misclassified > 0 || a.confusion))
        bad_flag("--augment shows digits and their distortions; it takes no --model, --misclassified or --confusion");
    const AugmentConfig augment = augment_config(a.augment);
    const auto dir = data_root(a.data) / "mnist";
    const Dataset data = load_mnist(dir, a.set);
    std::vector<std::size_t> indices = a.indices;
    if (indices.empty() && a.misclassified == 0 && !a.confusion) indices = {0};
    for (std::size_t i : indices)
        if (i >= data.size())
            fail("--index ", i, " is out of range: the MNIST ", a.set, " set has ", data.size(), " digits (0 to ",
                 data.size() - 1, ")");

    // The model's softmax outputs for every digit of the set, when given.
    Matrix probs;
    std::vector<std::int32_t> predicted;
    if (!a.model.empty()) {
        const ModelFile file = load_model_file(a.model);
        Sequential net = network_of(file);
        if (net.input_size() != kSide * kSide || net.output_size() != 10)
            fail(a.model, ": the model takes ", net.input_size(), " inputs and gives ", net.output_size(),
                 " outputs; an MNIST classifier has 784 and 10");
        Matrix x = data.features;
        file.preprocessing.apply(x.view());
        probs = Matrix(data.size(), 10);
        net.predict(x, probs);
        predicted = argmax_rows(probs.view());
        std::printf("model: %s\n", a.model.c_str());
    }

    if (!a.augment.kinds.empty()) {
        show_augmented(a, data, indices, augment);
        return;
    }

    std::vector<ImageTile> tiles;
    for (std::size_t i : indices) {
        const auto ink = ink_of(data, i);
        const int label = data.labels[i];
        std::printf("\nMNIST %s digit %zu: label %d\n", a.set.c_str(), i, label);
        print_digit(ink);
        ImageTile tile;
        tile.pixels = ink;
        tile.width = tile.height = kSide;
        tile.caption = "#" + std::to_string(i) + ": label " + std::to_string(label);
        if (!probs.empty()) {
            const auto p = probs.row(i);
            const int guess = predicted[i];
            std::printf("prediction: %d (probability %.4f) %s\n", guess, static_cast<double>(p[guess]),
                        guess == label ? "correct" : "WRONG");
            std::printf("probabilities:\n");
            double sum = 0;
            for (std::size_t c = 0; c < 10; ++c) {
                const double v = p[c];
                sum += v;
                const auto len = static_cast<std::size_t>(v * 40 + 0.5);
                std::string bar;
                for (std::size_t k = 0; k < len; ++k) bar += "\u2588";
                std::printf("  %zu %.4f %s\n", c, v, bar.c_str());
            }
            std::printf("  sum %.4f\n", sum);
            tile.caption += "\npredicted " + std::to_string(guess) + " (" + fixed(p[guess], 3) + ")";
            tile.caption_color = guess == label ? "#2ca02c" : "#d62728";
            tile.bars.assign(p.begin(), p.end());
            tile.highlight = guess;
        }
        tiles.push_back(std::move(tile));
    }
    if (!tiles.empty()) {
        ImageGrid grid;
        grid.title = "MNIST " + a.set + " digits";
        if (!probs.empty()) grid.title += " with the model's probabilities";
        grid.tiles = std::move(tiles);
        grid.columns = 5;
        grid.pixel_size = 4;
        std::printf("\n");
        write_figure(a, "digits.svg", image_grid_svg(grid));
    }

    if (a.misclassified > 0) {
        std::vector<std::size_t> wrong;
        for (std::size_t i = 0; i < data.size(); ++i)
            if (predicted[i] != data.labels[i]) wrong.push_back(i);
        const auto confidence = [&](std::size_t i) { return probs(i, static_cast<std::size_t>(predicted[i])); };
        std::stable_sort(wrong.begin(), wrong.end(),
                         [&](std::size_t x, std::size_t y) { return confidence(x) > confidence(y); });
        const std::size_t n = std::min(a.misclassified, wrong.size());
        std::printf("\n%zu of %zu %s digits misclassified; the %zu most confident mistakes:\n", wrong.size(),
                    data.size(), a.set.c_str(), n);
        std::printf("  rank  index  true  predicted  confidence\n");
        ImageGrid grid;
        grid.title = "The " + std::to_string(n) + " most confidently misclassified MNIST " + a.set + " digits";
        grid.columns = 10;
        grid.pixel_size = 3;
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t i = wrong[k];
            std::printf("  %4zu  %5zu  %4d  %9d  %10.4f\n", k + 1, i, data.labels[i], predicted[i],
                        static_cast<double>(confidence(i)));
            ImageTile tile;
            tile.pixels = ink_of(data, i);
            tile.width = tile.height = kSide;
            tile.caption = "#" + std::to_string(i) + " true " + std::to_string(data.labels[i]) + "\npred " +
                           std::to_string(predicted[i]) + " " + fixed(confidence(i), 3);
            tile.caption_color = "#d62728";
            grid.tiles.push_back(std::move(tile));
        }
        if (n > 0) write_figure(a, "misclassified.svg", image_grid_svg(grid));
    }

    if (a.confusion) {
        const ConfusionMatrix cm(predicted, data.labels, 10);
        MatrixHeatmap h;
        std::size_t correct = 0;
        for (std::size_t t = 0; t < 10; ++t) correct += cm.at(t, t);
        h.title = "Confusion matrix, MNIST " + a.set + " set (" + fixed(100.0 * static_cast<double>(correct) /
                                                                            static_cast<double>(data.size()), 2) +
                  "% correct)";
        h.row_title = "true class";
        h.column_title = "predicted class";
        std::printf("\nconfusion matrix (rows: true class, columns: predicted)\n      ");
        for (std::size_t c = 0; c < 10; ++c) std::printf("%6zu", c);
        std::printf("\n");
        for (std::size_t t = 0; t < 10; ++t) {
            h.row_labels.push_back(std::to_string(t));
            h.column_labels.push_back(std::to_string(t));
            std::vector<double> row;
            std::printf("%6zu", t);
            for (std::size_t p = 0; p < 10; ++p) {
                row.push_back(static_cast<double>(cm.at(t, p)));
                std::printf("%6zu", cm.at(t, p));
            }
            std::printf("\n");
            h.values.push_back(std::move(row));
        }
        std::printf("accuracy: %.2f%% (%zu of %zu)\n", 100.0 * static_cast<double>(correct) /
                                                           static_cast<double>(data.size()),
                    correct, data.size());
        write_figure(a, "confusion.svg", matrix_heatmap_svg(h));
    }
}

}  // namespace

void add_show(CLI::App& app) {
    auto a = std::make_shared<ShowArgs>();
    auto* cmd = app.add_subcommand("show", "Show MNIST digits in the terminal and as SVG; with a model, its "
                                           "predictions, worst mistakes and confusion matrix");
    cmd->add_option("--index", a->indices, "Digits to show, e.g. 0,7,42 (default 0)")
        ->delimiter(',')
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("--set", a->set, "MNIST part: test (default) or train");
    cmd->add_option("--data", a->data.data_dir, "Folder with mnist/ (default: ./data)");
    cmd->add_option("-m,--model", a->model, "Model file (neurite train) to predict with");
    cmd->add_option("--misclassified", a->misclassified, "Gallery of the N most confidently misclassified digits")
        ->check(CLI::Range(1, 10000));
    cmd->add_flag("--confusion", a->confusion, "Confusion matrix as a heat map (confusion.svg)");
    cmd->add_option("--out", a->out, "Folder for the figures (default out/show)");
    add_augment_options(*cmd, a->augment);
    cmd->add_option("--variants", a->variants, "--augment: distortions shown of each digit (default 7)")
        ->check(CLI::Range(1, 100));
    cmd->add_option("--seed", a->seed, "--augment: seed of the distortions (default 1)");
    cmd->callback([a] { run_show(*a); });
}

}  // namespace neurite::cli
