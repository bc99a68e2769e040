// The axes of every neurite chart (internal to src/plot): where ticks go
// (the one tick step, and the decades of a log axis), and the drawing of the
// grid, tick marks, frame, tick labels, title and axis labels around a plot
// area. Each chart chooses its ticks and margins from its own data; what the
// axes look like is written here once.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "svg_style.hpp"

namespace neurite::axes {

// ---- ticks ---------------------------------------------------------------------------

// 10^e, exact for the integer powers a double can hold exactly; 1/10^-e
// rounds the negative powers the way their decimal text reads.
inline double pow10i(int e) { return e >= 0 || e < -300 ? std::pow(10.0, e) : 1.0 / std::pow(10.0, -e); }

// The one tick step of every chart: m × 10^e with m = 1, 2 or 5, the
// smallest such step that divides `span` into at most about `target` parts.
// (Where the ticks go — widened to whole steps, or only those inside the
// range — is each chart's choice.)
struct TickStep {
    int m = 1, e = 0;
    double step = 1;
    // The i-th multiple of the step, (i·m)·10^e; dividing by 10^-e keeps 3 × 0.1 at 0.3.
    double value(long long i) const {
        const double k = static_cast<double>(i) * m;
        return e >= 0 ? k * pow10i(e) : k / pow10i(-e);
    }
};

inline TickStep tick_step(double span, int target) {
    const double raw = span / std::max(target, 1);
    TickStep t;
    t.e = static_cast<int>(std::floor(std::log10(raw)));
    const double norm = raw / pow10i(t.e);
    t.m = norm <= 1.0 + 1e-9 ? 1 : norm <= 2.0 + 1e-9 ? 2 : norm <= 5.0 + 1e-9 ? 5 : 10;
    if (t.m == 10) t.m = 1, ++t.e;
    t.step = t.m * pow10i(t.e);
    return t;
}

// The decades of a log axis from 10^e0 to 10^e1 (e0 < e1), every `stride`
// decades so that there are at most about `target` of them; the ends are
// widened to multiples of the stride.
struct Decades {
    int e0 = 0, e1 = 1, stride = 1;
};

inline Decades decades(int e0, int e1, int target) {
    Decades d;
    d.stride = std::max(1, (e1 - e0 + target - 1) / std::max(target, 1));
    d.e0 = static_cast<int>(std::floor(static_cast<double>(e0) / d.stride)) * d.stride;
    d.e1 = static_cast<int>(std::ceil(static_cast<double>(e1) / d.stride)) * d.stride;
    return d;
}

// ---- the plot area -------------------------------------------------------------------

// The plot area in pixels.
struct Box {
    double left = 0, top = 0, right = 0, bottom = 0;
    double width() const { return right - left; }
    double height() const { return bottom - top; }
};

// A plot area with linear axes over [x_min, x_max] × [y_min, y_max].
struct Frame : Box {
    double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
    double px(double x) const { return left + (x - x_min) / (x_max - x_min) * (right - left); }
    double py(double y) const { return bottom - (y - y_min) / (y_max - y_min) * (bottom - top); }
};

// ---- drawing -------------------------------------------------------------------------

// A tick: where it stands on its axis, in pixels, and its label.
struct Tick {
    double px = 0;
    std::string label;
};

// How a kind of chart draws its axes.
struct Look {
    double tick_length;     // of the marks outside the frame
    double x_label_gap;     // from the frame's bottom to the baseline of the x tick labels
    double y_label_gap;     // from the frame's left to the end of the y tick labels
    const char* tick_color;
    const char* frame_color;
    bool grid;              // lines across the plot area at every tick
};

// Line and bar charts: a light grid, gray frame and marks.
inline constexpr Look kChart{4, 16, 7, "#666666", "#888888", true};
// Heat maps and contour plots: no grid over the colors, a darker frame.
inline constexpr Look kMap{5, 18, 8, "#555555", "#555555", false};

// Grid (minor y lines, then x and y lines), tick marks and frame, with crisp
// edges; then the tick labels: x labels centered under their ticks and
// thinned to every k-th when they would touch, y labels right-aligned.
void draw(std::string& out, const Box& box, const std::vector<Tick>& x, const std::vector<Tick>& y,
          const std::vector<double>& minor_y, const Look& look);

// The title at baseline y, centered at cx but kept 8 px inside the chart's
// width from ox; a title wider than the chart less 16 px is centered on it
// and compressed to fit. Nothing for an empty title.
void title(std::string& out, const std::string& text, double cx, double y, double ox, double width);

// The x axis label centered at (cx, y); nothing for an empty label.
void x_label(std::string& out, const std::string& text, double cx, double y);

// A label turned to read upwards, centered at (x, y): the y axis label
// (class "y-label") or a color key's caption. Nothing for an empty label.
void rotated_label(std::string& out, const char* cls, const std::string& text, double x, double y);

}  // namespace neurite::axes
