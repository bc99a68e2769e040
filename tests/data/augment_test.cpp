#include "neurite/data/augment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

using test::error_of;

constexpr ImageShape kDigit{28, 28};

// A digit-like image: a thick ring of ink (1) on background (0), centred a
// little off the middle, with a stroke across it; pixel values in [0, 1].
std::vector<float> ring(double cy = 13.0, double cx = 14.5) {
    std::vector<float> img(kDigit.pixels(), 0.0f);
    for (std::size_t r = 0; r < kDigit.height; ++r)
        for (std::size_t c = 0; c < kDigit.width; ++c) {
            const double d = std::hypot(static_cast<double>(r) - cy, static_cast<double>(c) - cx);
            const double ink = std::clamp(2.0 - std::abs(d - 7.0), 0.0, 1.0);
            const bool stroke = r == 13 && c >= 9 && c <= 20;
            img[r * kDigit.width + c] = stroke ? 1.0f : static_cast<float>(ink);
        }
    return img;
}

struct Mass {
    double total = 0, row = 0, col = 0;  // Σ ink and its centroid
};

Mass mass_of(const std::vector<float>& img) {
    Mass m;
    for (std::size_t r = 0; r < kDigit.height; ++r)
        for (std::size_t c = 0; c < kDigit.width; ++c) {
            const double v = img[r * kDigit.width + c];
            m.total += v;
            m.row += v * static_cast<double>(r);
            m.col += v * static_cast<double>(c);
        }
    m.row /= m.total;
    m.col /= m.total;
    return m;
}

constexpr AugmentConfig kStrong{.rotate = 15, .zoom = 0.15, .shear = 15, .shift = 2, .elastic_alpha = 34,
                                .elastic_sigma = 4};

}  // namespace

TEST(Augment, ZeroStrengthIsTheIdentity) {
    const std::vector<float> img = ring();
    std::vector<float> out(img.size(), -1.0f);
    Rng rng(1);
    distort(img, out, kDigit, AugmentConfig{}, rng, 0.0f);
    EXPECT_EQ(out, img);
    // The whole sampling path with limits so small that nothing can move.
    const AugmentConfig tiny{.rotate = 1e-9, .zoom = 1e-12, .shear = 1e-9, .shift = 1e-9};
    ASSERT_FALSE(tiny.identity());
    distort(img, out, kDigit, tiny, rng, 0.0f);
    for (std::size_t i = 0; i < img.size(); ++i) ASSERT_NEAR(out[i], img[i], 1e-5f) << i;
    // A field scaled by α = 0 is no elastic distortion at all.
    EXPECT_TRUE((AugmentConfig{.elastic_alpha = 0, .elastic_sigma = 6}).identity());
}

TEST(Augment, AShiftMovesTheImageByThatMuch) {
    // Rows of a shift-only distortion are the image moved by (ty, tx):
    // whole-pixel moves keep the ink, and its centroid moves with them.
    const std::vector<float> img = ring();
    const Mass before = mass_of(img);
    std::vector<float> out(img.size());
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        Rng rng(seed);
        distort(img, out, kDigit, AugmentConfig{.shift = 3}, rng, 0.0f);
        const Mass after = mass_of(out);
        EXPECT_NEAR(after.total, before.total, 1e-3 * before.total);
        EXPECT_LE(std::abs(after.row - before.row), 3.0 + 1e-6);
        EXPECT_LE(std::abs(after.col - before.col), 3.0 + 1e-6);
    }
}

TEST(Augment, OutputsStayInTheInputsRange) {
    // Every output pixel mixes input pixels and the fill, never beyond them.
    Rng draw(7);
    std::vector<float> img(kDigit.pixels()), out(kDigit.pixels());
    for (int trial = 0; trial < 50; ++trial) {
        for (float& v : img) v = static_cast<float>(draw.uniform(0.01, 1.0));
        Rng rng(static_cast<std::uint64_t>(trial));
        distort(img, out, kDigit, kStrong, rng, 0.01f);
        const auto [lo, hi] = std::minmax_element(out.begin(), out.end());
        EXPECT_GE(*lo, 0.01f);
        EXPECT_LE(*hi, *std::max_element(img.begin(), img.end()));
    }
    // A fill outside the image's values (the background after unit_offset
    // scaling is 0.01) stays the lower bound.
    std::fill(img.begin(), img.end(), 0.5f);
    Rng rng(3);
    distort(img, out, kDigit, AugmentConfig{.shift = 6}, rng, 0.01f);
    EXPECT_GE(*std::min_element(out.begin(), out.end()), 0.01f);
    EXPECT_LE(*std::max_element(out.begin(), out.end()), 0.5f);
}

TEST(Augment, TheDigitKeepsItsMassRoughlyWhereItWas) {
    const std::vector<float> img = ring();
    const Mass before = mass_of(img);
    std::vector<float> out(img.size());
    // The limits of `neurite train --augment affine,elastic`'s defaults,
    // apart and together, with how far each may move and scale the ink:
    // zoom changes the area by up to 1.1² (0.9²) and the shift moves it by up
    // to 2√2 px; the elastic field squeezes and stretches it locally.
    struct Case {
        AugmentConfig cfg;
        double least, most, moved;
    };
    const AugmentConfig affine{.rotate = 10, .zoom = 0.1, .shear = 10, .shift = 2};
    const AugmentConfig elastic{.elastic_alpha = 34, .elastic_sigma = 4};
    AugmentConfig both = affine;
    both.elastic_alpha = 34;
    for (const Case& k : {Case{affine, 0.75, 1.3, 4.0}, Case{elastic, 0.6, 1.5, 3.0}, Case{both, 0.5, 1.7, 5.5}}) {
        for (std::uint64_t seed = 1; seed <= 30; ++seed) {
            Rng rng(seed);
            distort(img, out, kDigit, k.cfg, rng, 0.0f);
            const Mass after = mass_of(out);
            EXPECT_GT(after.total, k.least * before.total) << k.cfg.describe() << " seed " << seed;
            EXPECT_LT(after.total, k.most * before.total) << k.cfg.describe() << " seed " << seed;
            EXPECT_LT(std::hypot(after.row - before.row, after.col - before.col), k.moved)
                << k.cfg.describe() << " seed " << seed;
        }
    }
}

