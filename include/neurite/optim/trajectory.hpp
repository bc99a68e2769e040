// The path an optimizer takes on a function of a few variables — gradient
// descent on f(x) = x², or SGD, momentum, AdaGrad, RMSProp and Adam on the
// elongated bowl f(x, y) = x²/20 + y² — for printing and plotting.
//
//   Objective bowl = [](std::span<const double> p, std::span<double> g) {
//       g[0] = p[0] / 10;  g[1] = 2 * p[1];
//       return p[0] * p[0] / 20 + p[1] * p[1];
//   };
//   Trajectory t = run_optimizer({.kind = OptimizerKind::adam, .learning_rate = 0.3},
//                                bowl, std::vector<double>{-7, 2}, {.max_steps = 30});
//   t.points.back();   // where it ended; t.values.back() is f there
//
// The steps are those of the library's Optimizer, the same code that trains
// networks: the point is held in float32 (as network parameters are), the
// function and its gradient are evaluated in double at that float point.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "neurite/optim/optimizer.hpp"

namespace neurite {

// A differentiable function: returns f(p) and writes ∇f(p) into grad, which
// has the length of p.
using Objective = std::function<double(std::span<const double> p, std::span<double> grad)>;

struct TrajectoryOptions {
    std::size_t max_steps = 100;
    // Stop, before stepping, at the first point where ‖∇f‖₂ < this; 0 never
    // stops early.
    double gradient_tolerance = 0.0;
};

struct Trajectory {
    // points[0] is the start (as float32 holds it), points[k] the point after
    // k steps; values and gradient_norms hold f and ‖∇f‖₂ at each point.
    std::vector<std::vector<double>> points;
    std::vector<double> values;
    std::vector<double> gradient_norms;
    bool converged = false;  // stopped by gradient_tolerance (not by max_steps)

    std::size_t steps() const { return points.empty() ? 0 : points.size() - 1; }
    // Coordinate k of every point, in order (e.g. the x values of a 2-D path).
    std::vector<double> coordinate(std::size_t k) const;
};

// Runs a fresh Optimizer built from `config` on f from `start`. Throws Error
// when start is empty or the function returns NaN (or a NaN gradient) —
// the message names the step.
Trajectory run_optimizer(const OptimizerConfig& config, const Objective& f, std::span<const double> start,
                         const TrajectoryOptions& options = {});

}  // namespace neurite
