// Grouped bar charts and grids of small histograms, as complete standalone
// SVG documents (the companions of line_chart_svg in svg.hpp).
//
//   BarChart c;                              // e.g. gradient norm per layer
//   c.categories = {"1", "2", "3"};          // one group of bars per category
//   c.series = {{"sigmoid", {1e-6, 1e-4, 1e-2}}, {"relu", {0.5, 0.6, 0.7}}};
//   c.log_y = true;
//   std::string svg = bar_chart_svg(c);
//
//   HistogramGrid g;                         // rows = configurations, columns = layers
//   g.column_labels = {"layer 1", "layer 2"};
//   g.rows = {{"std 1", 0.0, 1.0, {{counts1}, {counts2}}}};
//   std::string svg2 = histogram_grid_svg(g);
//
// Text is escaped; values that cannot be drawn (NaN, ±inf, and values ≤ 0
// on a log axis) leave their bar out and put a small "n/a" in its place.
#pragma once

#include <string>
#include <vector>

namespace neurite {

struct BarSeries {
    std::string name;            // legend entry
    std::vector<double> values;  // one per category
    std::string color;           // CSS color; empty picks from the palette
};

struct BarChart {
    std::string title;
    std::string x_label;
    std::string y_label;
    std::vector<std::string> categories;  // one group per category, left to right
    std::vector<BarSeries> series;        // one bar per series in every group
    // A log axis runs over whole decades; the bars rise from its bottom.
    // A linear axis always includes 0, where the bars start.
    bool log_y = false;
};

// Throws Error when a series does not have one value per category or the
// size is below 240×160.
std::string bar_chart_svg(const BarChart& chart, int width = 760, int height = 420);

struct HistogramCell {
    std::vector<double> counts;  // one per bin, over the row's [lo, hi]
    std::string note;            // small text in the cell's top-right corner (may be empty)
};

struct HistogramRow {
    std::string label;  // left of the row; "\n" breaks it into lines
    double lo = 0, hi = 1;  // the x range of every cell in the row
    std::vector<HistogramCell> cells;
    // The top of the cells' y axis; 0 takes the tallest bin of the row, so
    // the cells of a row are comparable. Bins above it are clipped (and
    // marked with a notch).
    double y_max = 0;
};

struct HistogramGrid {
    std::string title;
    std::vector<std::string> column_labels;  // above the top row
    std::string x_label;                     // below the bottom row
    std::string y_unit;                      // appended to the row's y maximum ("%" …)
    std::vector<HistogramRow> rows;
    std::vector<std::string> row_colors;     // per row; empty picks from the palette
};

// Throws Error when a row has a bad range, cells of different bin counts,
// or more cells than columns, or a cell size below 80×60.
std::string histogram_grid_svg(const HistogramGrid& grid, int cell_width = 150, int cell_height = 96);

}  // namespace neurite
