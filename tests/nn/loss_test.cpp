// Loss values on hand-computed examples, gradients against central
// differences, numerical stability, and error reporting.
#include "neurite/nn/loss.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/core/rng.hpp"
#include "core/names_check.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

// A small owning matrix over std::vector, independent of BasicMatrix.
template <typename T>
struct Mat {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<T> data;

    Mat(std::size_t r, std::size_t c, std::vector<T> values = {})
        : rows(r), cols(c), data(values.empty() ? std::vector<T>(r * c, T(0)) : std::move(values)) {}

    MatrixView<T> view() { return {data.data(), rows, cols}; }
    MatrixView<const T> cview() const { return {data.data(), rows, cols}; }
};

using MatD = Mat<double>;

double value(Loss loss, const MatD& p, const MatD& t) {
    return loss_value<double>(loss, p.cview(), t.cview());
}

std::string error_message(Loss loss, const MatD& p, const MatD& t) {
    try {
        (void)value(loss, p, t);
    } catch (const Error& e) {
        return e.what();
    }
    return "<no error>";
}

constexpr Loss kAllLosses[] = {
    Loss::mse,
    Loss::mae,
    Loss::mape,
    Loss::msle,
    Loss::binary_cross_entropy,
    Loss::binary_cross_entropy_logits,
    Loss::categorical_cross_entropy,
    Loss::softmax_cross_entropy,
};

// ---- names ----------------------------------------------------------------------

TEST(LossNames, RoundTripAndUnknownNames) {
    test::expect_enum_names<Loss>(kAllLosses, parse_loss, {"hinge", "", "MSE", "CE"});
    EXPECT_EQ(to_string(Loss::mse), "mse");
    EXPECT_EQ(to_string(Loss::binary_cross_entropy_logits), "binary_cross_entropy_logits");
    EXPECT_EQ(parse_loss("softmax_cross_entropy"), Loss::softmax_cross_entropy);
    EXPECT_EQ(loss_names().size(), std::size(kAllLosses));
}

TEST(LossNames, ShortNamesParseToTheFullOnes) {
    EXPECT_EQ(parse_loss("ce"), Loss::categorical_cross_entropy);
    EXPECT_EQ(parse_loss("cross_entropy"), Loss::categorical_cross_entropy);
    EXPECT_EQ(parse_loss("bce"), Loss::binary_cross_entropy);
    EXPECT_EQ(parse_loss("bce_logits"), Loss::binary_cross_entropy_logits);
    // Printed with the full name, so a saved run never records the alias.
    EXPECT_EQ(to_string(parse_loss("ce")), "categorical_cross_entropy");
    EXPECT_EQ(to_string(parse_loss("bce")), "binary_cross_entropy");
    ASSERT_EQ(loss_aliases().size(), 4u);
    for (const auto& alias : loss_aliases()) EXPECT_EQ(parse_loss(alias.name), alias.value) << alias.name;
}

TEST(LossNames, UnknownNamesSuggestTheClosest) {
    EXPECT_EQ(test::error_of([] { parse_loss("mes"); }),
              "unknown loss \"mes\" (did you mean \"mse\"? expected one of: mse, mae, mape, msle, "
              "binary_cross_entropy, binary_cross_entropy_logits, categorical_cross_entropy, softmax_cross_entropy; "
              "short names: ce, cross_entropy, bce, bce_logits)");
    test::expect_error([] { parse_loss("categorical_crossentropy"); }, "did you mean \"categorical_cross_entropy\"?");
    test::expect_error([] { parse_loss("bec"); }, "did you mean \"bce\"?");
    test::expect_error([] { parse_loss("binary"); }, "did you mean \"binary_cross_entropy\"?");
    test::expect_error([] { parse_loss("MAE"); }, "did you mean \"mae\"?");
    EXPECT_EQ(test::error_of([] { parse_loss("hinge"); }).find("did you mean"), std::string::npos);
}

// ---- hand-computed values ----------------------------------------------------------

TEST(LossValue, MseTextbookExample) {
    // (0.24² + 0.27²) / 2 = (0.0576 + 0.0729) / 2
    EXPECT_NEAR(value(Loss::mse, MatD(1, 2, {0.54, 0.53}), MatD(1, 2, {0.3, 0.8})), 0.06525,
                1e-15);
    // The mean is over all elements, not per row.
    EXPECT_NEAR(value(Loss::mse, MatD(2, 1, {0.54, 0.53}), MatD(2, 1, {0.3, 0.8})), 0.06525,
                1e-15);
}

