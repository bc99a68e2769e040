#include "neurite/optim/optimizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "test_util.hpp"

namespace neurite {
namespace {

constexpr std::array<OptimizerKind, 8> kAllKinds = {
    OptimizerKind::sgd,     OptimizerKind::momentum, OptimizerKind::nesterov,
    OptimizerKind::adagrad, OptimizerKind::rmsprop,  OptimizerKind::adadelta,
    OptimizerKind::adam,    OptimizerKind::adamw};

// Relative tolerance 1e-6, with a floor of 1e-7 for values near zero (float
// arithmetic on O(1) values cannot do better than a few 1e-8 absolute).
void expect_close(double actual, double expected, const std::string& what) {
    const double tol = std::max(1e-6 * std::abs(expected), 1e-7);
    EXPECT_NEAR(actual, expected, tol) << what;
}

// The test problem for the hand computations:
//   f(θ) = θ₁² + 3θ₂²,  ∇f(θ) = (2θ₁, 6θ₂),  θ⁽⁰⁾ = (1, 0.5),
// with the gradient recomputed from the current parameters before every step.
std::array<float, 2> quadratic_grad(const std::array<float, 2>& p) {
    return {2.0f * p[0], 6.0f * p[1]};
}

// Runs `count` steps on the quadratic and checks θ after each against `want`.
void expect_trajectory(const OptimizerConfig& config,
                       const std::vector<std::array<double, 2>>& want) {
    Optimizer opt(config, 2);
    std::array<float, 2> p = {1.0f, 0.5f};
    for (std::size_t t = 0; t < want.size(); ++t) {
        const std::array<float, 2> g = quadratic_grad(p);
        opt.step(p, g);
        const std::string where =
            std::string(to_string(config.kind)) + " after step " + std::to_string(t + 1);
        expect_close(p[0], want[t][0], where + ", theta1");
        expect_close(p[1], want[t][1], where + ", theta2");
    }
    EXPECT_EQ(opt.steps(), want.size());
}

OptimizerConfig make_config(OptimizerKind kind, double lr) {
    OptimizerConfig c;
    c.kind = kind;
    c.learning_rate = lr;
    return c;
}

using test::expect_error;

// ---- the first three steps of every kind, by hand ---------------------------------

TEST(OptimizerSteps, GradientDescentOnXSquared) {
    // f(x) = x², f'(x) = 2x, x₀ = 8, η = 0.1:  x ← x − 0.2x = 0.8x.
    Optimizer opt(make_config(OptimizerKind::sgd, 0.1), 1);
    std::array<float, 1> x = {8.0f};
    const std::array<double, 3> want = {6.4, 5.12, 4.096};
    for (double w : want) {
        const std::array<float, 1> g = {2.0f * x[0]};
        opt.step(x, g);
        expect_close(x[0], w, "x");
    }
}

TEST(OptimizerSteps, Sgd) {
    // η = 0.1; θ ← θ − 0.1·(2θ₁, 6θ₂) = (0.8θ₁, 0.4θ₂).
    //   t=1: g = (2, 3)       θ = (1 − 0.2, 0.5 − 0.3)     = (0.8, 0.2)
    //   t=2: g = (1.6, 1.2)   θ = (0.8 − 0.16, 0.2 − 0.12) = (0.64, 0.08)
    //   t=3: g = (1.28, 0.48) θ = (0.64 − 0.128, 0.08 − 0.048) = (0.512, 0.032)
    expect_trajectory(make_config(OptimizerKind::sgd, 0.1),
                      {{0.8, 0.2}, {0.64, 0.08}, {0.512, 0.032}});
}

TEST(OptimizerSteps, Momentum) {
    // η = 0.1, μ = 0.9;  v ← 0.9v + g;  θ ← θ − 0.1v  (torch.optim.SGD, dampening 0).
    //   t=1: g = (2, 3)          v = (2, 3)
    //        θ = (1 − 0.2, 0.5 − 0.3) = (0.8, 0.2)
    //   t=2: g = (1.6, 1.2)      v = (1.8 + 1.6, 2.7 + 1.2) = (3.4, 3.9)
    //        θ = (0.8 − 0.34, 0.2 − 0.39) = (0.46, −0.19)
    //   t=3: g = (0.92, −1.14)   v = (3.06 + 0.92, 3.51 − 1.14) = (3.98, 2.37)
    //        θ = (0.46 − 0.398, −0.19 − 0.237) = (0.062, −0.427)
    // (At a constant rate this is the path of v ← μv − ηg; θ ← θ + v.)
    OptimizerConfig c = make_config(OptimizerKind::momentum, 0.1);
    c.momentum = 0.9;
    expect_trajectory(c, {{0.8, 0.2}, {0.46, -0.19}, {0.062, -0.427}});

    // The state is the velocity in gradient units: v = (3.98, 2.37) after step 3.
    Optimizer opt(c, 2);
    std::array<float, 2> p = {1.0f, 0.5f};
    for (int t = 0; t < 3; ++t) opt.step(p, quadratic_grad(p));
    expect_close(opt.state()[0], 3.98, "v1");
    expect_close(opt.state()[1], 2.37, "v2");
}

TEST(OptimizerSteps, Nesterov) {
    // η = 0.1, μ = 0.9;  v ← 0.9v + g;  θ ← θ − 0.1(g + 0.9v)  (torch SGD, nesterov=True).
    //   t=1: g = (2, 3)            v = (2, 3)
    //        θ = (1 − 0.1·3.8, 0.5 − 0.1·5.7) = (0.62, −0.07)
    //   t=2: g = (1.24, −0.42)     v = (1.8 + 1.24, 2.7 − 0.42) = (3.04, 2.28)
    //        θ = (0.62 − 0.1·(1.24 + 2.736), −0.07 − 0.1·(−0.42 + 2.052)) = (0.2224, −0.2332)
    //   t=3: g = (0.4448, −1.3992) v = (2.736 + 0.4448, 2.052 − 1.3992) = (3.1808, 0.6528)
    //        θ = (0.2224 − 0.1·(0.4448 + 2.86272), −0.2332 − 0.1·(−1.3992 + 0.58752))
    //          = (−0.108352, −0.152032)
    OptimizerConfig c = make_config(OptimizerKind::nesterov, 0.1);
    c.momentum = 0.9;
    expect_trajectory(c, {{0.62, -0.07}, {0.2224, -0.2332}, {-0.108352, -0.152032}});
}

// The rate halves before every step (0.1, 0.05, 0.025), as a schedule would
// change it: the expected path is torch.optim.SGD's rule run in double here,
// and by hand in the comments. The old form (η inside v) gives another path:
// (0.8, 0.2), (0.54, −0.13), (0.279, −0.4075) for momentum.
void expect_changing_rate_trajectory(OptimizerKind kind, const std::vector<std::array<double, 2>>& by_hand) {
    const double mu = 0.9;
    const std::array<double, 3> rates = {0.1, 0.05, 0.025};
    OptimizerConfig c = make_config(kind, rates[0]);
    c.momentum = mu;
    Optimizer opt(c, 2);
    std::array<float, 2> p = {1.0f, 0.5f};
    std::array<double, 2> ref = {1.0, 0.5}, v = {0.0, 0.0};
    for (std::size_t t = 0; t < rates.size(); ++t) {
        opt.step(p, quadratic_grad(p), rates[t]);
        const std::array<double, 2> g = {2.0 * ref[0], 6.0 * ref[1]};
        for (std::size_t i = 0; i < 2; ++i) {
            v[i] = mu * v[i] + g[i];
            ref[i] -= rates[t] * (kind == OptimizerKind::nesterov ? g[i] + mu * v[i] : v[i]);
        }
        const std::string where = std::string(to_string(kind)) + " after step " + std::to_string(t + 1);
        for (std::size_t i = 0; i < 2; ++i) {
            expect_close(ref[i], by_hand[t][i], where + " (double reference vs by hand)");
            expect_close(p[i], ref[i], where);
        }
    }
}

TEST(OptimizerSteps, MomentumFollowsAChangingRateAsPyTorchDoes) {
    //   t=1: η = 0.1    g = (2, 3)       v = (2, 3)        θ = (0.8, 0.2)
    //   t=2: η = 0.05   g = (1.6, 1.2)   v = (3.4, 3.9)    θ = (0.8 − 0.17, 0.2 − 0.195) = (0.63, 0.005)
    //   t=3: η = 0.025  g = (1.26, 0.03) v = (4.32, 3.54)  θ = (0.63 − 0.108, 0.005 − 0.0885)
    //                                                        = (0.522, −0.0835)
    expect_changing_rate_trajectory(OptimizerKind::momentum, {{0.8, 0.2}, {0.63, 0.005}, {0.522, -0.0835}});
}

TEST(OptimizerSteps, NesterovFollowsAChangingRateAsPyTorchDoes) {
    //   t=1: η = 0.1    g = (2, 3)             v = (2, 3)
    //        θ = (1 − 0.1·3.8, 0.5 − 0.1·5.7) = (0.62, −0.07)
    //   t=2: η = 0.05   g = (1.24, −0.42)      v = (3.04, 2.28)
    //        θ = (0.62 − 0.05·3.976, −0.07 − 0.05·1.632) = (0.4212, −0.1516)
    //   t=3: η = 0.025  g = (0.8424, −0.9096)  v = (3.5784, 1.1424)
    //        θ = (0.4212 − 0.025·4.06296, −0.1516 − 0.025·0.11856) = (0.319626, −0.154564)
    expect_changing_rate_trajectory(OptimizerKind::nesterov,
                                    {{0.62, -0.07}, {0.4212, -0.1516}, {0.319626, -0.154564}});
}

// Adagrad, RMSProp, Adadelta, Adam and AdamW on the quadratic (θ⁽⁰⁾ = (1, 0.5)),
// each with the hand computation of its first three steps; the expected values
// carry the digits of the same computation in double.
constexpr OptimizerConfig kAdadelta{.kind = OptimizerKind::adadelta, .learning_rate = 1.0, .rho = 0.9, .epsilon = 0.01};

struct HandCase {
    OptimizerConfig config;
    std::vector<std::array<double, 2>> want;
};

TEST(OptimizerSteps, AdaptiveKindsByHand) {
    const HandCase cases[] = {
        // η = 0.1, ε = 1e-8 (below the tolerance);  G ← G + g²;  θ ← θ − 0.1g/(√G + ε).
        //   t=1: g = (2, 3)  G = (4, 9)  θ = (1 − 0.1·2/2, 0.5 − 0.1·3/3) = (0.9, 0.4)
        //   t=2: g = (1.8, 2.4)  G = (7.24, 14.76)  √G = (2.6907248, 3.8418745)
        //        θ = (0.9 − 0.18/2.6907248, 0.4 − 0.24/3.8418745)
        //          = (0.9 − 0.0668965, 0.4 − 0.0624695) = (0.8331035, 0.3375305)
        //   t=3: g = (1.6662071, 2.0251830)  G = (10.0162460, 18.8613661)
        //        √G = (3.1648453, 4.3429674)
        //        θ = (0.8331035 − 0.16662071/3.1648453, 0.3375305 − 0.20251830/4.3429674)
        //          = (0.8331035 − 0.0526473, 0.3375305 − 0.0466313) = (0.7804562, 0.2908992)
        {{.kind = OptimizerKind::adagrad, .learning_rate = 0.1},
         {{0.9000000005, 0.4000000003}, {0.8331035276, 0.3375304957}, {0.7804561822, 0.2908991773}}},
        // η = 0.01, ρ = 0.9, ε = 1e-8;  E ← 0.9E + 0.1g²;  θ ← θ − 0.01g/(√E + ε).
        //   t=1: g = (2, 3)  E = (0.4, 0.9)  step = 0.01·g/(|g|·√0.1) = 0.0316228 each
        //        θ = (0.9683772, 0.4683772)
        //   t=2: g = (1.9367544, 2.8102633)  E = (0.36 + 0.3751018, 0.81 + 0.7897580)
        //                                      = (0.7351018, 1.5997580)
        //        θ = (0.9683772 − 0.019367544/0.8573808, 0.4683772 − 0.028102633/1.2648154)
        //          = (0.9457880, 0.4461585)
        //   t=3: g = (1.8915761, 2.6769508)  E = (1.0193976, 2.1563887)
        //        θ = (0.9457880 − 0.018915761/1.0096522, 0.4461585 − 0.026769508/1.4684647)
        //          = (0.9270531, 0.4279289)
        {{.kind = OptimizerKind::rmsprop, .learning_rate = 0.01, .rho = 0.9},
         {{0.9683772239, 0.4683772237}, {0.9457880255, 0.4461584611}, {0.9270530987, 0.4279288732}}},
        // η = 1 (the paper's rule), ρ = 0.9, ε = 0.01 (large, so the first steps are
        // visible).  E ← 0.9E + 0.1g²;  Δ = −√(D + ε)/√(E + ε)·g;  D ← 0.9D + 0.1Δ²;
        // θ ← θ + Δ.
        //   t=1: g = (2, 3)  E = (0.4, 0.9)
        //        Δ = (−√0.01/√0.41·2, −√0.01/√0.91·3) = (−0.3123475, −0.3144855)
        //        D = 0.1Δ² = (0.1·0.04/0.41, 0.1·0.09/0.91) = (0.0097561, 0.0098901)
        //        θ = (0.6876525, 0.1855145)
        //   t=2: g = (1.3753050, 1.1130873)  E = (0.5491464, 0.9338963)
        //        Δ = (−√0.0197561/√0.5591464·1.3753050, −√0.0198901/√0.9438963·1.1130873)
        //          = (−0.2585156, −0.1615793)
        //        D = (0.0154635, 0.0115119)
        //        θ = (0.4291368, 0.0239353)
        //   t=3: g = (0.8582737, 0.1436116)  E = (0.5678951, 0.8425691)
        //        Δ = (−√0.0254635/√0.5778951·0.8582737, −√0.0215119/√0.8525691·0.1436116)
        //          = (−0.1801609, −0.0228120)
        //        θ = (0.2489759, 0.0011232)
        {kAdadelta,
         {{0.6876524762, 0.185514549}, {0.4291368303, 0.02393526949}, {0.248975943, 0.001123235665}}},
        // η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
        //   t=1: g = (2, 3)  m = 0.1g = (0.2, 0.3)  v = 0.001g² = (0.004, 0.009)
        //        m̂ = m/0.1 = g, v̂ = v/0.001 = g², so the step is η·sign(g):
        //        θ = (0.9, 0.4)
        //   t=2: g = (1.8, 2.4)  m = (0.18 + 0.18, 0.27 + 0.24) = (0.36, 0.51)
        //        v = (0.003996 + 0.00324, 0.008991 + 0.00576) = (0.007236, 0.014751)
        //        1 − β₁² = 0.19, 1 − β₂² = 0.001999
        //        m̂ = (1.8947368, 2.6842105)  √v̂ = (√3.6198099, √7.3791896) = (1.9025798, 2.7164664)
        //        θ = (0.9 − 0.0995878, 0.4 − 0.0988126) = (0.8004122, 0.3011874)
        //   t=3: g = (1.6008245, 1.8071245)  m = (0.4840824, 0.6397125)
        //        v = (0.0097914, 0.0180019);  1 − β₁³ = 0.271, 1 − β₂³ = 0.002997001
        //        m̂ = (1.7862821, 2.3605626)  √v̂ = (1.8075030, 2.4508476)
        //        θ = (0.8004122 − 0.0988260, 0.3011874 − 0.0963162) = (0.7015863, 0.2048713)
        {{.kind = OptimizerKind::adam, .learning_rate = 0.1},
         {{0.9000000005, 0.4000000003}, {0.8004122287, 0.3011874203}, {0.7015862729, 0.2048712504}}},
        // Adam as above with decoupled decay λ = 0.1: θ ← θ − ηλθ = 0.99θ first.
        //   t=1: θ = 0.99·(1, 0.5) = (0.99, 0.495); the Adam step is η·sign(g) = 0.1:
        //        θ = (0.89, 0.395)
        //   t=2: g = (1.78, 2.37)  0.99θ = (0.8811, 0.39105)
        //        m = (0.18 + 0.178, 0.27 + 0.237) = (0.358, 0.507)
        //        v = (0.003996 + 0.0031684, 0.008991 + 0.0056169) = (0.0071644, 0.0146079)
        //        m̂ = (1.8842105, 2.6684211)  v̂ = (3.5839920, 7.3076038)
        //        θ = (0.8811 − 0.0995281, 0.39105 − 0.0987113) = (0.7815719, 0.2923387)
        //   t=3: g = (1.5631437, 1.7540322)  0.99θ = (0.7737561, 0.2894153)
        //        m = (0.4785144, 0.6317032)  v = (0.0096007, 0.0176699)
        //        m̂ = (1.7657357, 2.3310082)  v̂ = (3.2034203, 5.8958676)
        //        θ = (0.7737561 − 0.0986549, 0.2894153 − 0.0959997) = (0.6751012, 0.1934156)
        {{.kind = OptimizerKind::adamw, .learning_rate = 0.1, .weight_decay = 0.1},
         {{0.8900000005, 0.3950000003}, {0.7815718559, 0.2923387029}, {0.6751012216, 0.1934156022}}},
    };
    for (const HandCase& c : cases) expect_trajectory(c.config, c.want);
}

TEST(OptimizerSteps, AdadeltaKeepsEThenD) {
    // The state after one step: slot 0 holds E, slot 1 holds D.
    Optimizer opt(kAdadelta, 2);
    std::array<float, 2> p = {1.0f, 0.5f};
    opt.step(p, quadratic_grad(p));
    const std::span<const float> s = opt.state();
    ASSERT_EQ(s.size(), 4u);
    expect_close(s[0], 0.4, "E1");
    expect_close(s[1], 0.9, "E2");
    expect_close(s[2], 0.004 / 0.41, "D1");
    expect_close(s[3], 0.009 / 0.91, "D2");
}

// ---- weight decay -----------------------------------------------------------------

TEST(OptimizerWeightDecay, SgdAddsLambdaThetaToTheGradient) {
    // η = 0.1, λ = 0.5, θ = (1, −2), g = (0.5, 0.5):
    //   g + λθ = (1, −0.5);  θ = (1 − 0.1, −2 + 0.05) = (0.9, −1.95)
    OptimizerConfig c = make_config(OptimizerKind::sgd, 0.1);
    c.weight_decay = 0.5;
    Optimizer opt(c, 2);
    std::array<float, 2> p = {1.0f, -2.0f};
    const std::array<float, 2> g = {0.5f, 0.5f};
    opt.step(p, g);
    expect_close(p[0], 0.9, "theta1");
    expect_close(p[1], -1.95, "theta2");
}

TEST(OptimizerWeightDecay, EveryKindButAdamWEqualsAnL2Gradient) {
    // With λ > 0, each step must equal a step with λ = 0 on the gradient g + λθ.
    // The gradient is that of f(θ) = (θ₁ − 0.5)² + 3(θ₂ + 1)², not proportional
    // to θ, so that g + λθ is not a mere rescaling of g (to which AdaGrad,
    // RMSProp and Adam are nearly blind).
    constexpr double lambda = 0.3;
    const auto grad = [](const std::array<float, 2>& p) {
        return std::array<float, 2>{2.0f * p[0] - 1.0f, 6.0f * p[1] + 6.0f};
    };
    for (OptimizerKind kind : kAllKinds) {
        if (kind == OptimizerKind::adamw) continue;
        OptimizerConfig with_decay = make_config(kind, 0.05);
        with_decay.weight_decay = lambda;
        OptimizerConfig without = make_config(kind, 0.05);
        if (kind == OptimizerKind::adadelta) {  // large ε, so Adadelta's steps are visible
            with_decay.epsilon = 0.01;
            without.epsilon = 0.01;
        }
        Optimizer a(with_decay, 2);
        Optimizer b(without, 2);
        std::array<float, 2> pa = {1.0f, 0.5f};
        std::array<float, 2> pb = pa;
        for (int t = 0; t < 3; ++t) {
            a.step(pa, grad(pa));
            std::array<float, 2> gb = grad(pb);
            for (std::size_t i = 0; i < 2; ++i) gb[i] += static_cast<float>(lambda) * pb[i];
            b.step(pb, gb);
            for (std::size_t i = 0; i < 2; ++i)
                EXPECT_NEAR(pa[i], pb[i], 1e-6) << to_string(kind) << " step " << t + 1;
        }
        // And the decay did something: the trajectory differs from no decay.
        Optimizer plain(without, 2);
        std::array<float, 2> pp = {1.0f, 0.5f};
        for (int t = 0; t < 3; ++t) plain.step(pp, grad(pp));
        EXPECT_GT(std::abs(pp[0] - pa[0]) + std::abs(pp[1] - pa[1]), 1e-4) << to_string(kind);
    }
}

TEST(OptimizerWeightDecay, AdamWDiffersFromAdamWithL2) {
    // θ = (2, −4), g = (0, 0), η = 0.1, λ = 0.1, one step.
    //   adam + L2: g' = λθ = (0.2, −0.4); m̂ = g', v̂ = g'², so the step is
    //              η·sign(g') regardless of λ's size: θ = (1.9, −3.9)
    //   adamw:     θ ← θ − ηλθ = 0.99θ = (1.98, −3.96); then m = v = 0, so the
    //              Adam step is 0/(0 + ε) = 0.
    OptimizerConfig adam = make_config(OptimizerKind::adam, 0.1);
    adam.weight_decay = 0.1;
    OptimizerConfig adamw = adam;
    adamw.kind = OptimizerKind::adamw;
    Optimizer a(adam, 2);
    Optimizer w(adamw, 2);
    std::array<float, 2> pa = {2.0f, -4.0f};
    std::array<float, 2> pw = pa;
    const std::array<float, 2> zero = {0.0f, 0.0f};
    a.step(pa, zero);
    w.step(pw, zero);
    expect_close(pa[0], 1.9, "adam+L2 theta1");
    expect_close(pa[1], -3.9, "adam+L2 theta2");
    expect_close(pw[0], 1.98, "adamw theta1");
    expect_close(pw[1], -3.96, "adamw theta2");
    // AdamW's state saw no gradient at all; Adam's saw λθ.
    EXPECT_EQ(w.state()[0], 0.0f);
    EXPECT_NE(a.state()[0], 0.0f);
}

// ---- sizes, state, validation -------------------------------------------------------

TEST(OptimizerErrors, WrongSizesThrowNamingExpectedAndGiven) {
    for (OptimizerKind kind : kAllKinds) {
        Optimizer opt(make_config(kind, 0.1), 3);
        std::vector<float> p2(2, 1.0f), p3(3, 1.0f), g3(3, 1.0f), g4(4, 1.0f);
        expect_error([&] { opt.step(p2, g3); }, "params has 2 elements, expected 3");
        expect_error([&] { opt.step(p3, g4); }, "grads has 4 elements, expected 3");
        // A refused step changes nothing.
        EXPECT_EQ(opt.steps(), 0u) << to_string(kind);
        EXPECT_EQ(p3, std::vector<float>(3, 1.0f)) << to_string(kind);
        EXPECT_TRUE(std::all_of(opt.state().begin(), opt.state().end(),
                                [](float s) { return s == 0.0f; }));
    }
}

TEST(OptimizerErrors, SetStateValidatesLength) {
    Optimizer adam(make_config(OptimizerKind::adam, 0.1), 3);
    ASSERT_EQ(adam.state().size(), 6u);
    const std::vector<float> five(5, 0.0f);
    expect_error([&] { adam.set_state(five, 1); }, "state has 5 elements, expected 6");

    Optimizer sgd(make_config(OptimizerKind::sgd, 0.1), 3);
    EXPECT_TRUE(sgd.state().empty());
    sgd.set_state({}, 7);
    EXPECT_EQ(sgd.steps(), 7u);
    expect_error([&] { sgd.set_state(five, 1); }, "state has 5 elements, expected 0");
}

TEST(OptimizerErrors, ConfigValidationNamesTheField) {
    struct Case {
        OptimizerKind kind;
        std::function<void(OptimizerConfig&)> edit;
        const char* field;
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<Case> cases = {
        {OptimizerKind::sgd, [](OptimizerConfig& c) { c.learning_rate = 0.0; }, "learning_rate"},
        {OptimizerKind::sgd, [](OptimizerConfig& c) { c.learning_rate = -0.1; }, "learning_rate"},
        {OptimizerKind::sgd, [&](OptimizerConfig& c) { c.learning_rate = nan; }, "learning_rate"},
        {OptimizerKind::sgd, [&](OptimizerConfig& c) { c.learning_rate = inf; }, "learning_rate"},
        {OptimizerKind::momentum, [](OptimizerConfig& c) { c.momentum = 1.0; }, "momentum"},
        {OptimizerKind::nesterov, [](OptimizerConfig& c) { c.momentum = -0.1; }, "momentum"},
        {OptimizerKind::rmsprop, [](OptimizerConfig& c) { c.rho = 1.0; }, "rho"},
        {OptimizerKind::adadelta, [&](OptimizerConfig& c) { c.rho = nan; }, "rho"},
        {OptimizerKind::adam, [](OptimizerConfig& c) { c.beta1 = 1.0; }, "beta1"},
        {OptimizerKind::adamw, [](OptimizerConfig& c) { c.beta2 = 1.5; }, "beta2"},
        {OptimizerKind::adagrad, [](OptimizerConfig& c) { c.epsilon = 0.0; }, "epsilon"},
        {OptimizerKind::adam, [](OptimizerConfig& c) { c.weight_decay = -1e-4; }, "weight_decay"},
    };
    for (const Case& k : cases) {
        OptimizerConfig c = make_config(k.kind, 0.1);
        k.edit(c);
        expect_error([&] { Optimizer opt(c, 2); }, k.field);
    }
    // Boundary values that are valid.
    OptimizerConfig ok = make_config(OptimizerKind::momentum, 1e-9);
    ok.momentum = 0.0;
    ok.weight_decay = 0.0;
    EXPECT_NO_THROW(Optimizer(ok, 2));
}

TEST(OptimizerErrors, RateHandedInMustBeNonNegative) {
    Optimizer opt(make_config(OptimizerKind::sgd, 0.1), 1);
    std::array<float, 1> x = {1.0f};
    const std::array<float, 1> g = {1.0f};
    opt.step(x, g, 0.0);  // a schedule may reach 0: the step is a no-op
    EXPECT_EQ(x[0], 1.0f);
    expect_error([&] { opt.step(x, g, -0.5); }, "learning_rate");
    expect_error([&] { opt.step(x, g, std::nan("")); }, "learning_rate");
}

TEST(OptimizerNames, RoundTripAndSlots) {
    const std::array<const char*, 8> names = {"sgd",     "momentum", "nesterov", "adagrad",
                                              "rmsprop", "adadelta", "adam",     "adamw"};
    const std::array<std::size_t, 8> slots = {0, 1, 1, 1, 1, 2, 2, 2};
    for (std::size_t i = 0; i < kAllKinds.size(); ++i) {
        EXPECT_EQ(to_string(kAllKinds[i]), names[i]);
        EXPECT_EQ(parse_optimizer(names[i]), kAllKinds[i]);
        EXPECT_EQ(Optimizer::slots(kAllKinds[i]), slots[i]);
        Optimizer opt(make_config(kAllKinds[i], 0.1), 5);
        EXPECT_EQ(opt.state().size(), slots[i] * 5);
    }
}

TEST(OptimizerDefaults, EachKindHasItsChosenDefaults) {
    struct Want {
        OptimizerKind kind;
        double lr, momentum, rho, beta1, beta2, eps, wd;
    };
    // PyTorch's defaults, but for the rate of the SGD family and μ = 0.9
    // (docs/optimizers-and-losses.md gives the reasons).
    const std::array<Want, 8> want = {{
        {OptimizerKind::sgd, 0.01, 0.9, 0.9, 0.9, 0.999, 1e-8, 0.0},
        {OptimizerKind::momentum, 0.01, 0.9, 0.9, 0.9, 0.999, 1e-8, 0.0},
        {OptimizerKind::nesterov, 0.01, 0.9, 0.9, 0.9, 0.999, 1e-8, 0.0},
        {OptimizerKind::adagrad, 0.01, 0.9, 0.9, 0.9, 0.999, 1e-10, 0.0},
        {OptimizerKind::rmsprop, 0.01, 0.9, 0.99, 0.9, 0.999, 1e-8, 0.0},
        {OptimizerKind::adadelta, 1.0, 0.9, 0.9, 0.9, 0.999, 1e-6, 0.0},
        {OptimizerKind::adam, 1e-3, 0.9, 0.9, 0.9, 0.999, 1e-8, 0.0},
        {OptimizerKind::adamw, 1e-3, 0.9, 0.9, 0.9, 0.999, 1e-8, 0.01},
    }};
    for (const Want& w : want) {
        const OptimizerConfig c = default_config(w.kind);
        const std::string name(to_string(w.kind));
        EXPECT_EQ(c.kind, w.kind) << name;
        EXPECT_EQ(c.learning_rate, w.lr) << name;
        EXPECT_EQ(c.momentum, w.momentum) << name;
        EXPECT_EQ(c.rho, w.rho) << name;
        EXPECT_EQ(c.beta1, w.beta1) << name;
        EXPECT_EQ(c.beta2, w.beta2) << name;
        EXPECT_EQ(c.epsilon, w.eps) << name;
        EXPECT_EQ(c.weight_decay, w.wd) << name;
        EXPECT_NO_THROW(Optimizer(c, 3)) << name;
    }
}

TEST(OptimizerNames, UnknownNameListsTheValidOnes) {
    EXPECT_EQ(test::error_of([] { parse_optimizer("adm"); }),
              "unknown optimizer \"adm\" (did you mean \"adam\"? expected one of: sgd, momentum, nesterov, adagrad, "
              "rmsprop, adadelta, adam, adamw)");
    expect_error([] { parse_optimizer(""); }, "unknown optimizer \"\"");
    expect_error([] { parse_optimizer("Adam"); }, "unknown optimizer \"Adam\"");
    expect_error([] { parse_optimizer("adam "); }, "expected one of");
}

// ---- checkpointing ----------------------------------------------------------------

TEST(OptimizerState, SaveAndRestoreReproducesTheTrajectory) {
    for (OptimizerKind kind : kAllKinds) {
        OptimizerConfig c = make_config(kind, 0.05);
        c.weight_decay = kind == OptimizerKind::adamw ? 0.01 : 0.0;
        Optimizer a(c, 2);
        std::array<float, 2> p = {1.0f, 0.5f};
        for (int t = 0; t < 2; ++t) a.step(p, quadratic_grad(p));

        // Checkpoint: parameters, state buffer, step count.
        const std::array<float, 2> saved_params = p;
        const std::vector<float> saved_state(a.state().begin(), a.state().end());
        const std::uint64_t saved_steps = a.steps();
        EXPECT_EQ(saved_steps, 2u);

        std::vector<std::array<float, 2>> original;
        for (int t = 0; t < 3; ++t) {
            a.step(p, quadratic_grad(p));
            original.push_back(p);
        }

        Optimizer b(c, 2);
        b.set_state(saved_state, saved_steps);
        EXPECT_EQ(b.steps(), 2u);
        std::array<float, 2> q = saved_params;
        for (int t = 0; t < 3; ++t) {
            b.step(q, quadratic_grad(q));
            EXPECT_EQ(q, original[static_cast<std::size_t>(t)])
                << to_string(kind) << " step " << t + 3;
        }

        // Without the state the trajectory differs (so the check above can fail).
        if (Optimizer::slots(kind) > 0) {
            Optimizer fresh(c, 2);
            std::array<float, 2> r = saved_params;
            fresh.step(r, quadratic_grad(r));
            EXPECT_NE(r, original[0]) << to_string(kind);
        }
    }
}

TEST(OptimizerState, AdamNeedsTheStepCountForBiasCorrection) {
    Optimizer a(make_config(OptimizerKind::adam, 0.1), 2);
    std::array<float, 2> p = {1.0f, 0.5f};
    for (int t = 0; t < 3; ++t) a.step(p, quadratic_grad(p));
    const std::vector<float> state(a.state().begin(), a.state().end());
    const std::array<float, 2> saved = p;
    a.step(p, quadratic_grad(p));

    Optimizer b(make_config(OptimizerKind::adam, 0.1), 2);
    b.set_state(state, 0);  // wrong step count: t = 1 instead of 4
    std::array<float, 2> q = saved;
    b.step(q, quadratic_grad(q));
    EXPECT_NE(q, p);
}

TEST(OptimizerState, ResetStartsOver) {
    for (OptimizerKind kind : kAllKinds) {
        Optimizer a(make_config(kind, 0.05), 2);
        std::array<float, 2> p = {1.0f, 0.5f};
        for (int t = 0; t < 3; ++t) a.step(p, quadratic_grad(p));
        a.reset();
        EXPECT_EQ(a.steps(), 0u);
        Optimizer fresh(make_config(kind, 0.05), 2);
        std::array<float, 2> x = {0.3f, -0.7f};
        std::array<float, 2> y = x;
        for (int t = 0; t < 3; ++t) {
            a.step(x, quadratic_grad(x));
            fresh.step(y, quadratic_grad(y));
        }
        EXPECT_EQ(x, y) << to_string(kind);
    }
}

TEST(OptimizerState, ZeroParametersIsAllowed) {
    Optimizer opt(make_config(OptimizerKind::adam, 0.1), 0);
    EXPECT_TRUE(opt.state().empty());
    opt.step({}, {});
    EXPECT_EQ(opt.steps(), 1u);
}

}  // namespace
}  // namespace neurite
