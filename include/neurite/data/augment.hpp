// Image augmentation: random affine and elastic distortions of images held
// as rows of a matrix (MNIST's 28 × 28 digits, the 8 × 8 digits), made
// afresh for every epoch of training.
//
// An output pixel at (row r, column c) takes the input's value at
//
//   centre + R(θ) · H(φ) · diag(1/sx, 1/sy) · (p − centre) − t + α·(Gσ ∗ u)(p)
//
// read bilinearly (outside the image: the fill value, the background), where
// θ is a rotation, φ a horizontal shear, sx and sy the zoom of each axis and
// t a shift, each drawn uniformly from ±its limit, and the last term is
// Simard, Steinkraus and Platt's (2003) elastic distortion: a field u of
// displacements drawn uniformly from [−1, 1] at every pixel, smoothed by a
// Gaussian of standard deviation σ and scaled by α (pixels). So the digit
// appears turned by θ, scaled by sx and sy and moved by t. One bilinear read
// per pixel makes every output pixel a convex mix of input pixels and the
// fill, so outputs stay within the inputs' range.
//
//   AugmentConfig cfg{.rotate = 10, .elastic_alpha = 34, .elastic_sigma = 4};
//   Augmenter aug(train.features, {28, 28}, cfg, seed, 0.0f);
//   aug.fill(epoch, work.features.view(), epochs);  // epoch's images; the
//                                                   // next are made meanwhile
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <future>
#include <span>
#include <string>

#include "neurite/core/rng.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

struct ImageShape {
    std::size_t height = 0;
    std::size_t width = 0;
    std::size_t pixels() const { return height * width; }
};

// The limits of the random distortions; all 0 (the default) is the identity.
struct AugmentConfig {
    double rotate = 0.0;         // degrees: θ uniform in [−rotate, rotate]
    double zoom = 0.0;           // sx, sy each uniform in [1 − zoom, 1 + zoom] (zoom < 1)
    double shear = 0.0;          // degrees: φ uniform in [−shear, shear] (< 90)
    double shift = 0.0;          // pixels: each of t's coordinates uniform in [−shift, shift]
    double elastic_alpha = 0.0;  // α, pixels (0: no elastic distortion)
    double elastic_sigma = 4.0;  // σ of the smoothing Gaussian, pixels (> 0)

    bool affine() const { return rotate != 0.0 || zoom != 0.0 || shear != 0.0 || shift != 0.0; }
    bool elastic() const { return elastic_alpha != 0.0; }
    bool identity() const { return !affine() && !elastic(); }
    // Throws Error naming the first limit out of its range (negative, not
    // finite, zoom ≥ 1, shear ≥ 90°, σ ≤ 0).
    void check() const;
    // "rotate ±10°, zoom ±10 %, elastic α 34 σ 4", or "none".
    std::string describe() const;
};

// Writes one distorted copy of `image` (shape.height × shape.width, row by
// row) into `out` (the same size), with the random numbers from rng.
void distort(std::span<const float> image, std::span<float> out, ImageShape shape, const AugmentConfig& config,
             Rng& rng, float fill = 0.0f);

// The generator of image `index` in epoch `epoch`: each image's distortion
// depends only on (seed, epoch, index), so the images are the same whatever
// thread makes them and after a resume.
Rng image_rng(std::uint64_t seed, std::size_t epoch, std::size_t index);

// Distorted copies of a fixed set of images, new ones each epoch: while
// training goes through one epoch's images a background thread makes the
// next epoch's, so the distortions cost little of the training's time.
class Augmenter {
public:
    // images: one image per row, shape.pixels() columns (copied). fill: the
    // value outside the image (the background after scaling).
    Augmenter(MatrixView<const float> images, ImageShape shape, AugmentConfig config, std::uint64_t seed,
              float fill = 0.0f);
    ~Augmenter();
    Augmenter(const Augmenter&) = delete;
    Augmenter& operator=(const Augmenter&) = delete;

    // Writes epoch `epoch`'s images (1-based) into out (rows × pixels): the
    // ones made in the background when they are that epoch's, else made now.
    // Unless epoch is `last`, the next epoch's are then started.
    void fill(std::size_t epoch, MatrixView<float> out, std::size_t last);
    // Makes epoch `epoch`'s images into out here and now (both cores).
    void make(std::size_t epoch, MatrixView<float> out) const;

    const AugmentConfig& config() const { return config_; }
    ImageShape shape() const { return shape_; }

private:
    void check_out(MatrixView<float> out) const;
    void make_rows(std::size_t epoch, MatrixView<float> out, bool parallel) const;

    Matrix images_;
    ImageShape shape_;
    AugmentConfig config_;
    std::uint64_t seed_;
    float fill_;
    Matrix next_;                 // the background thread's images …
    std::size_t next_epoch_ = 0;  // … for this epoch (0: none)
    std::future<void> pending_;
    std::atomic<bool> cancel_{false};
};

}  // namespace neurite