TEST(LossValue, Mae) {
    EXPECT_NEAR(value(Loss::mae, MatD(1, 2, {0.54, 0.53}), MatD(1, 2, {0.3, 0.8})), 0.255, 1e-15);
    EXPECT_NEAR(value(Loss::mae, MatD(2, 2, {1, -1, 3, 0}), MatD(2, 2, {0, 1, 3, -4})),
                (1.0 + 2.0 + 0.0 + 4.0) / 4.0, 1e-15);
}

TEST(LossValue, Mape) {
    // 10/100 and 5/50: 10 % each.
    EXPECT_NEAR(value(Loss::mape, MatD(1, 2, {110, 45}), MatD(1, 2, {100, 50})), 10.0, 1e-12);
    // Negative targets use |t|.
    EXPECT_NEAR(value(Loss::mape, MatD(1, 1, {-3}), MatD(1, 1, {-4})), 25.0, 1e-12);
    // A zero target divides by ε = 1e-7 instead.
    EXPECT_NEAR(value(Loss::mape, MatD(1, 1, {2e-7}), MatD(1, 1, {0})), 200.0, 1e-9);
}

TEST(LossValue, Msle) {
    // (log 4 − log 2)² = (log 2)², and 0 for the second element.
    EXPECT_NEAR(value(Loss::msle, MatD(1, 2, {3, 0}), MatD(1, 2, {1, 0})), 0.2402265069591007,
                1e-15);
    // (log(1 + (e − 1)) − log 1)² = 1
    EXPECT_NEAR(value(Loss::msle, MatD(1, 1, {std::exp(1.0) - 1.0}), MatD(1, 1, {0})), 1.0, 1e-14);
}

TEST(LossValue, BinaryCrossEntropy) {
    // −(log 0.9 + log 0.8) / 2
    EXPECT_NEAR(value(Loss::binary_cross_entropy, MatD(1, 2, {0.9, 0.2}), MatD(1, 2, {1, 0})),
                0.164252033486018, 1e-14);
    // Clamped to ε: −log(1e-7), finite.
    EXPECT_NEAR(value(Loss::binary_cross_entropy, MatD(1, 1, {0.0}), MatD(1, 1, {1})),
                16.11809565095832, 1e-9);
    EXPECT_NEAR(value(Loss::binary_cross_entropy, MatD(1, 1, {1.0}), MatD(1, 1, {0})),
                16.11809565095832, 1e-6);
    // A perfect prediction costs (almost) nothing.
    EXPECT_LT(value(Loss::binary_cross_entropy, MatD(1, 2, {1.0, 0.0}), MatD(1, 2, {1, 0})), 1e-6);
}

TEST(LossValue, BinaryCrossEntropyLogits) {
    // z = 0, t = 1: log 2; z = 2, t = 0: 2 + log(1 + e^−2).
    EXPECT_NEAR(
        value(Loss::binary_cross_entropy_logits, MatD(1, 2, {0.0, 2.0}), MatD(1, 2, {1, 0})),
        1.410037595801459, 1e-14);
}

TEST(LossValue, BinaryCrossEntropyLogitsMatchesSigmoidForm) {
    Rng rng(7);
    MatD z(6, 5), t(6, 5), p(6, 5);
    for (std::size_t i = 0; i < z.data.size(); ++i) {
        z.data[i] = rng.uniform(-8.0, 8.0);
        t.data[i] = rng.uniform(0.0, 1.0);
        p.data[i] = 1.0 / (1.0 + std::exp(-z.data[i]));
    }
    EXPECT_NEAR(value(Loss::binary_cross_entropy_logits, z, t),
                value(Loss::binary_cross_entropy, p, t), 1e-12);
}

