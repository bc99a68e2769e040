// neurite demo backprop: back-propagation by hand through the textbook's
// 2-3-3-2 sigmoid network — forward pass, MSE loss, every δ and gradient by
// the chain rule, the library's gradients and the numerical checker agreeing
// with them, and one gradient-descent step.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "demo.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/nn/dense.hpp"
#include "neurite/nn/gradcheck.hpp"
#include "neurite/nn/loss.hpp"
#include "neurite/plot/network_diagram.hpp"

namespace neurite::cli {
namespace {

// The network as the textbook writes it: one row of incoming weights per
// unit (W is 3×2, W' 3×3, W'' 2×3), all thresholds 0. The third unit of the
// first hidden layer is ours: the text prints (0.04, 0.40) for it — the
// second unit's weights, which give 0.55 — but computes on with 0.48.
// (0.10, −0.20) gives f(0.2·0.10 + 0.5·(−0.20)) = f(−0.08) = 0.4800.
constexpr const char* kSpec = R"({
  "input": 2,
  "layers": [
    {"type": "dense", "units": 3, "activation": "sigmoid", "bias": 0,
     "weights": [[-0.43, -0.37], [0.04, 0.40], [0.10, -0.20]]},
    {"type": "dense", "units": 3, "activation": "sigmoid", "bias": 0,
     "weights": [[-0.51, -0.35, 0.26], [-0.34, -0.44, 0.28], [0.55, -0.31, 0.06]]},
    {"type": "dense", "units": 2, "activation": "sigmoid", "bias": 0,
     "weights": [[0.36, -0.30, 0.24], [0.27, 0.35, -0.31]]}
  ]
})";

// What the text prints for each layer's values, two decimals.
const std::vector<std::vector<double>> kTextValues = {{0.43, 0.55, 0.48}, {0.43, 0.44, 0.53}, {0.54, 0.53}};
const char* const kLayerNames[] = {"hidden 1", "hidden 2", "output"};
const char* const kMatrixNames[] = {"W", "W'", "W''"};

using Vec = std::vector<double>;
using Mat = std::vector<Vec>;  // neuron-major: m[u][i] = weight from input i to unit u

Dense<double>& dense(SequentialD& net, std::size_t l) { return dynamic_cast<Dense<double>&>(net.layer(l)); }

// The weights of layer l as the textbook writes them (one row per unit).
Mat weights_of(SequentialD& net, std::size_t l) {
    const auto w = dense(net, l).weights();  // stored input-major (in × out)
    Mat m(w.cols(), Vec(w.rows()));
    for (std::size_t u = 0; u < w.cols(); ++u)
        for (std::size_t i = 0; i < w.rows(); ++i) m[u][i] = w(i, u);
    return m;
}

// `s` padded with spaces to `width` characters (code points, not bytes).
std::string pad(const std::string& s, std::size_t width) {
    std::size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    return s + std::string(width > chars ? width - chars : 0, ' ');
}

// "0.43", "(−0.37)": a factor as the textbook writes it in a product.
std::string factor(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::abs(v));
    return v < 0 ? "(\u2212" + std::string(buf) + ")" : std::string(buf);
}

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s[0] == '-') s = "\u2212" + s.substr(1);
    return s;
}

// A gradient for a diagram label: 4 decimals, or 2 significant digits when tiny.
std::string small(double v) {
    if (std::abs(v) >= 1e-3) return fixed(v, 4);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1e", v);
    std::string s = buf;
    const auto e = s.find("e-0");
    if (e != std::string::npos) s.erase(e + 2, 1);
    if (s[0] == '-') s = "\u2212" + s.substr(1);
    return s;
}

void print_matrix(const std::string& name, const Mat& m, int decimals) {
    for (std::size_t u = 0; u < m.size(); ++u) {
        std::printf("    %s %s [", pad(u == 0 ? name : "", 8).c_str(), u == 0 ? "=" : " ");
        for (double v : m[u]) std::printf(" %*.*f", decimals + 4, decimals, v);
        std::printf(" ]\n");
    }
}

