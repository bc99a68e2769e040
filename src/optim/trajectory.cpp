#include "neurite/optim/trajectory.hpp"

#include <cmath>

#include "neurite/core/error.hpp"

namespace neurite {

std::vector<double> Trajectory::coordinate(std::size_t k) const {
    std::vector<double> out;
    out.reserve(points.size());
    for (const auto& p : points) {
        if (k >= p.size()) fail("trajectory: coordinate ", k, " of a ", p.size(), "-dimensional path");
        out.push_back(p[k]);
    }
    return out;
}

Trajectory run_optimizer(const OptimizerConfig& config, const Objective& f, std::span<const double> start,
                         const TrajectoryOptions& options) {
    if (start.empty()) fail("trajectory: the start point has no coordinates");
    if (!f) fail("trajectory: no function to minimize");
    const std::size_t n = start.size();
    Optimizer opt(config, n);
    std::vector<float> params(n), grads(n);
    for (std::size_t i = 0; i < n; ++i) params[i] = static_cast<float>(start[i]);
    std::vector<double> point(n), grad(n);

    Trajectory t;
    for (std::size_t step = 0;; ++step) {
        for (std::size_t i = 0; i < n; ++i) point[i] = params[i], grad[i] = 0.0;
        const double value = f(point, grad);
        double norm2 = 0.0;
        for (double g : grad) norm2 += g * g;
        const double norm = std::sqrt(norm2);
        if (std::isnan(value) || std::isnan(norm))
            fail("trajectory: ", to_string(config.kind), " reached a point where f or its gradient is NaN at step ",
                 step);
        t.points.push_back(point);
        t.values.push_back(value);
        t.gradient_norms.push_back(norm);
        if (options.gradient_tolerance > 0 && norm < options.gradient_tolerance) {
            t.converged = true;
            break;
        }
        if (step == options.max_steps) break;
        for (std::size_t i = 0; i < n; ++i) grads[i] = static_cast<float>(grad[i]);
        opt.step(params, grads);
    }
    return t;
}

}  // namespace neurite
