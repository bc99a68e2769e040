// neurite demo init: how the scale of the initial weights shapes the
// activations of a deep network.
//
// 1000 standard-normal inputs of 100 features go through 5 dense layers of
// 100 units (biases 0), once per configuration; every layer's outputs are
// summarized and drawn as a histogram. The configurations are the classic
// experiment's: sigmoid with weights of std 1, std 0.01 and Xavier's
// std 1/√100 = 0.1, and ReLU with std 0.01, Xavier and He (std √(2/100)).
// Sigmoid goes with the first three because Xavier's scale is derived for
// activations that are roughly linear around 0 (tanh, sigmoid); He's factor
// 2 makes up for ReLU zeroing half of its inputs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "demo.hpp"
#include "neurite/nn/diagnostics.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/plot/bars.hpp"

namespace neurite::cli {
namespace {

constexpr std::size_t kRows = 1000, kUnits = 100, kLayers = 5, kBins = 30;

struct Config {
    const char* name;
    const char* label;  // for the figure's rows
    Activation activation;
    Initializer init;
};

struct Result {
    std::vector<LayerActivationStats> stats;
    std::vector<Histogram> histograms;
    std::vector<double> max_offset;  // max |y − 0.5| per layer
    std::vector<double> near_ends;   // share of outputs below 0.1 or above 0.9 per layer
};

}  // namespace

int demo_init(const DemoContext& ctx) {
    const std::vector<Config> configs = {
        {"sigmoid, std 1", "sigmoid\nN(0, 1)", Activation::sigmoid, Initializer::normal(0, 1)},
        {"sigmoid, std 0.01", "sigmoid\nN(0, 0.01)", Activation::sigmoid, Initializer::normal(0, 0.01)},
        {"sigmoid, Xavier", "sigmoid\nXavier (std 0.1)", Activation::sigmoid, Initializer::of(InitKind::xavier_normal)},
        {"relu, std 0.01", "ReLU\nN(0, 0.01)", Activation::relu, Initializer::normal(0, 0.01)},
        {"relu, Xavier", "ReLU\nXavier (std 0.1)", Activation::relu, Initializer::of(InitKind::xavier_normal)},
        {"relu, He", "ReLU\nHe (std 0.141)", Activation::relu, Initializer::of(InitKind::he_normal)},
    };
    constexpr double kReluMax = 4.0;  // the x range of the ReLU histograms

    Rng data_rng(ctx.seed);
    Matrix x(kRows, kUnits);
    for (float& v : x.flat()) v = static_cast<float>(data_rng.normal());

    std::printf("%zu standard-normal inputs -> %zu dense layers of %zu units (biases 0), one forward pass each.\n",
                kRows, kLayers, kUnits);
    std::printf("As in the classic experiment, sigmoid goes with std 1, std 0.01 and Xavier, whose std\n"
                "1/sqrt(fan_in) is derived for activations that are roughly linear around 0 (tanh, sigmoid);\n"
                "ReLU goes with std 0.01, Xavier and He: ReLU zeroes half of its inputs, and He's std\n"
                "sqrt(2/fan_in) doubles the variance to make up for it.\n");
    std::printf("saturated: share of outputs where the activation's slope is below 5%% of its maximum\n"
                "(sigmoid y < 0.0127 or y > 0.9873; ReLU y = 0, a unit that is off).\n");

    std::vector<Result> results;
    for (const Config& c : configs) {
        Sequential net(kUnits);
        for (std::size_t l = 0; l < kLayers; ++l)
            net.dense({.units = kUnits, .activation = c.activation, .weight_init = c.init});
        net.build();
        Rng rng(ctx.seed + 1);  // the same normal draws, scaled differently
        net.init(rng);
        net.forward(x);
        Result r;
        r.stats = activation_stats(net);
        const bool relu = c.activation == Activation::relu;
        r.histograms = activation_histograms(net, 0.0, relu ? kReluMax : 1.0, kBins);
        for (std::size_t l = 0; l < kLayers; ++l) {
            double m = 0;
            for (std::size_t i = 0; i < kRows; ++i)
                for (float v : net.activations(l).row(i)) m = std::max(m, std::abs(static_cast<double>(v) - 0.5));
            r.max_offset.push_back(m);
            const Histogram ends = histogram(net.activations(l), 0.1, 0.9, 1);  // below / in / above
            r.near_ends.push_back(static_cast<double>(ends.below + ends.above) / static_cast<double>(ends.total()));
        }

        std::printf("\n%s\n  layer      mean       std       min       max  saturated%s\n", c.name,
                    relu ? "" : "  <0.1|>0.9  max|y-0.5|");
        for (std::size_t l = 0; l < kLayers; ++l) {
            const auto& s = r.stats[l];
            std::printf("  %5zu  %8.4f  %8.4f  %8.4f  %8.4f  %8.1f%%", l + 1, s.values.mean, s.values.std,
                        s.values.min, s.values.max, 100 * s.saturated);
            if (!relu) std::printf("  %8.1f%%  %10.4f", 100 * r.near_ends[l], r.max_offset[l]);
            std::printf("\n");
        }
        results.push_back(std::move(r));
    }

    // The figure: one row per configuration, one column per layer, bars as %
    // of the 100,000 outputs. ReLU's exact zeros are left out of its first
    // bin (they would dwarf the rest) and given as a note instead.
    HistogramGrid grid;
    grid.title = "Activation values per layer (5 x 100 units, 1000 standard-normal inputs)";
    for (std::size_t l = 0; l < kLayers; ++l) grid.column_labels.push_back("layer " + std::to_string(l + 1));
    grid.x_label = "activation value (sigmoid rows 0..1; ReLU rows 0..4, its zeros left out: see 'off')";
    grid.y_unit = "%";
    grid.row_colors = {"#1f77b4", "#1f77b4", "#1f77b4", "#2ca02c", "#2ca02c", "#2ca02c"};
    for (std::size_t c = 0; c < configs.size(); ++c) {
        const bool relu = configs[c].activation == Activation::relu;
        HistogramRow row;
        row.label = configs[c].label;
        row.lo = 0;
        row.hi = relu ? kReluMax : 1.0;
        for (std::size_t l = 0; l < kLayers; ++l) {
            const Histogram& h = results[c].histograms[l];
            const double total = static_cast<double>(h.total());
            HistogramCell cell;
            for (std::size_t b = 0; b < h.counts.size(); ++b) cell.counts.push_back(100.0 * h.counts[b] / total);
            char note[64];
            if (relu) {
                const double off = results[c].stats[l].saturated;  // exact zeros
                cell.counts[0] -= 100.0 * off;
                std::snprintf(note, sizeof note, "off %.0f%%", 100 * off);
                const double above = 100.0 * static_cast<double>(h.above) / total;
                if (h.above)
                    std::snprintf(note, sizeof note, above < 0.1 ? "off %.0f%%, >4: <0.1%%" : "off %.0f%%, >4: %.1f%%",
                                  100 * off, above);
            } else {
                std::snprintf(note, sizeof note, "sat %.0f%%", 100 * results[c].stats[l].saturated);
            }
            cell.note = note;
            row.cells.push_back(std::move(cell));
        }
        grid.rows.push_back(std::move(row));
    }
    ctx.write_figure("init.svg", histogram_grid_svg(grid, 170, 110));

    // What the classic experiment shows, checked.
    const auto& std1 = results[0].stats;
    const auto& small = results[1];
    const auto& xavier = results[2].stats;
    const auto& relu_small = results[3].stats;
    const auto& relu_xavier = results[4].stats;
    const auto& he = results[5].stats;
    bool ok = true;
    auto check = [&](bool holds, const char* what) {
        std::printf("  %s  %s\n", holds ? "yes" : "NO ", what);
        ok = ok && holds;
    };
    std::printf("\n");
    double min_ends = 1, max_xavier_sat = 0, max_small_std = 0, max_small_offset = 0;
    for (std::size_t l = 0; l < kLayers; ++l) {
        min_ends = std::min(min_ends, results[0].near_ends[l]);
        max_xavier_sat = std::max(max_xavier_sat, xavier[l].saturated);
        if (l > 0) max_small_std = std::max(max_small_std, small.stats[l].values.std);
        if (l > 0) max_small_offset = std::max(max_small_offset, small.max_offset[l]);
    }
    std::printf("sigmoid, std 1: in every layer at least %.0f%% of the outputs are below 0.1 or above 0.9\n",
                100 * min_ends);
    check(min_ends > 0.6, "std 1 saturates sigmoid: most outputs near 0 or 1 in every layer");
    std::printf("sigmoid, std 0.01: from layer 2 on, every output lies within 0.5 +- %.4f (std <= %.4f)\n",
                max_small_offset, max_small_std);
    check(max_small_offset < 0.05 && max_small_std < 0.015,
          "std 0.01 collapses sigmoid to 0.5: every unit computes nearly the same value");
    std::printf("sigmoid, Xavier: std %.3f in layer 5 (between std 0.01's %.4f and std 1's %.3f), at most %.1f%% saturated\n",
                xavier[4].values.std, small.stats[4].values.std, std1[4].values.std, 100 * max_xavier_sat);
    check(xavier[4].values.std > 3 * small.stats[4].values.std && xavier[4].values.std < std1[4].values.std &&
              max_xavier_sat < 0.05,
          "Xavier spreads sigmoid outputs without saturating them");
    std::printf("ReLU, std: layer 1 -> layer 5: N(0, 0.01) %.3g -> %.3g, Xavier %.3g -> %.3g, He %.3g -> %.3g\n",
                relu_small[0].values.std, relu_small[4].values.std, relu_xavier[0].values.std,
                relu_xavier[4].values.std, he[0].values.std, he[4].values.std);
    check(relu_small[4].values.std < 1e-4, "std 0.01 makes ReLU outputs vanish layer by layer");
    check(relu_xavier[4].values.std < 0.5 * relu_xavier[0].values.std,
          "Xavier halves ReLU's spread every two layers (ReLU zeroes half the inputs)");
    check(he[4].values.std > 0.5 * he[0].values.std && he[4].values.std < 2 * he[0].values.std,
          "He keeps ReLU's spread from layer to layer");
    return ok ? 0 : 1;
}

}  // namespace neurite::cli
