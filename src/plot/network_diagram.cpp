// Network diagrams as standalone SVG 1.1 documents (see network_diagram.hpp).
//
// Layout of a panel: the title on top, one column per layer spread evenly
// across the width, nodes spread evenly down each column (centered, with the
// same spacing in every column), layer names above the columns, the caption
// at the bottom. Edges are drawn first, then their labels (with a white halo
// so crossing edges do not hide them), then the nodes on top.
#include "neurite/plot/network_diagram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "svg_style.hpp"
#include "neurite/plot/svg.hpp"

namespace neurite {
namespace {

using namespace svg_style;

void check(const std::vector<NetworkDiagram>& panels, int width, int panel_height) {
    if (width < 320 || panel_height < 200)
        fail("network diagram: size ", width, "×", panel_height, " per panel is too small (at least 320×200)");
    for (std::size_t p = 0; p < panels.size(); ++p) {
        const auto& d = panels[p];
        if (d.layers.size() < 2) fail("network diagram: panel ", p, " has ", d.layers.size(), " layers (at least 2)");
        for (std::size_t l = 0; l < d.layers.size(); ++l)
            if (d.layers[l].nodes.empty()) fail("network diagram: panel ", p, " layer ", l, " has no nodes");
        if (d.weights.size() != d.layers.size() - 1)
            fail("network diagram: panel ", p, " has ", d.weights.size(), " weight matrices for ", d.layers.size(),
                 " layers (expected ", d.layers.size() - 1, ")");
        if (!d.edge_labels.empty() && d.edge_labels.size() != d.weights.size())
            fail("network diagram: panel ", p, " has ", d.edge_labels.size(), " edge label sets for ", d.weights.size(),
                 " weight matrices");
        for (std::size_t l = 0; l < d.weights.size(); ++l) {
            const std::size_t n = d.layers[l].nodes.size() * d.layers[l + 1].nodes.size();
            if (d.weights[l].size() != n)
                fail("network diagram: panel ", p, " weights[", l, "] has ", d.weights[l].size(), " values, expected ",
                     d.layers[l + 1].nodes.size(), " × ", d.layers[l].nodes.size(), " = ", n);
            for (double w : d.weights[l])
                if (!std::isfinite(w)) fail("network diagram: panel ", p, " weights[", l, "] holds ", w);
            if (!d.edge_labels.empty() && !d.edge_labels[l].empty() && d.edge_labels[l].size() != n)
                fail("network diagram: panel ", p, " edge_labels[", l, "] has ", d.edge_labels[l].size(),
                     " labels, expected ", n);
        }
    }
}

void draw_panel(std::string& out, const NetworkDiagram& d, double top, int width, int height) {
    const double radius = 25;
    const double title_h = d.title.empty() ? 8 : 34;
    const double names_h = 24;
    const double caption_h = d.caption.empty() ? 8 : 26;
    const double y0 = top + title_h + names_h + radius, y1 = top + height - caption_h - radius - 16;
    std::size_t most = 0;
    for (const auto& l : d.layers) most = std::max(most, l.nodes.size());
    const double spacing = most > 1 ? std::min((y1 - y0) / static_cast<double>(most - 1), 130.0) : 0;
    const double margin = 70;
    const double column = (width - 2 * margin) / static_cast<double>(d.layers.size() - 1);
    const double mid = (y0 + y1) / 2;
    const auto node_x = [&](std::size_t l) { return margin + column * static_cast<double>(l); };
    const auto node_y = [&](std::size_t l, std::size_t k) {
        const double n = static_cast<double>(d.layers[l].nodes.size());
        return mid + (static_cast<double>(k) - (n - 1) / 2) * spacing;
    };

    out += "<g class=\"diagram\">\n";
    if (!d.title.empty()) text(out, "title", width / 2.0, top + 22, "middle", 14, d.title, " font-weight=\"bold\"");
    for (std::size_t l = 0; l < d.layers.size(); ++l)
        text(out, "layer-name", node_x(l), top + title_h + 14, "middle", 12, d.layers[l].name,
             " fill=\"#444444\" font-weight=\"bold\"");

    // Edges, widths scaled by the largest |weight| of the panel.
    double biggest = 0;
    for (const auto& w : d.weights)
        for (double v : w) biggest = std::max(biggest, std::abs(v));
    struct Label {
        double x, y;
        std::string text, color;
    };
    std::vector<Label> labels;
    for (std::size_t l = 0; l + 1 < d.layers.size(); ++l) {
        const std::size_t n = d.layers[l].nodes.size();
        for (std::size_t u = 0; u < d.layers[l + 1].nodes.size(); ++u)
            for (std::size_t i = 0; i < n; ++i) {
                const double w = d.weights[l][u * n + i];
                const std::string color = w >= 0 ? "#c0392b" : "#2166ac";
                const double ax = node_x(l), ay = node_y(l, i), bx = node_x(l + 1), by = node_y(l + 1, u);
                const double stroke = 0.8 + (biggest > 0 ? 3.2 * std::abs(w) / biggest : 0);
                out += "<line class=\"edge\" x1=\"" + coord(ax) + "\" y1=\"" + coord(ay) + "\" x2=\"" + coord(bx) +
                       "\" y2=\"" + coord(by) + "\" stroke=\"" + color + "\" stroke-opacity=\"0.75\" stroke-width=\"" +
                       coord(stroke) + "\"/>\n";
                std::string label;
                if (!d.edge_labels.empty() && !d.edge_labels[l].empty()) {
                    label = d.edge_labels[l][u * n + i];
                } else {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "%.2f", std::abs(w));
                    label = (w < 0 ? "\u2212" : "") + std::string(buf);  // a real minus sign
                }
                if (!label.empty()) labels.push_back({ax + 0.74 * (bx - ax), ay + 0.74 * (by - ay), label, color});
            }
    }
    for (const auto& lb : labels)
        text(out, "edge-label", lb.x, lb.y + 4, "middle", 11, lb.text,
             " fill=\"" + lb.color +
                 "\" stroke=\"#ffffff\" stroke-width=\"3.5\" paint-order=\"stroke\" "
                 "font-weight=\"bold\"");