TEST(LossValue, BinaryCrossEntropyLogitsIsStableForLargeLogits) {
    // z = 1000, t = 0 costs 1000; z = −1000, t = 1 costs 1000; right answers cost ~0.
    MatD z(1, 4, {1000, -1000, 1000, -1000});
    MatD t(1, 4, {0, 1, 1, 0});
    const double v = value(Loss::binary_cross_entropy_logits, z, t);
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_NEAR(v, 2000.0 / 4.0, 1e-9);

    MatD g(1, 4);
    loss_gradient<double>(Loss::binary_cross_entropy_logits, z.cview(), t.cview(), g.view());
    EXPECT_NEAR(g.data[0], 1.0 / 4, 1e-15);
    EXPECT_NEAR(g.data[1], -1.0 / 4, 1e-15);
    EXPECT_NEAR(g.data[2], 0.0, 1e-15);
    EXPECT_NEAR(g.data[3], 0.0, 1e-15);
}

TEST(LossValue, CategoricalCrossEntropy) {
    MatD p(2, 3, {0.7, 0.2, 0.1, 0.1, 0.8, 0.1});
    MatD t(2, 3, {1, 0, 0, 0, 1, 0});
    // Summed over classes, averaged over the batch: −(log 0.7 + log 0.8) / 2.
    EXPECT_NEAR(value(Loss::categorical_cross_entropy, p, t), 0.2899092476264711, 1e-14);
    // A zero probability is clamped to ε.
    EXPECT_NEAR(value(Loss::categorical_cross_entropy, MatD(1, 2, {0.0, 1.0}), MatD(1, 2, {1, 0})),
                16.11809565095832, 1e-9);
}

TEST(LossValue, SoftmaxCrossEntropy) {
    // −log softmax(1, 2, 3)[2] = log(e + e² + e³) − 3
    EXPECT_NEAR(value(Loss::softmax_cross_entropy, MatD(1, 3, {1, 2, 3}), MatD(1, 3, {0, 0, 1})),
                0.40760596444438013, 1e-14);
}

TEST(LossValue, SoftmaxCrossEntropyMatchesCategoricalOfSoftmax) {
    Rng rng(11);
    const std::size_t rows = 4, cols = 5;
    MatD z(rows, cols), t(rows, cols), p(rows, cols);
    for (std::size_t r = 0; r < rows; ++r) {
        double sum = 0.0, tsum = 0.0;
        for (std::size_t c = 0; c < cols; ++c) {
            z.data[r * cols + c] = rng.uniform(-4.0, 4.0);
            t.data[r * cols + c] = rng.uniform(0.0, 1.0);
            sum += std::exp(z.data[r * cols + c]);
            tsum += t.data[r * cols + c];
        }
        for (std::size_t c = 0; c < cols; ++c) {
            p.data[r * cols + c] = std::exp(z.data[r * cols + c]) / sum;
            t.data[r * cols + c] /= tsum;
        }
    }
    EXPECT_NEAR(value(Loss::softmax_cross_entropy, z, t),
                value(Loss::categorical_cross_entropy, p, t), 1e-12);
}

TEST(LossValue, SoftmaxCrossEntropyIsFiniteForHugeLogits) {
    // Row 0: the true class has logit −1000: loss = lse − z = 1000 − (−1000) = 2000.
    // Row 1: the true class has the largest logit: loss = log(1 + e^−1000 + e^−2000) ≈ 0.
    MatD z(2, 3, {1000, -1000, 0, 1000, -1000, 0});
    MatD t(2, 3, {0, 1, 0, 1, 0, 0});
    const double v = value(Loss::softmax_cross_entropy, z, t);
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_NEAR(v, (2000.0 + 0.0) / 2.0, 1e-9);

    MatD g(2, 3);
    const double v2 =
        loss_gradient<double>(Loss::softmax_cross_entropy, z.cview(), t.cview(), g.view());
    EXPECT_DOUBLE_EQ(v, v2);
    // softmax(z) = (1, 0, 0) up to e^−1000; the gradient is (softmax − t) / batch.
    const double expected[] = {0.5, -0.5, 0.0, 0.0, 0.0, 0.0};
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_TRUE(std::isfinite(g.data[i]));
        EXPECT_NEAR(g.data[i], expected[i], 1e-15) << i;
    }

    // The same in float.
    Mat<float> zf(1, 3, {1000.f, -1000.f, 0.f});
    Mat<float> tf(1, 3, {0.f, 1.f, 0.f});
    Mat<float> gf(1, 3);
    const double vf =
        loss_gradient<float>(Loss::softmax_cross_entropy, zf.cview(), tf.cview(), gf.view());
    EXPECT_NEAR(vf, 2000.0, 1e-9);
    EXPECT_FLOAT_EQ(gf.data[0], 1.0f);
    EXPECT_FLOAT_EQ(gf.data[1], -1.0f);
    EXPECT_FLOAT_EQ(gf.data[2], 0.0f);
}

