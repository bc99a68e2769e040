#include "neurite/data/augment.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numbers>
#include <vector>

#include "neurite/core/error.hpp"

namespace neurite {
namespace {

// A normalized Gaussian of standard deviation sigma, cut at 3σ.
std::vector<float> gaussian_kernel(double sigma) {
    const auto radius = static_cast<std::ptrdiff_t>(std::ceil(3.0 * sigma));
    std::vector<float> k(static_cast<std::size_t>(2 * radius + 1));
    double sum = 0.0;
    for (std::ptrdiff_t i = -radius; i <= radius; ++i) {
        const double v = std::exp(-0.5 * static_cast<double>(i * i) / (sigma * sigma));
        k[static_cast<std::size_t>(i + radius)] = static_cast<float>(v);
        sum += v;
    }
    for (float& v : k) v = static_cast<float>(v / sum);
    return k;
}

// out[c] = Σᵢ k[i]·src[c + i] for c < w, where src has w + k.size() − 1 +
// 15 readable values: 16 outputs at a time, summed in one vector register
// (GCC's and Clang's vector extension; a plain array was kept in memory).
void correlate(const float* src, float* out, std::size_t w, const std::vector<float>& k) {
    constexpr std::size_t kLanes = 16;
    using Lanes = float __attribute__((vector_size(kLanes * sizeof(float))));
    for (std::size_t c0 = 0; c0 < w; c0 += kLanes) {
        Lanes acc = {};
        for (std::size_t i = 0; i < k.size(); ++i) {
            Lanes s;
            std::memcpy(&s, src + c0 + i, sizeof s);
            acc += k[i] * s;
        }
        std::array<float, kLanes> sums;
        std::memcpy(sums.data(), &acc, sizeof acc);
        std::copy_n(sums.begin(), std::min(kLanes, w - c0), out + c0);
    }
}

// field ← Gσ ∗ field, separably, with zeros outside (Simard's convolution of
// the random field): each pass reads a zero-padded copy.
void smooth(std::span<float> field, ImageShape s, const std::vector<float>& k) {
    const std::size_t radius = k.size() / 2, h = s.height, w = s.width;
    std::vector<float> pad(w + 2 * radius + 16, 0.0f);
    for (std::size_t r = 0; r < h; ++r) {
        float* row = field.data() + r * w;
        std::copy(row, row + w, pad.begin() + static_cast<std::ptrdiff_t>(radius));
        correlate(pad.data(), row, w, k);
    }
    // Columns: each column padded in turn, so the same loop serves.
    std::vector<float> column(h + 2 * radius + 16, 0.0f), smoothed(h);
    for (std::size_t c = 0; c < w; ++c) {
        for (std::size_t r = 0; r < h; ++r) column[radius + r] = field[r * w + c];
        correlate(column.data(), smoothed.data(), h, k);
        for (std::size_t r = 0; r < h; ++r) field[r * w + c] = smoothed[r];
    }
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

}  // namespace

void AugmentConfig::check() const {
    const auto limit = [](const char* name, double v, double below) {
        if (!std::isfinite(v) || v < 0.0 || v >= below)
            fail("augmentation: ", name, " must be at least 0 and below ", below, " (got ", v, ")");
    };
    limit("rotate (degrees)", rotate, 180.0);
    limit("zoom", zoom, 1.0);
    limit("shear (degrees)", shear, 90.0);
    limit("shift (pixels)", shift, 1e6);
    limit("elastic alpha (pixels)", elastic_alpha, 1e6);
    if (!std::isfinite(elastic_sigma) || elastic_sigma <= 0.0 || elastic_sigma > 1e3)
        fail("augmentation: elastic sigma must be above 0 and at most 1000 pixels (got ", elastic_sigma, ")");
}

std::string AugmentConfig::describe() const {
    std::string s;
    const auto add = [&](const std::string& part) { s += (s.empty() ? "" : ", ") + part; };
    if (rotate != 0.0) add("rotate ±" + number(rotate) + "°");
    if (zoom != 0.0) add("zoom ±" + number(100.0 * zoom) + " %");
    if (shear != 0.0) add("shear ±" + number(shear) + "°");
    if (shift != 0.0) add("shift ±" + number(shift) + " px");
    if (elastic()) add("elastic α " + number(elastic_alpha) + " σ " + number(elastic_sigma));
    return s.empty() ? "none" : s;
}

Rng image_rng(std::uint64_t seed, std::size_t epoch, std::size_t index) {
    return Rng(mix64(mix64(mix64(seed) ^ epoch) ^ index));
}

void distort(std::span<const float> image, std::span<float> out, ImageShape shape, const AugmentConfig& config,
             Rng& rng, float fill) {
    const std::size_t n = shape.pixels();
    if (image.size() != n || out.size() != n)
        fail("augmentation: an image of ", shape.height, " × ", shape.width, " has ", n, " pixels, not ",
             image.size() != n ? image.size() : out.size());
    if (config.identity()) {
        std::copy(image.begin(), image.end(), out.begin());
        return;
    }
    // The affine part, drawn in a fixed order.
    const double deg = std::numbers::pi / 180.0;
    const double theta = rng.uniform(-config.rotate, config.rotate) * deg;
    const double sx = 1.0 + rng.uniform(-config.zoom, config.zoom);
    const double sy = 1.0 + rng.uniform(-config.zoom, config.zoom);
    const double shear = std::tan(rng.uniform(-config.shear, config.shear) * deg);
    const double tx = rng.uniform(-config.shift, config.shift);
    const double ty = rng.uniform(-config.shift, config.shift);
    // source − centre = R(θ) · H · diag(1/sx, 1/sy) · (p − centre) − t
    const double c = std::cos(theta), s = std::sin(theta);
    const double a00 = c / sx, a01 = (c * shear - s) / sy;
    const double a10 = s / sx, a11 = (s * shear + c) / sy;
    const double cy = (static_cast<double>(shape.height) - 1.0) / 2.0;
    const double cx = (static_cast<double>(shape.width) - 1.0) / 2.0;

    std::vector<float> dx, dy;
    if (config.elastic()) {
        dx.resize(n);
        dy.resize(n);
        for (std::size_t i = 0; i < n; ++i) dx[i] = static_cast<float>(rng.uniform(-1.0, 1.0));
        for (std::size_t i = 0; i < n; ++i) dy[i] = static_cast<float>(rng.uniform(-1.0, 1.0));
        const std::vector<float> k = gaussian_kernel(config.elastic_sigma);
        smooth(dx, shape, k);
        smooth(dy, shape, k);
    }
    const auto h = static_cast<std::ptrdiff_t>(shape.height), w = static_cast<std::ptrdiff_t>(shape.width);
    const auto at = [&](std::ptrdiff_t r, std::ptrdiff_t col) {
        return r < 0 || r >= h || col < 0 || col >= w ? fill : image[static_cast<std::size_t>(r * w + col)];
    };
    for (std::ptrdiff_t r = 0; r < h; ++r) {
        for (std::ptrdiff_t col = 0; col < w; ++col) {
            const auto i = static_cast<std::size_t>(r * w + col);
            const double px = static_cast<double>(col) - cx, py = static_cast<double>(r) - cy;
            double x = cx + a00 * px + a01 * py - tx;
            double y = cy + a10 * px + a11 * py - ty;
            if (!dx.empty()) {
                x += config.elastic_alpha * dx[i];
                y += config.elastic_alpha * dy[i];
            }
            // Far outside: all fill (and no overflow in the casts below).
            if (!(x > -1.0 && x < static_cast<double>(w) && y > -1.0 && y < static_cast<double>(h))) {
                out[i] = fill;
                continue;
            }
            const double fx = std::floor(x), fy = std::floor(y);
            const auto x0 = static_cast<std::ptrdiff_t>(fx), y0 = static_cast<std::ptrdiff_t>(fy);
            const auto wx = static_cast<float>(x - fx), wy = static_cast<float>(y - fy);
            const float top = at(y0, x0) + wx * (at(y0, x0 + 1) - at(y0, x0));
            const float bottom = at(y0 + 1, x0) + wx * (at(y0 + 1, x0 + 1) - at(y0 + 1, x0));
            out[i] = top + wy * (bottom - top);
        }
    }
}

Augmenter::Augmenter(MatrixView<const float> images, ImageShape shape, AugmentConfig config, std::uint64_t seed,
                     float fill)
    : images_(images), shape_(shape), config_(config), seed_(seed), fill_(fill) {
    config_.check();
    if (shape.pixels() == 0 || images.cols() != shape.pixels())
        fail("augmentation: images of ", shape.height, " × ", shape.width, " pixels need ", shape.pixels(),
             " features, not ", images.cols());
    if (!std::isfinite(fill)) fail("augmentation: the fill value must be finite");
}

Augmenter::~Augmenter() {
    cancel_ = true;
    if (pending_.valid()) pending_.wait();
}

void Augmenter::make_rows(std::size_t epoch, MatrixView<float> out, bool parallel) const {
    const auto rows = static_cast<long long>(images_.rows());
#pragma omp parallel for schedule(static) if (parallel)
    for (long long r = 0; r < rows; ++r) {
        if (cancel_) continue;
        Rng rng = image_rng(seed_, epoch, static_cast<std::size_t>(r));
        distort(images_.row(static_cast<std::size_t>(r)), out.row(static_cast<std::size_t>(r)), shape_, config_, rng,
                fill_);
    }
}

void Augmenter::check_out(MatrixView<float> out) const {
    if (out.rows() != images_.rows() || out.cols() != images_.cols())
        fail("augmentation: ", out.rows(), " × ", out.cols(), " rows for ", images_.rows(), " images of ",
             images_.cols(), " pixels");
}

void Augmenter::make(std::size_t epoch, MatrixView<float> out) const {
    check_out(out);
    make_rows(epoch, out, true);
}

void Augmenter::fill(std::size_t epoch, MatrixView<float> out, std::size_t last) {
    check_out(out);
    if (pending_.valid()) pending_.get();  // rethrows what the thread threw
    if (next_epoch_ == epoch) {
        for (std::size_t r = 0; r < out.rows(); ++r) std::copy(next_.row(r).begin(), next_.row(r).end(), out.row(r).begin());
    } else {
        make(epoch, out);
    }
    next_epoch_ = 0;
    if (epoch >= last) return;
    if (next_.rows() != images_.rows()) next_ = Matrix(images_.rows(), images_.cols());
    // One thread beside the training's: it runs while training waits on
    // memory and between kernels, and never holds the training up at an
    // epoch's end unless it fell behind.
    next_epoch_ = epoch + 1;
    pending_ = std::async(std::launch::async, [this, e = epoch + 1] { make_rows(e, next_.view(), false); });
}

}  // namespace neurite
