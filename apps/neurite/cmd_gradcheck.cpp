// neurite gradcheck: checks every layer, activation and loss against
// central differences in double precision and prints the worst error of each.
#include <cstdint>
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "neurite/kernels/backend.hpp"
#include "neurite/nn/gradcheck.hpp"

namespace neurite::cli {
namespace {

struct GradcheckArgs {
    std::uint64_t seed = 1;
    double tolerance = 1e-6;
};

void run_gradcheck(const GradcheckArgs& args) {
    const GradCheckOptions options;
    const auto rows = check_all(args.seed, options);
    std::printf("gradient check: analytic gradients vs central differences (double, h = %g)\n", options.step);
    std::printf("error = |analytic - numeric| / max(|analytic|, |numeric|, %g); tolerance %g\n\n", options.floor,
                args.tolerance);
    std::printf("  %-58s %8s %12s  %s\n", "component", "coords", "worst error", "result");
    std::size_t failed = 0;
    for (const auto& row : rows) {
        const bool ok = row.max_error <= args.tolerance;
        failed += ok ? 0 : 1;
        std::printf("  %-58s %8zu %12.3e  %s\n", row.component.c_str(), row.checked, row.max_error,
                    ok ? "ok" : "FAIL");
    }
    const auto bf16_rows = check_networks_bf16(args.seed);
    if (!bf16_rows.empty()) {
        std::printf("\nbf16 products (float, operands rounded to bfloat16) vs central differences in double\n"
                    "error = |analytic - numeric| / max(|analytic|, |numeric|, rms of the numeric gradient); "
                    "tolerance %g\n\n",
                    kBf16GradTolerance);
        for (const auto& row : bf16_rows) {
            const bool ok = row.max_error <= kBf16GradTolerance;
            failed += ok ? 0 : 1;
            std::printf("  %-58s %8zu %12.3e  %s\n", row.component.c_str(), row.checked, row.max_error,
                        ok ? "ok" : "FAIL");
        }
    } else {
        std::printf("\nbf16 products: not checked (%s)\n", bf16_unsupported_reason().c_str());
    }
    std::printf("\n  step (Heaviside) and step_strict are not checked: their derivative is zero everywhere\n"
                "  except at 0, where it does not exist, so there is no gradient to compare.\n\n");
    if (failed > 0) {
        std::printf("%zu of %zu components FAILED\n", failed, rows.size() + bf16_rows.size());
        exit_code() = 1;
    } else {
        std::printf("all %zu components passed\n", rows.size() + bf16_rows.size());
    }
}

}  // namespace

void add_gradcheck(CLI::App& app) {
    auto args = std::make_shared<GradcheckArgs>();
    auto* cmd = app.add_subcommand("gradcheck",
                                   "Check every layer, activation and loss against numerical gradients");
    cmd->add_option("--seed", args->seed, "Seed for the random inputs and weights");
    cmd->add_option("--tolerance", args->tolerance, "Largest accepted error (exit 1 above it)")
        ->check(CLI::PositiveNumber);
    cmd->callback([args] { run_gradcheck(*args); });
}

}  // namespace neurite::cli