TEST(LossValue, GradientReturnsTheLoss) {
    MatD p(1, 2, {0.54, 0.53}), t(1, 2, {0.3, 0.8}), g(1, 2);
    EXPECT_NEAR(loss_gradient<double>(Loss::mse, p.cview(), t.cview(), g.view()), 0.06525, 1e-15);
    // d/dp mean (p − t)² = 2 (p − t) / N
    EXPECT_NEAR(g.data[0], 0.24, 1e-15);
    EXPECT_NEAR(g.data[1], -0.27, 1e-15);
}

TEST(LossValue, FloatAgreesWithDouble) {
    Rng rng(3);
    for (Loss l : kAllLosses) {
        Mat<float> pf(3, 4), tf(3, 4), gf(3, 4);
        for (std::size_t i = 0; i < pf.data.size(); ++i) {
            pf.data[i] = static_cast<float>(rng.uniform(0.1, 0.9));
            tf.data[i] = static_cast<float>(rng.uniform(0.1, 0.9));
        }
        MatD pd(3, 4, std::vector<double>(pf.data.begin(), pf.data.end()));
        MatD td(3, 4, std::vector<double>(tf.data.begin(), tf.data.end()));
        MatD gd(3, 4);
        const double vf = loss_gradient<float>(l, pf.cview(), tf.cview(), gf.view());
        const double vd = loss_gradient<double>(l, pd.cview(), td.cview(), gd.view());
        EXPECT_NEAR(vf, vd, 1e-12 * std::max(1.0, std::abs(vd))) << to_string(l);
        EXPECT_NEAR(vf, loss_value<float>(l, pf.cview(), tf.cview()), 0.0) << to_string(l);
        for (std::size_t i = 0; i < gf.data.size(); ++i) {
            EXPECT_NEAR(gf.data[i], gd.data[i], 1e-6 * std::max(1.0, std::abs(gd.data[i])))
                << to_string(l) << " " << i;
        }
    }
}

TEST(LossValue, StridedViews) {
    // A 2×2 window (stride 4) of a 2×4 buffer; the other columns must be ignored.
    std::vector<double> p{0.54, 99, 99, 99, 0.53, 99, 99, 99};
    std::vector<double> t{0.3, -7, -7, -7, 0.8, -7, -7, -7};
    std::vector<double> g(8, 42.0);
    MatrixView<const double> pv(p.data(), 2, 1, 4), tv(t.data(), 2, 1, 4);
    MatrixView<double> gv(g.data(), 2, 1, 4);
    EXPECT_NEAR(loss_gradient<double>(Loss::mse, pv, tv, gv), 0.06525, 1e-15);
    EXPECT_NEAR(g[0], 0.24, 1e-15);
    EXPECT_NEAR(g[4], -0.27, 1e-15);
    for (std::size_t i : {1, 2, 3, 5, 6, 7}) EXPECT_EQ(g[i], 42.0) << i;
}

// ---- errors -------------------------------------------------------------------------

TEST(LossErrors, ShapeMismatchNamesBothShapes) {
    const std::string msg = error_message(Loss::mse, MatD(4, 3), MatD(4, 2));
    EXPECT_EQ(msg, "loss mse: predictions are 4\u00d73 but targets are 4\u00d72");
    for (Loss l : kAllLosses) {
        const std::string m = error_message(l, MatD(2, 3), MatD(3, 2));
        EXPECT_NE(m.find(std::string(to_string(l))), std::string::npos) << m;
        EXPECT_NE(m.find("2\u00d73"), std::string::npos) << m;
        EXPECT_NE(m.find("3\u00d72"), std::string::npos) << m;
    }
}

