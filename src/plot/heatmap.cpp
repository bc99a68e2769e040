// Heat maps and contour plots as standalone SVG 1.1 documents.
//
// Both share one layout: a plot area for the grid's box (shrunk to equal
// units on both axes when asked), ticks at 1, 2 or 5 × 10^k inside the box,
// and a column on the right for the legend and the color key. Elements carry
// a class (cell, band, contour, boundary, point, path, legend, colorbar, ...)
// so tests and style sheets can find them.
//
// Cells of a heat map are merged along each row where neighbours have the
// same color and drawn with crisp edges, so no seams show between them.
// Filled contour bands are painted in order: the whole area in the lowest
// band's color, then each region {v ≥ level} on top in the next color; each
// region is one path (contours.hpp), so no seam shows inside a region and the
// layer below shows at its edge, never the page. The axes are axes.hpp's.
#include "neurite/plot/heatmap.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "neurite/core/error.hpp"
#include "axes.hpp"
#include "contours.hpp"
#include "neurite/plot/svg.hpp"
#include "svg_style.hpp"

namespace neurite {
namespace {

using namespace svg_style;
using axes::Frame;


// A short number for labels: up to 4 significant digits, no trailing zeros.
std::string short_number(double v) {
    if (std::abs(v) < 1e-12) return "0";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

// ---- colors --------------------------------------------------------------------------

struct Rgb {
    double r = 0, g = 0, b = 0;
};

Rgb rgb(unsigned hex) { return {double((hex >> 16) & 0xFF), double((hex >> 8) & 0xFF), double(hex & 0xFF)}; }

Rgb mix(Rgb a, Rgb b, double t) { return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t}; }

std::string hex(Rgb c) {
    const auto byte = [](double v) { return static_cast<unsigned>(std::clamp(std::lround(v), 0L, 255L)); };
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
    return buf;
}

// Diverging blue–white–red (ColorBrewer RdBu, five anchors), t in [0, 1].
constexpr std::array<unsigned, 5> kDiverging = {0x2166ac, 0x92c5de, 0xf7f7f7, 0xf4a582, 0xb2182b};

Rgb diverging(double t) {
    t = std::clamp(t, 0.0, 1.0) * 4.0;
    const auto k = std::min<std::size_t>(3, static_cast<std::size_t>(t));
    return mix(rgb(kDiverging[k]), rgb(kDiverging[k + 1]), t - static_cast<double>(k));
}

// Light sequential ramp for filled contour bands: pale at the lowest band,
// a soft blue-gray at the highest, so colored paths stay readable on top.
constexpr std::array<unsigned, 3> kSequential = {0xfbfcf4, 0xd9ecd6, 0xa9c6dc};

Rgb sequential(double t) {
    t = std::clamp(t, 0.0, 1.0) * 2.0;
    const auto k = std::min<std::size_t>(1, static_cast<std::size_t>(t));
    return mix(rgb(kSequential[k]), rgb(kSequential[k + 1]), t - static_cast<double>(k));
}

// ---- ticks and layout ---------------------------------------------------------------

// Values at multiples of 1, 2 or 5 × 10^k inside [lo, hi], about `target`
// of them, each with its label.
std::vector<std::pair<double, std::string>> ticks_inside(double lo, double hi, int target) {
    const axes::TickStep ts = axes::tick_step(hi - lo, target);
    const double step = ts.step;
    const int decimals = std::max(0, -ts.e);
    std::vector<std::pair<double, std::string>> out;
    const auto first = static_cast<long long>(std::ceil(lo / step - 1e-9));
    const auto last = static_cast<long long>(std::floor(hi / step + 1e-9));
    for (long long i = first; i <= last && out.size() < 200; ++i) {
        const double v = ts.value(i);
        char buf[48];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        std::string s = buf;
        if (s.find_first_not_of("-0.") == std::string::npos) s.assign(1, '0');
        out.emplace_back(v, s);
    }
    return out;
}

// Lays out the plot area in width × height, leaving `right_column` pixels
// on the right for the legend and color key. The frame's edges are whole
// pixels, so cells drawn with crisp edges meet it exactly. With equal_aspect
// the area shrinks along one axis and the document is cropped to what is
// drawn: `width` and `height` come back as the document's size.
Frame layout(const Grid2D& g, const std::string& title, const std::string& x_label, const std::string& y_label,
             bool equal_aspect, double right_column, int& width, int& height) {
    Frame f;
    f.x_min = g.x_min, f.x_max = g.x_max, f.y_min = g.y_min, f.y_max = g.y_max;
    double ylabel_w = 0;
    for (const auto& [v, s] : ticks_inside(g.y_min, g.y_max, 6))
        ylabel_w = std::max(ylabel_w, text_width(s, kTickFont));
    const double below = x_label.empty() ? 28 : 48;
    const double left = std::round(12 + (y_label.empty() ? 0 : 20) + ylabel_w + 8);
    const double top = title.empty() ? 16 : 42;
    const double bottom = std::round(height - below);
    const double right = std::round(width - right_column - 14);
    double pw = right - left, ph = bottom - top;
    if (equal_aspect) {
        const double scale = std::min(pw / (g.x_max - g.x_min), ph / (g.y_max - g.y_min));
        pw = std::round(scale * (g.x_max - g.x_min)), ph = std::round(scale * (g.y_max - g.y_min));
        width = static_cast<int>(std::ceil(left + pw + right_column + 14));
        height = static_cast<int>(std::ceil(top + ph + below));
    }
    f.left = left;
    f.right = left + pw;
    f.top = top;
    f.bottom = top + ph;
    return f;
}

// Frame, ticks and their labels; title and axis labels.
void draw_axes(std::string& out, const Frame& f, const std::string& title, const std::string& x_label,
               const std::string& y_label, int width) {
    std::vector<axes::Tick> x, y;
    double ylabel_w = 0;
    for (const auto& [v, s] : ticks_inside(f.x_min, f.x_max, std::max(2, static_cast<int>(f.width() / 80))))
        x.push_back({f.px(v), s});
    for (const auto& [v, s] : ticks_inside(f.y_min, f.y_max, std::max(2, static_cast<int>(f.height() / 56)))) {
        y.push_back({f.py(v), s});
        ylabel_w = std::max(ylabel_w, text_width(s, kTickFont));
    }
    axes::draw(out, f, x, y, {}, axes::kMap);
    axes::title(out, title, (f.left + f.right) / 2, f.top - 16, 0, width);
    axes::x_label(out, x_label, (f.left + f.right) / 2, f.bottom + 38);
    axes::rotated_label(out, "y-label", y_label, f.left - 8 - ylabel_w - 10, (f.top + f.bottom) / 2);
}

// The ticks right of a color key 16 px wide at x = cx (marks from tick_from
// to 4 px beyond the key, labels after them), and the key's caption turned
// upright beside the widest label, centered between top and bottom.
void key_ticks(std::string& out, double cx, double tick_from, const char* tick_color,
               const std::vector<axes::Tick>& ticks, const std::string& caption, double label_w, double top,
               double bottom) {
    for (const auto& t : ticks) {
        out += "<line x1=\"" + coord(tick_from) + "\" y1=\"" + coord(t.px) + "\" x2=\"" + coord(cx + 20) + "\" y2=\"" +
               coord(t.px) + "\" stroke=\"" + tick_color + "\"/>\n";
        text(out, "colorbar-tick", cx + 23, t.px + 4, "start", kTickFont, t.label, " fill=\"#333333\"");
    }
    axes::rotated_label(out, "colorbar-label", caption, cx + 23 + label_w + 12, (top + bottom) / 2);
}

void clip_to_frame(std::string& out, const Frame& f, const std::string& id, double margin) {
    out += "<clipPath id=\"" + id + "\"><rect x=\"" + coord(f.left - margin) + "\" y=\"" + coord(f.top - margin) +
           "\" width=\"" + coord(f.width() + 2 * margin) + "\" height=\"" + coord(f.height() + 2 * margin) +
           "\"/></clipPath>\n";
}

// ---- markers and legend -------------------------------------------------------------

void marker(std::string& out, const std::string& cls, MarkerShape shape, double x, double y, double r,
            const std::string& fill, const std::string& stroke, double stroke_width) {
    const std::string paint =
        "fill=\"" + fill + "\" stroke=\"" + stroke + "\" stroke-width=\"" + coord(stroke_width) + "\"";
    const auto polygon = [&](std::initializer_list<std::pair<double, double>> pts) {
        out += "<polygon class=\"" + cls + "\" points=\"";
        bool first = true;
        for (const auto& [dx, dy] : pts) {
            if (!first) out += ' ';
            first = false;
            out += coord(x + dx) + "," + coord(y + dy);
        }
        out += "\" " + paint + " stroke-linejoin=\"round\"/>\n";
    };
    switch (shape) {
        case MarkerShape::circle:
            out += "<circle class=\"" + cls + "\" cx=\"" + coord(x) + "\" cy=\"" + coord(y) + "\" r=\"" + coord(r) +
                   "\" " + paint + "/>\n";
            break;
        case MarkerShape::square: {
            const double s = r * 0.9;
            out += "<rect class=\"" + cls + "\" x=\"" + coord(x - s) + "\" y=\"" + coord(y - s) + "\" width=\"" +
                   coord(2 * s) + "\" height=\"" + coord(2 * s) + "\" " + paint + "/>\n";
            break;
        }
        case MarkerShape::triangle:
            polygon({{0, -1.2 * r}, {1.05 * r, 0.65 * r}, {-1.05 * r, 0.65 * r}});
            break;
        case MarkerShape::diamond:
            polygon({{0, -1.25 * r}, {1.05 * r, 0}, {0, 1.25 * r}, {-1.05 * r, 0}});
            break;
        case MarkerShape::cross: {
            const double s = r * 0.85;
            const std::string d = "M" + coord(x - s) + " " + coord(y - s) + "L" + coord(x + s) + " " + coord(y + s) +
                                  "M" + coord(x - s) + " " + coord(y + s) + "L" + coord(x + s) + " " + coord(y - s);
            out += "<path class=\"" + cls + "\" d=\"" + d + "\" stroke=\"#ffffff\" stroke-width=\"" +
                   coord(std::max(4.5, stroke_width + 3)) + "\" stroke-linecap=\"round\"/>\n";
            out += "<path class=\"" + cls + "\" d=\"" + d + "\" stroke=\"" + fill +
                   "\" stroke-width=\"2.5\" stroke-linecap=\"round\"/>\n";
            break;
        }
    }
}

struct LegendEntry {
    enum Kind { point, line, path } kind = point;
    std::string name;
    std::string color;
    MarkerShape shape = MarkerShape::circle;
    bool dashed = false;
};

double legend_width(const std::vector<LegendEntry>& entries) {
    double w = 0;
    for (const auto& e : entries) w = std::max(w, text_width(e.name, kLegendFont));
    return entries.empty() ? 0 : 6 + 24 + 6 + w + 6;
}

// Draws the legend with its top-left corner at (x, y); returns its height.
double draw_legend(std::string& out, const std::vector<LegendEntry>& entries, double x, double y) {
    if (entries.empty()) return 0;
    const double row = 18, pad = 6, w = legend_width(entries);
    const double h = pad + row * static_cast<double>(entries.size()) + pad - 4;
    out += "<g class=\"legend\">\n<rect x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" width=\"" + coord(w) +
           "\" height=\"" + coord(h) + "\" rx=\"3\" fill=\"#ffffff\" stroke=\"#cccccc\"/>\n";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        const double cy = y + pad + row * static_cast<double>(i) + row / 2 - 2;
        const double sx = x + pad, cx = sx + 12;
        const std::string color = xml_escape(e.color);
        if (e.kind == LegendEntry::point) {
            marker(out, "legend-marker", e.shape, cx, cy, 5.5, color, "#111111", 1.2);
        } else {
            out += "<line x1=\"" + coord(sx) + "\" y1=\"" + coord(cy) + "\" x2=\"" + coord(sx + 24) + "\" y2=\"" +
                   coord(cy) + "\" stroke=\"" + color + "\" stroke-width=\"2\"" +
                   (e.dashed ? " stroke-dasharray=\"6 3\"" : "") + "/>\n";
            if (e.kind == LegendEntry::path)
                out += "<circle cx=\"" + coord(cx) + "\" cy=\"" + coord(cy) + "\" r=\"3\" fill=\"" + color + "\"/>\n";
        }
        text(out, "legend-label", sx + 30, cy + 4, "start", kLegendFont, e.name, " fill=\"#222222\"");
    }
    out += "</g>\n";
    return h;
}

void check_points(const std::vector<PointGroup>& groups, const char* what) {
    for (std::size_t k = 0; k < groups.size(); ++k) {
        const auto& p = groups[k];
        if (p.x.size() != p.y.size())
            fail(what, ": point group ", k, " \"", p.name, "\" has ", p.x.size(), " x values but ", p.y.size(),
                 " y values");
        if (!p.labels.empty() && p.labels.size() != p.x.size())
            fail(what, ": point group ", k, " \"", p.name, "\" has ", p.labels.size(), " labels for ", p.x.size(),
                 " points");
    }
}

// The data points, drawn over the map: a marker with a dark outline, and
// the label (if any) above right with a white halo.
void draw_points(std::string& out, const Frame& f, const std::vector<PointGroup>& groups,
                 const std::vector<std::string>& colors) {
    out += "<g class=\"points\">\n";
    for (std::size_t k = 0; k < groups.size(); ++k) {
        const auto& p = groups[k];
        for (std::size_t i = 0; i < p.x.size(); ++i) {
            if (!std::isfinite(p.x[i]) || !std::isfinite(p.y[i])) continue;
            const double x = f.px(p.x[i]), y = f.py(p.y[i]);
            marker(out, "point", p.shape, x, y, 7, xml_escape(colors[k]), "#111111", 1.6);
            if (!p.labels.empty() && !p.labels[i].empty()) {
                // Inside the frame: the label goes left of points near the right edge.
                const bool flip = x + 10 + text_width(p.labels[i], kLegendFont) > f.right;
                text(out, "point-label", flip ? x - 10 : x + 10, y - 9, flip ? "end" : "start", kLegendFont,
                     p.labels[i],
                     " fill=\"#111111\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" "
                     "font-weight=\"bold\"");
            }
        }
    }
    out += "</g>\n";
}

std::vector<std::string> group_colors(const std::vector<PointGroup>& groups, std::size_t first_slot) {
    std::vector<std::string> colors;
    for (std::size_t k = 0; k < groups.size(); ++k)
        colors.push_back(groups[k].color.empty() ? kPalette[(first_slot + k) % kPalette.size()] : groups[k].color);
    return colors;
}

void check_size(const char* what, int width, int height) {
    if (width < 320 || height < 240) fail(what, ": size ", width, "×", height, " is too small (at least 320×240)");
}

}  // namespace

