// How the initial weights' scale shapes a deep sigmoid network's activations:
// 1000 random inputs through 5 layers of 100 units, for weights of std 1,
// std 0.01 and Xavier's; per-layer statistics, and a histogram grid as SVG.
//
//   build/examples/init_histograms [OUT.svg]      (default: init_histograms.svg)
#include <cstdio>
#include <string>

#include <neurite/neurite.hpp>
#include <neurite/nn/diagnostics.hpp>
#include <neurite/plot/bars.hpp>

using namespace neurite;

int main(int argc, char** argv) {
    const std::string out = argc > 1 ? argv[1] : "init_histograms.svg";
    Rng rng(1);
    Matrix x(1000, 100);
    for (float& v : x.flat()) v = static_cast<float>(rng.normal());

    const std::pair<const char*, Initializer> inits[] = {{"std 1", Initializer::normal(0, 1)},
                                                         {"std 0.01", Initializer::normal(0, 0.01)},
                                                         {"Xavier", Initializer::of(InitKind::xavier_normal)}};
    HistogramGrid grid;
    grid.title = "sigmoid activations per layer";
    grid.column_labels = {"layer 1", "layer 2", "layer 3", "layer 4", "layer 5"};
    grid.x_label = "activation value";
    for (const auto& [name, init] : inits) {
        Sequential net(100);
        for (int i = 0; i < 5; ++i) net.dense({.units = 100, .activation = Activation::sigmoid, .weight_init = init});
        net.build();
        Rng init_rng(2);
        net.init(init_rng);
        net.forward(x);

        std::printf("%s\n", name);
        for (const auto& s : activation_stats(net))
            std::printf("  layer %zu  mean %.3f  std %.4f  saturated %5.1f%%\n", s.layer + 1, s.values.mean,
                        s.values.std, 100 * s.saturated);
        HistogramRow row{.label = name, .lo = 0, .hi = 1, .cells = {}, .y_max = 0};
        for (const Histogram& h : activation_histograms(net, 0.0, 1.0, 30))
            row.cells.push_back({.counts = {h.counts.begin(), h.counts.end()}, .note = ""});
        grid.rows.push_back(row);
    }
    try {
        write_file_atomic(out, histogram_grid_svg(grid));
    } catch (const Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    std::printf("figure: %s\n", out.c_str());
    return 0;
}
