// The neurite command's subcommands. Each add_* function registers one
// subcommand on the CLI11 app; its callback runs the command and throws
// neurite::Error on bad input (main turns that into one line on stderr and
// exit code 1), or a CLI11 error for a bad command line (bad_flag in
// flags.hpp; exit code 2), which it finds before reading any data.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace neurite::cli {

void add_predict(CLI::App& app);
void add_summary(CLI::App& app);
void add_gradcheck(CLI::App& app);
void add_demo(CLI::App& app);
void add_train(CLI::App& app);
void add_eval(CLI::App& app);
void add_serve(CLI::App& app);
void add_search(CLI::App& app);
void add_show(CLI::App& app);
void add_export(CLI::App& app);

// Inserts the options of `train --recipe NAME` and `train --config FILE`
// into the arguments, right after "train" (recipe first), so that later
// flags override them.
std::vector<std::string> expand_config(const std::vector<std::string>& args);

// The first command-line argument no option or subcommand took, or "".
std::string first_unexpected(const CLI::App& app);

// Whether --threads was given (else a command may pick the thread count).
bool& threads_given();

// Exit code a command asks main to return (0 unless set).
int& exit_code();

}  // namespace neurite::cli
