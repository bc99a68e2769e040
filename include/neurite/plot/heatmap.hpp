// Pictures of a function of two variables, as complete standalone SVG
// documents (companions of line_chart_svg in svg.hpp):
//
// * heatmap_svg — the grid drawn as colored cells with a diverging colormap
//   (e.g. a network's output probability, white at 0.5), optional contour
//   lines on it (the decision boundary), data points on top colored by class,
//   axes and a color bar.
//
//     Heatmap h;
//     h.title = "XOR: network output";
//     h.grid = decision_map(net, -0.5, 1.5, -0.5, 1.5, 81);  // nn/decision_map.hpp
//     h.boundary_levels = {0.5};
//     h.points = {{.name = "target 0", .x = {0, 1}, .y = {0, 1}},
//                 {.name = "target 1", .x = {0, 1}, .y = {1, 0}}};
//     std::string svg = heatmap_svg(h);
//
// * contour_svg — contour lines of the grid at chosen levels (marching
//   squares), optionally with the bands between them filled, and paths drawn
//   over it (polylines with a marker at every point and a legend), e.g. the
//   trajectories of optimizers on a loss surface.
//
// A grid node's value is shown on the cell around it (cells at the edges are
// half cells), so a data point at a node sits in the middle of its cell.
// Text is escaped. Non-finite grid values are drawn as light gray cells and
// leave contours open.
#pragma once

#include <string>
#include <vector>

#include "neurite/tensor/grid.hpp"

namespace neurite {

// Every member of these structs has a default, so a designated initializer
// names only what it sets (GCC 12's -Wextra warns about a member left out
// that has none).

enum class MarkerShape { circle, square, triangle, diamond, cross };

// Data points of one class (or any named group).
struct PointGroup {
    std::string name = {};  // legend entry; empty: not in the legend
    std::vector<double> x = {}, y = {};
    std::string color = {};  // CSS color; empty picks from the palette
    MarkerShape shape = MarkerShape::circle;
    std::vector<std::string> labels = {};  // optional text beside each point (empty, or one per point)
};

struct Heatmap {
    std::string title = {};
    std::string x_label = {}, y_label = {};
    std::string value_label = {};  // caption of the color bar
    Grid2D grid = {};
    // Diverging colormap: blue at v_min, white at v_center, red at v_max;
    // values beyond the ends take the end colors. Needs v_min < v_center < v_max.
    double v_min = 0.0, v_center = 0.5, v_max = 1.0;
    // Contour lines drawn over the cells (dark, dashed), e.g. {0.5}: the
    // decision boundary of a classifier with outputs in [0, 1].
    std::vector<double> boundary_levels = {};
    std::vector<PointGroup> points = {};
    // One unit as long on both axes: the plot area shrinks along one axis
    // and the document is cropped to it, so width and height are then the
    // largest size the document takes.
    bool equal_aspect = true;
};

// Throws Error when the grid is invalid, the colormap range is not ordered,
// a point group's x, y and labels do not match in length, or the size is
// below 320×240.
std::string heatmap_svg(const Heatmap& heatmap, int width = 680, int height = 560);

// A named path over the contour plot.
struct Path2D {
    std::string name = {};  // legend entry
    std::vector<double> x = {}, y = {};
    std::string color = {};  // CSS color; empty picks from the palette
    bool markers = true;     // a dot at every point (the end point is always marked)
};

struct ContourPlot {
    std::string title = {};
    std::string x_label = {}, y_label = {};
    std::string value_label = {};  // caption of the level key
    Grid2D grid = {};
    std::vector<double> levels = {};  // strictly increasing
    bool filled = true;               // fill the bands between levels (light colors)
    bool equal_aspect = false;        // as in Heatmap
    std::vector<Path2D> paths = {};
    std::vector<PointGroup> points = {};  // e.g. the minimum
};

// Throws Error when the grid is invalid, levels are empty, not finite or not
// increasing, a path's x and y differ in length, or the size is below 320×240.
std::string contour_svg(const ContourPlot& plot, int width = 900, int height = 540);

// ---- marching squares ----------------------------------------------------------------

struct ContourPoint {
    double x = 0, y = 0;
};

// One connected piece of a level set: closed when it returns to its start
// (then the first point is not repeated), open when it leaves the grid or
// meets a non-finite value.
struct ContourLine {
    std::vector<ContourPoint> points;
    bool closed = false;
};

// The curves where the bilinear interpolation of the grid crosses `level`,
// by marching squares: a crossing on each grid edge whose ends lie on
// different sides (a node exactly at the level counts as above), segments
// joined into polylines. The two ambiguous (saddle) cases are decided by the
// mean of the four corners. Throws Error for an invalid grid or level.
std::vector<ContourLine> contour_lines(const Grid2D& grid, double level);

}  // namespace neurite
