// The axes of every neurite chart: see axes.hpp.
#include "axes.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace neurite::axes {

using namespace svg_style;

void draw(std::string& out, const Box& box, const std::vector<Tick>& x, const std::vector<Tick>& y,
          const std::vector<double>& minor_y, const Look& look) {
    out += "<g shape-rendering=\"crispEdges\" stroke-width=\"1\">\n";
    if (look.grid) {
        for (double v : minor_y) line(out, "grid minor", box.left, v, box.right, v, "#f2f2f2");
        for (const auto& t : x) line(out, "grid", t.px, box.top, t.px, box.bottom, "#e3e3e3");
        for (const auto& t : y) line(out, "grid", box.left, t.px, box.right, t.px, "#e3e3e3");
    }
    for (const auto& t : x) line(out, "tick", t.px, box.bottom, t.px, box.bottom + look.tick_length, look.tick_color);
    for (const auto& t : y) line(out, "tick", box.left - look.tick_length, t.px, box.left, t.px, look.tick_color);
    out += "<rect class=\"frame\" x=\"" + coord(box.left) + "\" y=\"" + coord(box.top) + "\" width=\"" +
           coord(box.width()) + "\" height=\"" + coord(box.height()) + "\" fill=\"none\" stroke=\"" +
           look.frame_color + "\"/>\n";
    out += "</g>\n";

    double label_w = 0;
    for (const auto& t : x) label_w = std::max(label_w, text_width(t.label, kTickFont));
    const double spacing = x.size() > 1 ? x[1].px - x[0].px : box.width();
    const auto every = static_cast<std::size_t>(std::max(1.0, std::ceil((label_w + 10) / spacing)));
    for (std::size_t i = 0; i < x.size(); ++i)
        if (i % every == 0)
            text(out, "tick-x", x[i].px, box.bottom + look.x_label_gap, "middle", kTickFont, x[i].label,
                 " fill=\"#333333\"");
    for (const auto& t : y)
        text(out, "tick-y", box.left - look.y_label_gap, t.px + 4, "end", kTickFont, t.label, " fill=\"#333333\"");
}

void title(std::string& out, const std::string& s, double cx, double y, double ox, double width) {
    if (s.empty()) return;
    const double avail = width - 16;
    const double w = text_width(s, kTitleFont);
    std::string extra = " font-weight=\"bold\"";
    if (w > avail) {
        cx = ox + width / 2;
        extra += " textLength=\"" + coord(avail) + "\" lengthAdjust=\"spacingAndGlyphs\"";
    } else {
        cx = std::clamp(cx, ox + 8 + w / 2, ox + width - 8 - w / 2);
    }
    text(out, "title", cx, y, "middle", kTitleFont, s, extra);
}

void x_label(std::string& out, const std::string& s, double cx, double y) {
    if (!s.empty()) text(out, "x-label", cx, y, "middle", kLabelFont, s);
}

void rotated_label(std::string& out, const char* cls, const std::string& s, double x, double y) {
    if (!s.empty())
        text(out, cls, x, y, "middle", kLabelFont, s, " transform=\"rotate(-90 " + coord(x) + " " + coord(y) + ")\"");
}

}  // namespace neurite::axes
