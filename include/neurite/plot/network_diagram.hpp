// A small fully connected network drawn as a diagram — layers of nodes left
// to right, every connection a line whose color gives the sign of its weight
// (red positive, blue negative) and whose width its size — with text in and
// under the nodes and on the edges. As a complete standalone SVG document;
// several panels (e.g. the forward pass and the backward pass of the same
// network) are stacked top to bottom.
//
//   NetworkDiagram d;
//   d.title = "forward pass";
//   d.layers = {{"input", {{"0.2", "x1"}, {"0.5", "x2"}}},
//               {"output", {{"0.54", "z = 0.15"}}}};
//   d.weights = {{0.36, -0.30}};          // weights[0][u * 2 + i]: input i → output u
//   std::string svg = network_diagram_svg({d});
//
// Meant for textbook-sized networks (up to about eight nodes a layer); the
// edge labels sit three quarters of the way along each edge, where the edges
// into one node are furthest apart.
#pragma once

#include <string>
#include <vector>

namespace neurite {

struct DiagramNode {
    std::string value;  // inside the circle (short: "0.43")
    std::string note;   // under the circle, small (may be empty)
};

struct DiagramLayer {
    std::string name;  // above the column
    std::vector<DiagramNode> nodes;
};

struct NetworkDiagram {
    std::string title;
    std::vector<DiagramLayer> layers;  // left to right
    // weights[l] joins layers[l] to layers[l + 1], neuron-major as in the JSON
    // model spec: weights[l][u * n + i] is the weight from node i of layer l
    // (which has n nodes) to node u of layer l + 1.
    std::vector<std::vector<double>> weights;
    // Text on each edge, in the same layout as weights; empty: the weight
    // itself with two decimals.
    std::vector<std::vector<std::string>> edge_labels;
    std::string caption;  // one line under the diagram (may be empty)
};

// Throws Error when a panel has fewer than two layers, an empty layer, a
// weights (or edge_labels) entry of the wrong size, a non-finite weight, or
// the size is below 320×200 per panel.
std::string network_diagram_svg(const std::vector<NetworkDiagram>& panels, int width = 920, int panel_height = 380);

}  // namespace neurite