// ---- heat map --------------------------------------------------------------------------

std::string heatmap_svg(const Heatmap& h, int width, int height) {
    check_size("heatmap", width, height);
    h.grid.validate("heatmap");
    if (!std::isfinite(h.v_min) || !std::isfinite(h.v_center) || !std::isfinite(h.v_max) || !(h.v_min < h.v_center) ||
        !(h.v_center < h.v_max))
        fail("heatmap: the colormap needs v_min < v_center < v_max (got ", h.v_min, ", ", h.v_center, ", ", h.v_max,
             ")");
    check_points(h.points, "heatmap");
    for (double l : h.boundary_levels)
        if (!std::isfinite(l)) fail("heatmap: boundary level ", l, " is not finite");
    const Grid2D& g = h.grid;
    const auto t_of = [&](double v) {
        return v < h.v_center ? 0.5 * (v - h.v_min) / (h.v_center - h.v_min)
                              : 0.5 + 0.5 * (v - h.v_center) / (h.v_max - h.v_center);
    };

    // Legend entries: point groups, then the boundary lines.
    const auto colors = group_colors(h.points, 0);
    std::vector<LegendEntry> legend;
    for (std::size_t k = 0; k < h.points.size(); ++k)
        if (!h.points[k].name.empty())
            legend.push_back({LegendEntry::point, h.points[k].name, colors[k], h.points[k].shape});
    const std::string what = h.value_label.empty() ? "value" : h.value_label;
    for (double l : h.boundary_levels)
        legend.push_back({LegendEntry::line, what + " = " + short_number(l), "#222222", MarkerShape::circle, true});
    const auto bar_ticks = ticks_inside(h.v_min, h.v_max, 5);
    double bar_label_w = 0;
    for (const auto& [v, s] : bar_ticks) bar_label_w = std::max(bar_label_w, text_width(s, kTickFont));
    const double bar_w = 16 + 6 + bar_label_w + (h.value_label.empty() ? 0 : 22);
    const double column = std::max(bar_w, legend_width(legend)) + 8;

    const Frame f = layout(g, h.title, h.x_label, h.y_label, h.equal_aspect, column, width, height);
    std::string out = document_start(width, height, h.title);

    // Cells: node (i, j) colors the cell around it, clipped to the box;
    // neighbours of equal color in a row are one rect.
    // Cell edges on whole pixels, so neighbours share them exactly.
    std::vector<double> xe(g.nx + 1), ye(g.ny + 1);
    xe[0] = f.left, xe[g.nx] = f.right;
    ye[0] = f.bottom, ye[g.ny] = f.top;
    for (std::size_t i = 1; i < g.nx; ++i) xe[i] = std::round(f.px((g.x(i - 1) + g.x(i)) / 2));
    for (std::size_t j = 1; j < g.ny; ++j) ye[j] = std::round(f.py((g.y(j - 1) + g.y(j)) / 2));
    // Colors are taken at 1/200 steps of the colormap (finer than the eye
    // tells apart), so that runs of nearly equal cells merge.
    const auto cell_color = [&](double v) -> std::string {
        return std::isfinite(v) ? hex(diverging(std::round(t_of(v) * 200) / 200)) : "#d9d9d9";
    };
    out += "<g class=\"cells\" shape-rendering=\"crispEdges\">\n";
    for (std::size_t j = 0; j < g.ny; ++j) {
        std::size_t i = 0;
        while (i < g.nx) {
            const std::string color = cell_color(g.at(i, j));
            std::size_t k = i + 1;
            while (k < g.nx && cell_color(g.at(k, j)) == color) ++k;
            out += "<rect x=\"" + coord(xe[i]) + "\" y=\"" + coord(ye[j + 1]) + "\" width=\"" + coord(xe[k] - xe[i]) +
                   "\" height=\"" + coord(ye[j] - ye[j + 1]) + "\" fill=\"" + color + "\"/>\n";
            i = k;
        }
    }
    out += "</g>\n";

    clip_to_frame(out, f, "heatmap-area", 0);
    out += "<g clip-path=\"url(#heatmap-area)\">\n";
    for (double l : h.boundary_levels)
        for (const auto& line : contour_lines(g, l))
            out += "<path class=\"boundary\" d=\"" + contours::line_path(line, f) +
                   "\" fill=\"none\" stroke=\"#222222\" stroke-width=\"2\" stroke-dasharray=\"7 4\" "
                   "stroke-linejoin=\"round\"/>\n";
    out += "</g>\n";
    draw_axes(out, f, h.title, h.x_label, h.y_label, width);
    draw_points(out, f, h.points, colors);

    // Right column: legend on top, color bar below it.
    const double cx = f.right + 18;
    const double legend_h = draw_legend(out, legend, cx, f.top);
    const double bar_top = f.top + (legend_h > 0 ? legend_h + 18 : 0);
    const double bar_bottom = f.bottom;
    if (bar_bottom - bar_top >= 40) {
        const auto bar_y = [&](double v) {
            return bar_bottom - (v - h.v_min) / (h.v_max - h.v_min) * (bar_bottom - bar_top);
        };
        out +=
            "<g class=\"colorbar\">\n<defs><linearGradient id=\"heatmap-ramp\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n";
        // The colormap is linear between its anchors, so one stop per anchor is exact.
        for (std::size_t k = 0; k < kDiverging.size(); ++k) {
            const double t = static_cast<double>(k) / (kDiverging.size() - 1);
            const double v =
                t < 0.5 ? h.v_min + 2 * t * (h.v_center - h.v_min) : h.v_center + (2 * t - 1) * (h.v_max - h.v_center);
            out += "<stop offset=\"" + coord((v - h.v_min) / (h.v_max - h.v_min)) + "\" stop-color=\"" +
                   hex(rgb(kDiverging[k])) + "\"/>\n";
        }
        out += "</linearGradient></defs>\n";
        out += "<rect x=\"" + coord(cx) + "\" y=\"" + coord(bar_top) + "\" width=\"16\" height=\"" +
               coord(bar_bottom - bar_top) + "\" fill=\"url(#heatmap-ramp)\" stroke=\"#555555\"/>\n";
        std::vector<axes::Tick> key;
        for (const auto& [v, s] : bar_ticks) key.push_back({bar_y(v), s});
        key_ticks(out, cx, cx + 16, "#555555", key, h.value_label, bar_label_w, bar_top, bar_bottom);
        out += "</g>\n";
    }
    out += "</svg>\n";
    return out;
}