void print_vector(const std::string& name, const Vec& v, int decimals) {
    std::printf("    %s = [", pad(name, 8).c_str());
    for (double x : v) std::printf(" %*.*f", decimals + 4, decimals, x);
    std::printf(" ]\n");
}

}  // namespace

int demo_backprop(const DemoContext& ctx) {
    const double lr = ctx.learning_rate.value_or(0.5);
    SequentialD net = build_network<double>(parse_model_spec(kSpec, "the backprop demo's network"));
    const std::size_t layers = net.size();
    const MatrixD x(1, 2, {0.2, 0.5});
    const MatrixD t(1, 2, {0.3, 0.8});
    std::vector<Mat> w;
    for (std::size_t l = 0; l < layers; ++l) w.push_back(weights_of(net, l));

    std::printf(
        "Back-propagation by hand: the textbook's 2-3-3-2 network, sigmoid f(z) = 1/(1 + e^\u2212z) in every\n"
        "unit, thresholds 0; one sample x = (0.2, 0.5) with target t = (0.3, 0.8); loss MSE, the mean\n"
        "of (a \u2212 t)\u00b2 over the 2 outputs. Built from this JSON model spec (explicit weights, one row\n"
        "per unit as the textbook writes W, W', W''):\n%s\n",
        kSpec);
    std::printf(
        "note 1: the text prints the third unit of hidden layer 1 with the second unit's weights\n"
        "        (0.04, 0.40), which would give 0.55 again, but then uses 0.48 for it. Those printed\n"
        "        weights are a typo; we use (0.10, \u22120.20): f(0.2\u00d70.10 + 0.5\u00d7(\u22120.20)) = "
        "f(\u22120.08) = 0.48.\n\n");

    // ---- forward ----------------------------------------------------------------------
    net.forward(x.view());
    std::vector<Vec> a = {{x(0, 0), x(0, 1)}};  // a[0] = input, a[l + 1] = output of layer l
    std::vector<Vec> z;
    bool text_agrees = true;
    std::printf("forward pass: each unit computes a = f(z), z = \u03a3 w\u00b7(its inputs)\n");
    for (std::size_t l = 0; l < layers; ++l) {
        const auto out = net.activations(l);
        Vec al, zl;
        std::printf("  %s:\n", kLayerNames[l]);
        for (std::size_t u = 0; u < w[l].size(); ++u) {
            double s = 0;
            std::string expr;
            for (std::size_t i = 0; i < w[l][u].size(); ++i) {
                s += w[l][u][i] * a[l][i];
                expr += (i ? " + " : "") + factor(a[l][i], l == 0 ? 1 : 4) + "\u00d7" + factor(w[l][u][i], 2);
            }
            zl.push_back(s);
            al.push_back(out(0, u));
            const double text = kTextValues[l][u];
            const bool same = std::abs(std::round(out(0, u) * 100) / 100 - text) < 1e-9;
            const bool slip = l == 1 && u == 2;  // the text's 0.53, see note 2
            text_agrees = text_agrees && (same || slip);
            std::printf("    a%zu[%zu] = f(%s) = f(%s) = %.4f \u2248 %.2f   (text: %.2f%s)\n", l + 1, u + 1,
                        expr.c_str(), fixed(s, 4).c_str(), out(0, u), out(0, u), text,
                        same   ? ""
                        : slip ? " \u2014 note 2"
                               : " \u2014 DIFFERS");
        }
        z.push_back(zl);
        a.push_back(al);
    }
    std::printf(
        "note 2: for the third unit of hidden layer 2 the text prints 0.53, but its own expression\n"
        "        f(0.43\u00d70.55 + 0.55\u00d7(\u22120.31) + 0.48\u00d70.06) = f(0.0948) = 0.524 rounds to 0.52 "
        "(with\n        unrounded inputs: f(0.0957) = 0.5239): a rounding slip in the text. The outputs "
        "agree\n        with the text either way (0.54, 0.53).\n\n");

    // ---- loss -------------------------------------------------------------------------------
    const Vec& y = a[layers];
    const double loss = loss_value<double>(Loss::mse, net.activations(layers - 1), t.view());
    const double rounded = (std::pow(0.3 - 0.54, 2) + std::pow(0.8 - 0.53, 2)) / 2;
    std::printf(
        "loss: MSE = ((0.3 \u2212 %.4f)\u00b2 + (0.8 \u2212 %.4f)\u00b2) / 2 = %.5f \u2248 %.3f   (text: 0.066)\n",
        y[0], y[1], loss, loss);
    std::printf("      (rounding the outputs to 0.54 and 0.53 first would give %.5f \u2248 0.065)\n\n", rounded);

    // ---- backward, by hand -------------------------------------------------------------------
    // δ = ∂L/∂z. Output: ∂L/∂a = (2/n)(a − t) with n = 2 outputs, times f'(z) = a(1 − a).
    // Hidden: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ a_l(1 − a_l).
    std::vector<Vec> delta(layers);
    std::printf(
        "backward pass, by the chain rule: \u03b4 = \u2202L/\u2202z of each unit, and f'(z) = a(1 \u2212 a) "
        "for the sigmoid\n");
    std::printf("  output: \u03b4 = (2/2)(a \u2212 t) \u2299 a(1 \u2212 a)\n");
    for (std::size_t u = 0; u < y.size(); ++u) {
        delta[layers - 1].push_back((y[u] - t(0, u)) * y[u] * (1 - y[u]));
        std::printf("    \u03b4%zu[%zu] = (%.4f \u2212 %.1f) \u00d7 %.4f \u00d7 (1 \u2212 %.4f) = %s\n", layers, u + 1,
                    y[u], t(0, u), y[u], y[u], fixed(delta[layers - 1][u], 6).c_str());
    }
    for (std::size_t l = layers - 1; l-- > 0;) {
        std::printf("  %s: \u03b4 = (%s\u1d40 \u03b4%zu) \u2299 a(1 \u2212 a)\n", kLayerNames[l], kMatrixNames[l + 1],
                    l + 2);
        for (std::size_t i = 0; i < a[l + 1].size(); ++i) {
            double back = 0;
            std::string expr;
            for (std::size_t u = 0; u < delta[l + 1].size(); ++u) {
                back += w[l + 1][u][i] * delta[l + 1][u];
                expr += (u ? " + " : "") + factor(w[l + 1][u][i], 2) + "\u00d7" + factor(delta[l + 1][u], 6);
            }
            const double ai = a[l + 1][i];
            delta[l].push_back(back * ai * (1 - ai));
            std::printf("    \u03b4%zu[%zu] = (%s) \u00d7 %.4f \u00d7 (1 \u2212 %.4f) = %s\n", l + 1, i + 1,
                        expr.c_str(), ai, ai, fixed(delta[l][i], 6).c_str());
        }
    }
    std::vector<Mat> grad_w(layers);
    std::printf(
        "\ngradients: \u2202L/\u2202w[u][i] = \u03b4[u] \u00d7 (input i of the layer), \u2202L/\u2202b[u] = "
        "\u03b4[u]\n");
    for (std::size_t l = 0; l < layers; ++l) {
        grad_w[l].assign(w[l].size(), Vec(a[l].size()));
        for (std::size_t u = 0; u < w[l].size(); ++u)
            for (std::size_t i = 0; i < a[l].size(); ++i) grad_w[l][u][i] = delta[l][u] * a[l][i];
        std::printf("  %s (%s):\n", kLayerNames[l], kMatrixNames[l]);
        print_matrix("\u2202L/\u2202" + std::string(kMatrixNames[l]), grad_w[l], 6);
        print_vector("\u2202L/\u2202b", delta[l], 6);
    }

    // ---- the library agrees ----------------------------------------------------------------
    net.compute_gradients(x.view(), t.view(), Loss::mse);
    double largest = 0;
    for (std::size_t l = 0; l < layers; ++l) {
        auto& d = dense(net, l);
        const auto gw = d.weight_grads();
        const auto gb = d.bias_grads();
        for (std::size_t u = 0; u < w[l].size(); ++u) {
            largest = std::max(largest, std::abs(gb[u] - delta[l][u]));
            for (std::size_t i = 0; i < a[l].size(); ++i)
                largest = std::max(largest, std::abs(gw(i, u) - grad_w[l][u][i]));
        }
    }
    const GradCheckResult check = check_network(net, x.view(), t.view(), Loss::mse);
    std::printf(
        "\nthe library's back-propagation (Sequential::compute_gradients) gives the same %zu numbers:\n"
        "  largest difference from the hand computation %.1e\n",
        net.param_count(), largest);
    std::printf(
        "numerical check (central differences in double, check_network): worst relative error %.1e over "
        "%zu parameters%s\n\n",
        check.max_error, check.checked, check.max_error < 1e-6 ? " (below 1e-6: the gradients are right)" : "");

    // ---- one step -------------------------------------------------------------------------
    // Everything the diagram needs from before the step.
    std::vector<Vec> a_before = a;
    std::vector<Mat> w_before = w;
    const auto params = net.params();
    const auto grads = net.grads();
    for (std::size_t k = 0; k < params.size(); ++k) params[k] -= lr * grads[k];
    std::printf(
        "one gradient-descent step, \u03b7 = %g: w \u2190 w \u2212 \u03b7 \u2202L/\u2202w (thresholds likewise)\n", lr);
    for (std::size_t l = 0; l < layers; ++l) {
        w[l] = weights_of(net, l);
        std::printf("  %s:\n", kLayerNames[l]);
        print_matrix(kMatrixNames[l], w[l], 4);
        Vec b(dense(net, l).bias().begin(), dense(net, l).bias().end());
        print_vector("b", b, 4);
    }
    const auto after = net.forward(x.view());
    const double new_loss = loss_value<double>(Loss::mse, after, t.view());
    std::printf("forward again: outputs (%.4f, %.4f), loss %.5f \u2192 %.5f (%s)\n", after(0, 0), after(0, 1), loss,
                new_loss, new_loss < loss ? "lower" : "NOT lower");

    // ---- figure: the network before the step, forward and backward ----------------------------
    NetworkDiagram forward, backward;
    forward.title = "Forward pass: weights on the edges, a = f(z) in the nodes";
    backward.title = "Backward pass: \u2202L/\u2202w on the edges, \u03b4 = \u2202L/\u2202z under the nodes";
    const char* const names[] = {"input x", "hidden 1", "hidden 2", "output"};
    for (std::size_t l = 0; l <= layers; ++l) {
        DiagramLayer fl{names[l], {}}, bl{names[l], {}};
        for (std::size_t k = 0; k < a_before[l].size(); ++k) {
            const std::string value = fixed(a_before[l][k], 2);
            std::string note = l == 0 ? "" : "z = " + fixed(z[l - 1][k], 3);
            if (l == layers) note += ", t = " + fixed(t(0, k), 1);
            fl.nodes.push_back({value, note});
            bl.nodes.push_back({value, l == 0 ? "" : "\u03b4 = " + small(delta[l - 1][k])});
        }
        forward.layers.push_back(fl);
        backward.layers.push_back(bl);
    }
    for (std::size_t l = 0; l < layers; ++l) {
        Vec fw, bw;
        std::vector<std::string> labels;
        for (std::size_t u = 0; u < w_before[l].size(); ++u)
            for (std::size_t i = 0; i < w_before[l][u].size(); ++i) {
                fw.push_back(w_before[l][u][i]);
                bw.push_back(grad_w[l][u][i]);
                labels.push_back(small(grad_w[l][u][i]));
            }
        forward.weights.push_back(fw);
        backward.weights.push_back(bw);
        backward.edge_labels.push_back(labels);
    }
    char caption[200];
    std::snprintf(caption, sizeof caption,
                  "MSE loss %.4f for t = (0.3, 0.8)  \u00b7  red: positive, blue: negative, width \u221d size", loss);
    forward.caption = caption;
    std::snprintf(caption, sizeof caption, "one step with \u03b7 = %g lowers the loss from %.4f to %.4f", lr, loss,
                  new_loss);
    backward.caption = caption;
    ctx.write_figure("backprop.svg", network_diagram_svg({forward, backward}, 960, 400));

    const bool ok = text_agrees && largest < 1e-12 && check.max_error < 1e-6 && new_loss < loss;
    return ok ? 0 : 1;
}

}  // namespace neurite::cli
