#include "augment_options.hpp"

#include <cmath>

#include "flags.hpp"
#include "neurite/core/error.hpp"

namespace neurite::cli {
namespace {

constexpr AugmentConfig kAffine{.rotate = 10.0, .zoom = 0.1, .shear = 10.0, .shift = 2.0};
// Simard, Steinkraus and Platt 2003 on MNIST.
constexpr AugmentConfig kElastic{.elastic_alpha = 34.0, .elastic_sigma = 4.0};

}  // namespace

void add_augment_options(CLI::App& cmd, AugmentOptions& o) {
    cmd.add_option("--augment", o.kinds,
                   "Distort every training image afresh each epoch: affine (rotation, zoom, shear, shift), elastic "
                   "(Simard et al. 2003), or affine,elastic; validation and test images stay as they are")
        ->delimiter(',')
        ->check(CLI::IsMember({"affine", "elastic"}));
    cmd.add_option("--rotate", o.rotate, "--augment affine: largest rotation, degrees (default 10)");
    cmd.add_option("--zoom", o.zoom, "--augment affine: largest zoom of each axis, a fraction (default 0.1: 90–110 %)");
    cmd.add_option("--shear", o.shear, "--augment affine: largest horizontal shear, degrees (default 10)");
    cmd.add_option("--shift", o.shift, "--augment affine: largest shift along each axis, pixels (default 2)");
    cmd.add_option("--elastic-alpha", o.elastic_alpha,
                   "--augment elastic: α, the scale of the smoothed displacement field, pixels (default 34)");
    cmd.add_option("--elastic-sigma", o.elastic_sigma,
                   "--augment elastic: σ of the Gaussian that smooths the field, pixels (default 4)");
}

AugmentConfig augment_config(const AugmentOptions& o) {
    bool affine = false, elastic = false;
    for (const std::string& k : o.kinds) {
        affine = affine || k == "affine";
        elastic = elastic || k == "elastic";
    }
    const auto need = [](bool on, const std::optional<double>& v, const char* flag, const char* kind) {
        if (v && !on) bad_flag(flag, " needs --augment ", kind);
    };
    need(affine, o.rotate, "--rotate", "affine");
    need(affine, o.zoom, "--zoom", "affine");
    need(affine, o.shear, "--shear", "affine");
    need(affine, o.shift, "--shift", "affine");
    need(elastic, o.elastic_alpha, "--elastic-alpha", "elastic");
    need(elastic, o.elastic_sigma, "--elastic-sigma", "elastic");
    AugmentConfig c;
    if (affine) {
        c.rotate = o.rotate.value_or(kAffine.rotate);
        c.zoom = o.zoom.value_or(kAffine.zoom);
        c.shear = o.shear.value_or(kAffine.shear);
        c.shift = o.shift.value_or(kAffine.shift);
    }
    if (elastic) {
        c.elastic_alpha = o.elastic_alpha.value_or(kElastic.elastic_alpha);
        c.elastic_sigma = o.elastic_sigma.value_or(kElastic.elastic_sigma);
    }
    try {
        c.check();
    } catch (const Error& e) {
        // "augmentation: zoom must be …" → "--augment: zoom must be …"
        const std::string m = e.what();
        bad_flag("--augment: ", m.substr(m.find(": ") + 2));
    }
    return c;
}

ImageShape square_image(std::size_t features) {
    const auto side = static_cast<std::size_t>(std::llround(std::sqrt(static_cast<double>(features))));
    if (side * side != features || side < 2)
        fail("--augment distorts square images (MNIST's 28 × 28, the digits' 8 × 8); rows of ", features,
             " features are not one");
    return {side, side};
}

float augment_fill(const Preprocessing& pre) {
    if (pre.kind == ScalingKind::none) return 0.0f;
    if (pre.kind != ScalingKind::scale)
        fail("--augment needs the same scaling for every pixel (--scale unit, unit_offset or none), not --scale ",
             to_string(pre.kind), ", whose per-pixel values would move with the pixels");
    return (0.0f - pre.offset.at(0)) * pre.scale.at(0);
}

}  // namespace neurite::cli
