// The defaults of `neurite train` that depend on the size of the data.
//
// A small table (iris's 120 training rows) needs another recipe than MNIST's
// 54,000: MNIST's defaults (256-128, batch 64, 15 epochs, 10 % validation)
// give iris about 30 optimizer steps, and it under-fits. Below
// kSmallTableRows training rows the defaults think in optimizer steps: batch
// 16 and at least kMinSteps steps (at least 30 epochs), one hidden layer of
// 256 with Glorot-uniform weights (smaller first-layer weights when there are
// few inputs), and no validation split (it would take 10 % of very few rows;
// early stopping stays available). bench/tables.py measures these defaults
// against scikit-learn's MLPClassifier() on its four tables.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "neurite/nn/init.hpp"

namespace neurite::cli {

inline constexpr std::size_t kSmallTableRows = 10000;
inline constexpr std::size_t kMinSteps = 1000;
inline constexpr std::size_t kMinEpochsSmall = 30;

struct SizedDefaults {
    bool small_table = false;
    std::vector<std::size_t> hidden;
    std::optional<InitKind> init;  // of the hidden layers; empty: each activation's own
    std::size_t batch_size = 64;
    double validation_split = 0.1;
};

// The defaults for `rows` training rows (before any validation split).
SizedDefaults sized_defaults(std::size_t rows);

// Epochs for the data: 15 for large data; for a small table enough epochs
// for kMinSteps optimizer steps of `batch_size` over `rows` rows, at least
// kMinEpochsSmall.
std::size_t default_epochs(const SizedDefaults& defaults, std::size_t rows, std::size_t batch_size);

// A run of fewer multiply-adds than this (3 × rows × parameters × epochs)
// trains on neurite's own kernels: oneDNN compiles its kernels at first use
// (more than such a run takes).
inline constexpr double kSmallRunWork = 1e9;
bool small_run(std::size_t rows, std::size_t parameters, std::size_t epochs);

// Steps of fewer multiply-adds than this (batch × parameters, the forward
// pass) run on one thread: two threads wait on each other longer than such
// a step takes (compare `neurite --threads 2 train --dataset digits`).
inline constexpr double kSmallStepWork = 1e6;
bool small_steps(std::size_t batch_size, std::size_t parameters);

// What `neurite help train` says about them.
std::string sized_defaults_help();

}  // namespace neurite::cli
