// Small, dependency-free SVG charts for learning curves and demonstrations.
// The output is a complete standalone SVG document that browsers render.
#pragma once

#include <limits>
#include <string>
#include <vector>

namespace neurite {

struct Series {
    std::string name;
    std::vector<double> x;
    std::vector<double> y;
    std::string color;   // CSS color; empty picks from a palette
    bool dashed = false;
    bool markers = false;
    // false: a scatter plot, one marker (radius 5) per point and no line, drawn
    // above the lines; `markers` is then implied.
    bool line = true;
};

struct Axes {
    std::string title;
    std::string x_label;
    std::string y_label;
    bool log_y = false;
    std::vector<Series> series;
    // Fixed ends of the axes; NaN (the default) takes an end from the data
    // (widened to a whole tick step). A fixed end is the end of the axis
    // exactly, and what lies beyond it is clipped.
    double x_min = std::numeric_limits<double>::quiet_NaN();
    double x_max = std::numeric_limits<double>::quiet_NaN();
    double y_min = std::numeric_limits<double>::quiet_NaN();
    double y_max = std::numeric_limits<double>::quiet_NaN();
};

// One or more panels side by side (e.g. loss and accuracy), each with its own
// axes, ticks, grid and legend. Non-finite points are skipped.
std::string line_chart_svg(const std::vector<Axes>& panels, int panel_width = 480, int height = 340);

// Escapes &, <, >, " for SVG/XML text.
std::string xml_escape(const std::string& s);

}  // namespace neurite