TEST(Augment, ElasticDistortionMovesPixelsBySmoothSmallAmounts) {
    // Simard's α 34 σ 4 moves the ink, but not by much: most pixels stay
    // close to the image, none is noise.
    const std::vector<float> img = ring();
    std::vector<float> out(img.size());
    Rng rng(5);
    distort(img, out, kDigit, AugmentConfig{.elastic_alpha = 34, .elastic_sigma = 4}, rng, 0.0f);
    double changed = 0, diff = 0;
    for (std::size_t i = 0; i < img.size(); ++i) {
        changed += std::abs(out[i] - img[i]) > 1e-3f;
        diff += std::abs(out[i] - img[i]);
    }
    EXPECT_GT(changed, 20);  // something moved
    EXPECT_LT(diff, 0.8 * mass_of(img).total);  // not all of it
}

TEST(Augment, TheSameSeedGivesTheSameImages) {
    Matrix images(6, kDigit.pixels());
    for (std::size_t r = 0; r < images.rows(); ++r) {
        const std::vector<float> img = ring(11.0 + static_cast<double>(r), 14.0);
        std::copy(img.begin(), img.end(), images.row(r).begin());
    }
    Augmenter a(images.view(), kDigit, kStrong, 99), b(images.view(), kDigit, kStrong, 99), c(images.view(), kDigit, kStrong, 100);
    Matrix e1(6, kDigit.pixels()), e1b(6, kDigit.pixels()), e2(6, kDigit.pixels()), other(6, kDigit.pixels());
    a.make(1, e1.view());
    b.make(1, e1b.view());
    EXPECT_TRUE(std::equal(e1.flat().begin(), e1.flat().end(), e1b.flat().begin()));
    // Each image's distortion depends only on (seed, epoch, index): the one
    // made alone is the same row.
    std::vector<float> alone(kDigit.pixels());
    Rng rng = image_rng(99, 1, 4);
    distort(images.row(4), alone, kDigit, kStrong, rng);
    EXPECT_TRUE(std::equal(alone.begin(), alone.end(), e1.row(4).begin()));
    // Another epoch and another seed give other images.
    a.make(2, e2.view());
    c.make(1, other.view());
    EXPECT_FALSE(std::equal(e1.flat().begin(), e1.flat().end(), e2.flat().begin()));
    EXPECT_FALSE(std::equal(e1.flat().begin(), e1.flat().end(), other.flat().begin()));
    // fill(): the background thread's images are make()'s.
    Matrix f(6, kDigit.pixels());
    for (std::size_t epoch = 1; epoch <= 3; ++epoch) {
        b.fill(epoch, f.view(), 3);
        Matrix made(6, kDigit.pixels());
        a.make(epoch, made.view());
        EXPECT_TRUE(std::equal(f.flat().begin(), f.flat().end(), made.flat().begin())) << "epoch " << epoch;
    }
    // A jump (a resumed run) makes that epoch's images on the spot.
    b.fill(7, f.view(), 9);
    a.make(7, e1.view());
    EXPECT_TRUE(std::equal(f.flat().begin(), f.flat().end(), e1.flat().begin()));
}

TEST(Augment, BadLimitsAndShapesAreErrors) {
    EXPECT_NE(error_of([] { AugmentConfig{.rotate = -1}.check(); }).find("rotate"), std::string::npos);
    EXPECT_NE(error_of([] { AugmentConfig{.zoom = 1.0}.check(); }).find("zoom"), std::string::npos);
    EXPECT_NE(error_of([] { AugmentConfig{.shear = 90}.check(); }).find("shear"), std::string::npos);
    EXPECT_NE(error_of([] { AugmentConfig{.shift = NAN}.check(); }).find("shift"), std::string::npos);
    EXPECT_NE(error_of([] { AugmentConfig{.elastic_alpha = 3, .elastic_sigma = 0}.check(); }).find("sigma"),
              std::string::npos);
    const Matrix images(2, 30);
    EXPECT_NE(error_of([&] { Augmenter(images.view(), kDigit, kStrong, 1); }).find("784"), std::string::npos);
    std::vector<float> img(kDigit.pixels()), out(10);
    Rng rng(1);
    EXPECT_NE(error_of([&] { distort(img, out, kDigit, kStrong, rng); }).find("784"), std::string::npos);
    const Matrix ok(2, kDigit.pixels());
    Augmenter a(ok.view(), kDigit, kStrong, 1);
    Matrix wrong(3, kDigit.pixels());
    EXPECT_NE(error_of([&] { a.make(1, wrong.view()); }).find("3 × 784"), std::string::npos);
}

TEST(Augment, DescribesItsLimits) {
    EXPECT_EQ(AugmentConfig{}.describe(), "none");
    EXPECT_EQ((AugmentConfig{.rotate = 10, .zoom = 0.1, .elastic_alpha = 34, .elastic_sigma = 4}).describe(),
              "rotate ±10°, zoom ±10 %, elastic α 34 σ 4");
}

}  // namespace neurite
