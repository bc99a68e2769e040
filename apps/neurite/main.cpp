// neurite — train, evaluate and inspect neural networks from the command line.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "neurite/core/error.hpp"
#include "neurite/kernels/backend.hpp"
#include "neurite/version.hpp"

namespace neurite::cli {

std::string first_unexpected(const CLI::App& app) {
    const auto extras = app.remaining();
    if (!extras.empty()) return extras.front();
    for (const CLI::App* sub : app.get_subcommands()) {
        const std::string s = first_unexpected(*sub);
        if (!s.empty()) return s;
    }
    return {};
}

bool& threads_given() {
    static bool given = false;
    return given;
}

int& exit_code() {
    static int code = 0;
    return code;
}

}  // namespace neurite::cli

int main(int argc, char** argv) {
    CLI::App app{"neurite: neural networks from the McCulloch-Pitts neuron to deep MLPs", "neurite"};
    app.require_subcommand(1);
    // A later value of an option replaces an earlier one, so command-line
    // flags override those a --config file inserts.
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.set_version_flag("--version", [] {
        return std::string("neurite ") + neurite::version() + "\nmatrix products: " + neurite::gemm_backend_info() +
               "\ninstruction sets: " + neurite::cpu_features_info();
    }, "Print the version, the matrix-product backend and the CPU features used, and exit");
    int threads = 0;
    app.add_option("--threads", threads, "Threads for matrix products (default: all cores)")
        ->check(CLI::Range(1, 1024));
    app.parse_complete_callback([&] {
        if (threads > 0) neurite::set_num_threads(threads);
        neurite::cli::threads_given() = threads > 0;
    });
    neurite::cli::add_train(app);
    neurite::cli::add_eval(app);
    neurite::cli::add_predict(app);
    neurite::cli::add_summary(app);
    neurite::cli::add_gradcheck(app);
    neurite::cli::add_demo(app);
    neurite::cli::add_serve(app);
    neurite::cli::add_search(app);
    neurite::cli::add_show(app);
    neurite::cli::add_export(app);
    std::string help_topic;
    auto* help = app.add_subcommand("help", "Show the options of a subcommand (neurite help train)");
    help->add_option("subcommand", help_topic, "Subcommand to describe");
    help->callback([&] {
        if (help_topic.empty()) {
            std::cout << app.get_formatter()->make_help(&app, "neurite", CLI::AppFormatMode::Normal);
            return;
        }
        const CLI::App* sub = nullptr;
        try {
            sub = app.get_subcommand(help_topic);
        } catch (const CLI::OptionNotFound&) {
            neurite::fail("no subcommand \"", help_topic, "\" (see neurite help)");
        }
        std::cout << sub->get_formatter()->make_help(sub, "neurite " + help_topic, CLI::AppFormatMode::Normal);
    });
    app.footer("Run 'neurite help SUBCOMMAND' or 'neurite SUBCOMMAND --help' for the options of each subcommand.");

    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        args = neurite::cli::expand_config(args);
        std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
        app.parse(args);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version (CallForHelp is a Success)
    } catch (const CLI::ParseError& e) {
        // One line. An argument CLI11 could not place is the likelier cause
        // than whatever requirement failed after it, so it is named first.
        const std::string stray = neurite::cli::first_unexpected(app);
        if (!stray.empty()) {
            std::cerr << "error: unexpected argument '" << stray << "' (see 'neurite "
                      << (app.get_subcommands().empty() ? "" : app.get_subcommands().front()->get_name() + " ")
                      << "--help')\n";
        } else {
            std::cerr << "error: " << e.what() << " (see 'neurite --help')\n";
        }
        return 2;
    } catch (const neurite::Error& e) {
        std::cout.flush();
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    } catch (const std::bad_alloc&) {
        // The checks before big allocations (docs/limits.md) missed this one,
        // or a process memory limit (ulimit -v) is below the machine's memory.
        std::cout.flush();
        std::cerr << "error: out of memory (a memory limit of this process, or of the machine, was reached)\n";
        return 1;
    } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return neurite::cli::exit_code();
}
