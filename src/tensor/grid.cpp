#include "neurite/tensor/grid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "neurite/core/error.hpp"

namespace neurite {

Grid2D::Grid2D(double x_lo, double x_hi, std::size_t x_nodes, double y_lo, double y_hi, std::size_t y_nodes)
    : x_min(x_lo), x_max(x_hi), y_min(y_lo), y_max(y_hi), nx(x_nodes), ny(y_nodes) {
    if (nx < 2 || ny < 2) fail("grid: needs at least 2 nodes along each axis (got ", nx, " × ", ny, ")");
    if (nx > 100000 || ny > 100000 || nx * ny > 50000000)
        fail("grid: ", nx, " × ", ny, " nodes is too many (at most 50,000,000)");
    values.assign(nx * ny, 0.0);
    validate("grid");
}

Grid2D Grid2D::sample(const std::function<double(double, double)>& f, double x_lo, double x_hi, std::size_t x_nodes,
                      double y_lo, double y_hi, std::size_t y_nodes) {
    Grid2D g(x_lo, x_hi, x_nodes, y_lo, y_hi, y_nodes);
    for (std::size_t j = 0; j < g.ny; ++j)
        for (std::size_t i = 0; i < g.nx; ++i) g.at(i, j) = f(g.x(i), g.y(j));
    return g;
}

// The last node is exactly the upper edge, whatever the rounding of the step.
double Grid2D::x(std::size_t i) const {
    return i + 1 == nx ? x_max : x_min + (x_max - x_min) * static_cast<double>(i) / static_cast<double>(nx - 1);
}

double Grid2D::y(std::size_t j) const {
    return j + 1 == ny ? y_max : y_min + (y_max - y_min) * static_cast<double>(j) / static_cast<double>(ny - 1);
}

double Grid2D::min_value() const {
    double lo = std::numeric_limits<double>::infinity();
    for (double v : values)
        if (std::isfinite(v)) lo = std::min(lo, v);
    return std::isfinite(lo) ? lo : 0.0;
}

double Grid2D::max_value() const {
    double hi = -std::numeric_limits<double>::infinity();
    for (double v : values)
        if (std::isfinite(v)) hi = std::max(hi, v);
    return std::isfinite(hi) ? hi : 0.0;
}

void Grid2D::validate(const char* what) const {
    if (nx < 2 || ny < 2) fail(what, ": the grid needs at least 2 nodes along each axis (got ", nx, " × ", ny, ")");
    if (values.size() != nx * ny)
        fail(what, ": the grid has ", values.size(), " values, expected ", nx, " × ", ny, " = ", nx * ny);
    if (!std::isfinite(x_min) || !std::isfinite(x_max) || !(x_min < x_max))
        fail(what, ": the grid's x range [", x_min, ", ", x_max, "] is empty or not finite");
    if (!std::isfinite(y_min) || !std::isfinite(y_max) || !(y_min < y_max))
        fail(what, ": the grid's y range [", y_min, ", ", y_max, "] is empty or not finite");
}

}  // namespace neurite
