// SGD, momentum, AdaGrad, RMSProp and Adam on f(x, y) = x²/20 + y² from
// (−7, 2) for 30 steps, drawn on one contour plot.
//
//   build/examples/optimizer_paths [out.svg]
#include <cmath>
#include <cstdio>
#include <vector>

#include <neurite/neurite.hpp>
#include <neurite/optim/trajectory.hpp>
#include <neurite/plot/heatmap.hpp>

using namespace neurite;

int main(int argc, char** argv) try {
    const auto f = [](double x, double y) { return x * x / 20 + y * y; };
    const Objective bowl = [&](std::span<const double> p, std::span<double> g) {
        g[0] = p[0] / 10;
        g[1] = 2 * p[1];
        return f(p[0], p[1]);
    };
    const struct {
        const char* name;
        OptimizerConfig config;
    } runs[] = {
        {"SGD", {.kind = OptimizerKind::sgd, .learning_rate = 0.95}},
        {"momentum", {.kind = OptimizerKind::momentum, .learning_rate = 0.1, .momentum = 0.9}},
        {"AdaGrad", {.kind = OptimizerKind::adagrad, .learning_rate = 1.5}},
        {"RMSProp", {.kind = OptimizerKind::rmsprop, .learning_rate = 0.2, .rho = 0.9}},
        {"Adam", {.kind = OptimizerKind::adam, .learning_rate = 0.3}},
    };
    ContourPlot plot;
    plot.title = "Optimizers on x\u00b2/20 + y\u00b2";
    plot.grid = Grid2D::sample(f, -8, 8, 161, -3, 3, 121);
    plot.levels = {0.05, 0.2, 0.5, 1, 2, 3.5, 5.5, 8};
    bool ok = true;
    for (const auto& r : runs) {
        const Trajectory t = run_optimizer(r.config, bowl, std::vector<double>{-7, 2}, {.max_steps = 30});
        const auto& end = t.points.back();
        std::printf("%-9s lr %-5g ends at (%8.4f, %8.4f), f = %.5f\n", r.name, r.config.learning_rate, end[0], end[1],
                    t.values.back());
        ok = ok && std::hypot(end[0], end[1]) < std::hypot(-7.0, 2.0);
        Path2D path;
        path.name = r.name;
        path.x = t.coordinate(0);
        path.y = t.coordinate(1);
        plot.paths.push_back(path);
    }
    if (argc > 1) write_file_atomic(argv[1], contour_svg(plot));
    return ok ? 0 : 1;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