TEST(LossErrors, GradientShapeMismatch) {
    MatD p(2, 3, std::vector<double>(6, 0.5)), t(2, 3, std::vector<double>(6, 0.5)), g(3, 2);
    try {
        loss_gradient<double>(Loss::softmax_cross_entropy, p.cview(), t.cview(), g.view());
        FAIL() << "expected neurite::Error";
    } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("softmax_cross_entropy"), std::string::npos) << msg;
        EXPECT_NE(msg.find("2\u00d73"), std::string::npos) << msg;
        EXPECT_NE(msg.find("3\u00d72"), std::string::npos) << msg;
    }
    MatD t2(2, 2);
    EXPECT_THROW(loss_gradient<double>(Loss::mae, p.cview(), t2.cview(), g.view()), Error);
}

TEST(LossErrors, MsleOutsideDomain) {
    EXPECT_THROW((void)value(Loss::msle, MatD(1, 2, {0.5, -1.0}), MatD(1, 2, {0, 0})), Error);
    EXPECT_THROW((void)value(Loss::msle, MatD(1, 2, {0.5, 0.5}), MatD(1, 2, {0, -1.5})), Error);
    const std::string msg = error_message(Loss::msle, MatD(1, 2, {0.5, -2.0}), MatD(1, 2, {0, 0}));
    EXPECT_NE(msg.find("msle"), std::string::npos) << msg;
    EXPECT_NE(msg.find("-2"), std::string::npos) << msg;
    // Just above −1 is fine.
    EXPECT_TRUE(std::isfinite(value(Loss::msle, MatD(1, 1, {-0.999}), MatD(1, 1, {0}))));
}

TEST(LossErrors, EmptyBatchIsZero) {
    for (Loss l : kAllLosses) {
        EXPECT_EQ(value(l, MatD(0, 3), MatD(0, 3)), 0.0) << to_string(l);
    }
}

// ---- gradients vs central differences ---------------------------------------------------

// Fills p and t with values inside the loss's domain, away from kinks.
void fill_inputs(Loss loss, MatD& p, MatD& t, Rng& rng) {
    const std::size_t n = p.data.size();
    for (std::size_t i = 0; i < n; ++i) {
        double& pi = p.data[i];
        double& ti = t.data[i];
        switch (loss) {
            case Loss::mse:
                pi = rng.uniform(-2, 2);
                ti = rng.uniform(-2, 2);
                break;
            case Loss::mae:
            case Loss::mape:
                // Targets away from 0 (mape) and predictions away from the kink at p = t.
                ti = rng.uniform(0.5, 2.0) * (rng.uniform() < 0.5 ? -1.0 : 1.0);
                pi = ti + rng.uniform(0.05, 1.0) * (rng.uniform() < 0.5 ? -1.0 : 1.0);
                break;
            case Loss::msle:
                pi = rng.uniform(-0.5, 3.0);
                ti = rng.uniform(-0.5, 3.0);
                break;
            case Loss::binary_cross_entropy:
                pi = rng.uniform(0.05, 0.95);
                ti = rng.uniform() < 0.5 ? rng.uniform(0.0, 1.0) : (rng.uniform() < 0.5 ? 0.0 : 1.0);
                break;
            case Loss::binary_cross_entropy_logits:
                pi = rng.uniform(-6, 6);
                ti = rng.uniform() < 0.5 ? rng.uniform(0.0, 1.0) : (rng.uniform() < 0.5 ? 0.0 : 1.0);
                break;
            case Loss::categorical_cross_entropy:
                pi = rng.uniform(0.05, 1.0);
                ti = rng.uniform(0.0, 1.0);
                break;
            case Loss::softmax_cross_entropy:
                pi = rng.uniform(-5, 5);
                ti = rng.uniform(0.0, 1.0);
                break;
        }
    }
}

