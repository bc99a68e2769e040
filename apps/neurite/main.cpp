// neurite — train, evaluate and inspect neural networks from the command line.
#include <cstdio>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "neurite/core/error.hpp"
#include "neurite/kernels/backend.hpp"

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

int& exit_code() {
    static int code = 0;
    return code;
}

}  // namespace neurite::cli

int main(int argc, char** argv) {
    CLI::App app{"neurite: neural networks from the McCulloch-Pitts neuron to deep MLPs", "neurite"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "neurite 0.1.0");
    int threads = 0;
    app.add_option("--threads", threads, "Threads for matrix products (default: all cores)")
        ->check(CLI::Range(1, 1024));
    app.parse_complete_callback([&] {
        if (threads > 0) neurite::set_num_threads(threads);
    });
    neurite::cli::add_predict(app);
    neurite::cli::add_summary(app);
    neurite::cli::add_gradcheck(app);
    neurite::cli::add_demo(app);
    app.footer("Run 'neurite SUBCOMMAND --help' for the options of each subcommand.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
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
    } catch (const std::exception& e) {
        std::cout.flush();
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return neurite::cli::exit_code();
}