// ---- contour plot ----------------------------------------------------------------------

std::string contour_svg(const ContourPlot& p, int width, int height) {
    check_size("contour plot", width, height);
    p.grid.validate("contour plot");
    if (p.levels.empty()) fail("contour plot: no levels");
    for (std::size_t k = 0; k < p.levels.size(); ++k) {
        if (!std::isfinite(p.levels[k])) fail("contour plot: level ", k, " (", p.levels[k], ") is not finite");
        if (k > 0 && !(p.levels[k] > p.levels[k - 1]))
            fail("contour plot: levels must increase (level ", k, " is ", p.levels[k], " after ", p.levels[k - 1], ")");
    }
    for (std::size_t k = 0; k < p.paths.size(); ++k)
        if (p.paths[k].x.size() != p.paths[k].y.size())
            fail("contour plot: path ", k, " \"", p.paths[k].name, "\" has ", p.paths[k].x.size(), " x values but ",
                 p.paths[k].y.size(), " y values");
    check_points(p.points, "contour plot");
    const Grid2D& g = p.grid;
    const std::size_t bands = p.levels.size() + 1;
    const auto band_color = [&](std::size_t b) { return hex(sequential(static_cast<double>(b) / (bands - 1))); };

    std::vector<std::string> path_colors;
    std::vector<LegendEntry> legend;
    for (std::size_t k = 0; k < p.paths.size(); ++k) {
        path_colors.push_back(p.paths[k].color.empty() ? kPalette[k % kPalette.size()] : p.paths[k].color);
        if (!p.paths[k].name.empty()) legend.push_back({LegendEntry::path, p.paths[k].name, path_colors[k]});
    }
    const auto colors = group_colors(p.points, p.paths.size());
    for (std::size_t k = 0; k < p.points.size(); ++k)
        if (!p.points[k].name.empty())
            legend.push_back({LegendEntry::point, p.points[k].name, colors[k], p.points[k].shape});
    double key_label_w = 0;
    for (double l : p.levels) key_label_w = std::max(key_label_w, text_width(short_number(l), kTickFont));
    const double key_w = 16 + 6 + key_label_w + (p.value_label.empty() ? 0 : 22);
    const double column = std::max(key_w, legend_width(legend)) + 8;

    const Frame f = layout(g, p.title, p.x_label, p.y_label, p.equal_aspect, column, width, height);
    std::string out = document_start(width, height, p.title);

    clip_to_frame(out, f, "contour-area", 0);
    out += "<g clip-path=\"url(#contour-area)\">\n";
    if (p.filled) {
        out += "<g class=\"bands\" stroke=\"none\">\n";
        out += "<rect class=\"band\" x=\"" + coord(f.left) + "\" y=\"" + coord(f.top) + "\" width=\"" +
               coord(f.width()) + "\" height=\"" + coord(f.height()) + "\" fill=\"" + band_color(0) + "\"/>\n";
        for (std::size_t k = 0; k < p.levels.size(); ++k) {
            const std::string d = contours::region_path(g, f, p.levels[k]);
            if (!d.empty()) out += "<path class=\"band\" d=\"" + d + "\" fill=\"" + band_color(k + 1) + "\"/>\n";
        }
        out += "</g>\n";
    }
    out += "<g class=\"contours\" fill=\"none\" stroke=\"#5a6470\" stroke-width=\"1\" stroke-linejoin=\"round\">\n";
    for (double l : p.levels)
        for (const auto& line : contour_lines(g, l))
            out += "<path class=\"contour\" data-level=\"" + short_number(l) + "\" d=\"" + contours::line_path(line, f) +
                   "\"/>\n";
    out += "</g>\n</g>\n";

    // Paths: clipped to a margin around the plot area (a path may leave it).
    clip_to_frame(out, f, "contour-paths", 6);
    out += "<g class=\"paths\" clip-path=\"url(#contour-paths)\">\n";
    for (std::size_t k = 0; k < p.paths.size(); ++k) {
        const auto& path = p.paths[k];
        const std::string color = xml_escape(path_colors[k]);
        std::vector<std::pair<double, double>> pts;
        for (std::size_t i = 0; i < path.x.size(); ++i)
            if (std::isfinite(path.x[i]) && std::isfinite(path.y[i]))
                pts.emplace_back(f.px(path.x[i]), f.py(path.y[i]));
        if (pts.empty()) continue;
        out += "<g class=\"path\">\n<polyline fill=\"none\" stroke=\"" + color +
               "\" stroke-width=\"1.8\" stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"";
        for (std::size_t i = 0; i < pts.size(); ++i) {
            if (i) out += ' ';
            out += coord(pts[i].first) + "," + coord(pts[i].second);
        }
        out += "\"/>\n";
        if (path.markers)
            for (std::size_t i = 1; i + 1 < pts.size(); ++i)
                out += "<circle class=\"step\" cx=\"" + coord(pts[i].first) + "\" cy=\"" + coord(pts[i].second) +
                       "\" r=\"2.6\" fill=\"" + color + "\"/>\n";
        // The start as a ring, the end as a larger dot with a white edge.
        out += "<circle class=\"start\" cx=\"" + coord(pts.front().first) + "\" cy=\"" + coord(pts.front().second) +
               "\" r=\"4.5\" fill=\"#ffffff\" stroke=\"" + color + "\" stroke-width=\"1.8\"/>\n";
        if (pts.size() > 1)
            out += "<circle class=\"end\" cx=\"" + coord(pts.back().first) + "\" cy=\"" + coord(pts.back().second) +
                   "\" r=\"4.5\" fill=\"" + color + "\" stroke=\"#ffffff\" stroke-width=\"1.2\"/>\n";
        out += "</g>\n";
    }
    out += "</g>\n";
    draw_points(out, f, p.points, colors);
    draw_axes(out, f, p.title, p.x_label, p.y_label, width);

    // Right column: legend, then the level key (one equal slot per band).
    const double cx = f.right + 18;
    const double legend_h = draw_legend(out, legend, cx, f.top);
    const double key_top = f.top + (legend_h > 0 ? legend_h + 18 : 0);
    const double key_bottom = f.bottom;
    if (key_bottom - key_top >= 12.0 * static_cast<double>(bands)) {
        const double slot = (key_bottom - key_top) / static_cast<double>(bands);
        out += "<g class=\"colorbar\">\n";
        for (std::size_t b = 0; b < bands; ++b)
            out += "<rect x=\"" + coord(cx) + "\" y=\"" + coord(key_bottom - slot * (b + 1)) +
                   "\" width=\"16\" height=\"" + coord(slot) + "\" fill=\"" +
                   (p.filled ? band_color(b) : std::string("#ffffff")) + "\"/>\n";
        out += "<rect x=\"" + coord(cx) + "\" y=\"" + coord(key_top) + "\" width=\"16\" height=\"" +
               coord(key_bottom - key_top) + "\" fill=\"none\" stroke=\"#555555\"/>\n";
        std::vector<axes::Tick> key;
        for (std::size_t k = 0; k < p.levels.size(); ++k)
            key.push_back({key_bottom - slot * (k + 1), short_number(p.levels[k])});
        key_ticks(out, cx, cx, "#5a6470", key, p.value_label, key_label_w, key_top, key_bottom);
        out += "</g>\n";
    }
    out += "</svg>\n";
    return out;
}

}  // namespace neurite