// Worst |a − n| / max(|a|, |n|, 1e-6) over all coordinates, where n is the
// fourth-order central difference
//     (8 (f(x+h) − f(x−h)) − (f(x+2h) − f(x−2h))) / 12h.
// The plain two-point difference cannot meet 1e-6 on coordinates whose
// gradient is near zero: its rounding error, about ε·f/h, is ~1e-10 at
// h = 1e-6, which the 1e-6 floor turns into a relative error of ~1e-4. The
// fourth-order stencil allows h = 3e-4 (rounding ~1e-12, truncation O(h⁴)).
double worst_gradient_error(Loss loss, MatD& p, const MatD& t) {
    MatD g(p.rows, p.cols);
    const double v = loss_gradient<double>(loss, p.cview(), t.cview(), g.view());
    EXPECT_NEAR(v, value(loss, p, t), 1e-14 * std::max(1.0, std::abs(v))) << to_string(loss);
    const double h = 3e-4;
    double worst = 0.0;
    for (std::size_t i = 0; i < p.data.size(); ++i) {
        const double saved = p.data[i];
        auto at = [&](double delta) {
            p.data[i] = saved + delta;
            const double f = value(loss, p, t);
            p.data[i] = saved;
            return f;
        };
        const double numeric = (8.0 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12.0 * h);
        const double analytic = g.data[i];
        const double err = std::abs(analytic - numeric) /
                           std::max({std::abs(analytic), std::abs(numeric), 1e-6});
        worst = std::max(worst, err);
    }
    return worst;
}

TEST(LossGradient, MatchesCentralDifferences) {
    const std::size_t shapes[][2] = {{1, 1}, {1, 5}, {3, 4}, {5, 2}, {8, 3}};
    Rng rng(2024);
    for (Loss l : kAllLosses) {
        for (const auto& s : shapes) {
            MatD p(s[0], s[1]), t(s[0], s[1]);
            fill_inputs(l, p, t, rng);
            EXPECT_LT(worst_gradient_error(l, p, t), 1e-6)
                << to_string(l) << " " << s[0] << "x" << s[1];
        }
    }
}

TEST(LossGradient, SoftmaxWithOneHotTargetsIsSoftmaxMinusTarget) {
    Rng rng(5);
    const std::size_t rows = 3, cols = 4;
    MatD z(rows, cols), t(rows, cols), g(rows, cols);
    for (std::size_t r = 0; r < rows; ++r) {
        t.data[r * cols + rng.below(cols)] = 1.0;
        for (std::size_t c = 0; c < cols; ++c) z.data[r * cols + c] = rng.uniform(-3, 3);
    }
    loss_gradient<double>(Loss::softmax_cross_entropy, z.cview(), t.cview(), g.view());
    for (std::size_t r = 0; r < rows; ++r) {
        double sum = 0.0;
        for (std::size_t c = 0; c < cols; ++c) sum += std::exp(z.data[r * cols + c]);
        for (std::size_t c = 0; c < cols; ++c) {
            const std::size_t i = r * cols + c;
            EXPECT_NEAR(g.data[i], (std::exp(z.data[i]) / sum - t.data[i]) / rows, 1e-15);
        }
    }
}

TEST(LossGradient, ClampedProbabilitiesGiveFiniteGradients) {
    // A confidently wrong prediction (p = 0 for t = 1) still gets a finite,
    // correctly signed gradient: the derivative at the clamp, −1/ε (over N = 2).
    MatD p(1, 2, {0.0, 1.0}), t(1, 2, {1.0, 0.0}), g(1, 2);
    const double v =
        loss_gradient<double>(Loss::binary_cross_entropy, p.cview(), t.cview(), g.view());
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_NEAR(g.data[0], -1e7 / 2, 1e-3);
    EXPECT_NEAR(g.data[1], 1e7 / 2, 1.0);
    loss_gradient<double>(Loss::categorical_cross_entropy, p.cview(), t.cview(), g.view());
    EXPECT_NEAR(g.data[0], -1e7, 1e-3);  // −t / max(p, ε) over a batch of 1
    EXPECT_EQ(g.data[1], 0.0);
}

TEST(LossGradient, MaeAndMapeAreZeroAtExactFit) {
    MatD p(1, 2, {1.0, -2.0}), t(1, 2, {1.0, -2.0}), g(1, 2, {5.0, 5.0});
    EXPECT_EQ(loss_gradient<double>(Loss::mae, p.cview(), t.cview(), g.view()), 0.0);
    EXPECT_EQ(g.data[0], 0.0);
    EXPECT_EQ(g.data[1], 0.0);
    g.data = {5.0, 5.0};
    EXPECT_EQ(loss_gradient<double>(Loss::mape, p.cview(), t.cview(), g.view()), 0.0);
    EXPECT_EQ(g.data[0], 0.0);
    EXPECT_EQ(g.data[1], 0.0);
}

}  // namespace
}  // namespace neurite