    // Nodes.
    for (std::size_t l = 0; l < d.layers.size(); ++l)
        for (std::size_t k = 0; k < d.layers[l].nodes.size(); ++k) {
            const auto& node = d.layers[l].nodes[k];
            const double x = node_x(l), y = node_y(l, k);
            const bool input = l == 0;
            out += "<circle class=\"node\" cx=\"" + coord(x) + "\" cy=\"" + coord(y) + "\" r=\"" + coord(radius) +
                   "\" fill=\"" + (input ? "#f2f2f2" : "#fff7e6") + "\" stroke=\"#444444\" stroke-width=\"1.5\"/>\n";
            text(out, "node-value", x, y + 4.5, "middle", 13, node.value, " font-weight=\"bold\" fill=\"#111111\"");
            if (!node.note.empty())
                text(out, "node-note", x, y + radius + 14, "middle", 11, node.note,
                     " fill=\"#333333\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"");
        }
    if (!d.caption.empty())
        text(out, "caption", width / 2.0, top + height - 12, "middle", 12, d.caption, " fill=\"#333333\"");
    out += "</g>\n";
}

}  // namespace

std::string network_diagram_svg(const std::vector<NetworkDiagram>& panels, int width, int panel_height) {
    check(panels, width, panel_height);
    const std::size_t n = std::max<std::size_t>(1, panels.size());
    std::string titles;
    for (const auto& p : panels)
        if (!p.title.empty()) titles += (titles.empty() ? "" : " | ") + p.title;
    std::string out = document_start(width, panel_height * static_cast<double>(n), titles);
    for (std::size_t p = 0; p < panels.size(); ++p) {
        const double top = static_cast<double>(p) * panel_height;
        if (p > 0)
            out += "<line class=\"separator\" x1=\"12\" y1=\"" + coord(top) + "\" x2=\"" + std::to_string(width - 12) +
                   "\" y2=\"" + coord(top) + "\" stroke=\"#dddddd\"/>\n";
        draw_panel(out, panels[p], top, width, panel_height);
    }
    out += "</svg>\n";
    return out;
}

}  // namespace neurite
