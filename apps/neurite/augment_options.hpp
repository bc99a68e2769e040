// --augment and the limits of its distortions, shared by `neurite train`
// (each epoch's training images made afresh) and `neurite show --augment`
// (a digit and some of its distortions).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "neurite/data/augment.hpp"
#include "neurite/data/transforms.hpp"

namespace neurite::cli {

struct AugmentOptions {
    std::vector<std::string> kinds;  // --augment affine,elastic
    std::optional<double> rotate, zoom, shear, shift, elastic_alpha, elastic_sigma;
};

// Registers --augment, --rotate, --zoom, --shear, --shift, --elastic-alpha
// and --elastic-sigma.
void add_augment_options(CLI::App& cmd, AugmentOptions& options);

// The distortions asked for: each kind's defaults (affine: rotate 10°, zoom
// 10 %, shear 10°, shift 2 px; elastic: Simard's α 34, σ 4) with the limits
// given applied. A limit of a kind not in --augment is an Error naming it.
AugmentConfig augment_config(const AugmentOptions& options);

// The image shape of rows of `features` values: a square (28 × 28 for
// MNIST, 8 × 8 for the digits); otherwise an Error naming --augment.
ImageShape square_image(std::size_t features);

// The background after `pre` (what a pixel of 0 becomes). A scaling that
// differs from pixel to pixel (minmax, standardize) is an Error: its values
// would move with the pixels.
float augment_fill(const Preprocessing& pre);

}  // namespace neurite::cli
