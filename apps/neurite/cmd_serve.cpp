// neurite serve: serves the playground (a static folder: the page and the
// engine compiled to WebAssembly) over HTTP on this machine, and the one
// thing the page cannot do in the browser: its ONNX export (serve_onnx.hpp).
#include <httplib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "commands.hpp"
#include "serve_onnx.hpp"
#include "neurite/core/error.hpp"

namespace neurite::cli {
namespace {

namespace fs = std::filesystem;

struct ServeArgs {
    std::string root;  // default: the playground folder next to the executable
    std::string host = "127.0.0.1";
    int port = 8080;
};

// build/playground when the command is build/neurite.
fs::path default_root() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return fs::path("build") / "playground";
    return exe.parent_path() / "playground";
}

void run_serve(const ServeArgs& a) {
    const fs::path root = a.root.empty() ? default_root() : fs::path(a.root);
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        fail("--root: ", root.string(), ": no such folder (run `make playground` to build the playground)");
    if (!fs::exists(root / "index.html", ec))
        fail("--root: ", root.string(), " has no index.html (run `make playground` to build the playground)");

    httplib::Server server;
    // The types browsers insist on: a .wasm file is compiled streaming only
    // when served as application/wasm, and ES modules must be JavaScript.
    const std::pair<const char*, const char*> types[] = {
        {"html", "text/html; charset=utf-8"},  {"htm", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"}, {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},    {"json", "application/json"},
        {"wasm", "application/wasm"},          {"png", "image/png"},
        {"svg", "image/svg+xml"},              {"ico", "image/x-icon"},
        {"txt", "text/plain; charset=utf-8"},  {"csv", "text/csv; charset=utf-8"},
        {"map", "application/json"},
    };
    for (const auto& [ext, type] : types) server.set_file_extension_and_mimetype_mapping(ext, type);
    // A rebuilt engine is picked up on reload.
    server.set_default_headers({{"Cache-Control", "no-cache"}});
    if (!server.set_mount_point("/", root.string()))
        fail("--root: ", root.string(), ": cannot serve this folder");

    // The page posts its JSON export and gets the ONNX file back.
    server.set_payload_max_length(kOnnxExportMaxBody);
    server.Post(kOnnxExportPath, [](const httplib::Request& req, httplib::Response& res) {
        const OnnxExportReply reply =
            onnx_export_reply(req.body, req.get_param_value("columns"), req.get_param_value("doc"));
        res.status = reply.status;
        res.set_header(kOnnxExportHeader, "onnx");
        res.set_content(reply.body, reply.content_type.c_str());
    });
    // A body over the limit is refused before any handler runs: say so in
    // the endpoint's words.
    using Handled = httplib::Server::HandlerResponse;
    using ErrorHandler = httplib::Server::HandlerWithResponse;
    server.set_error_handler(ErrorHandler([](const httplib::Request& req, httplib::Response& res) {
        if (req.path != kOnnxExportPath || res.status != 413) return Handled::Unhandled;
        res.set_header(kOnnxExportHeader, "onnx");
        res.set_content(cat("the request body is over the limit of ", kOnnxExportMaxBody >> 20,
                            " MiB: export the JSON spec and run neurite export --format onnx on it\n"),
                        "text/plain; charset=utf-8");
        return Handled::Handled;
    }));

    int port = a.port;
    if (port == 0) {
        port = server.bind_to_any_port(a.host);
        if (port <= 0) fail("--host ", a.host, ": cannot listen on any port there");
    } else if (!server.bind_to_port(a.host, port)) {
        fail("--port ", port, ": cannot listen on ", a.host, ":", port, " (in use? --port 0 picks a free one)");
    }
    std::printf("serving the playground at http://%s:%d/ (Ctrl-C stops)\n", a.host.c_str(), port);
    std::fflush(stdout);
    if (!server.listen_after_bind()) fail("serve: the server stopped unexpectedly");
}

}  // namespace

void add_serve(CLI::App& app) {
    auto a = std::make_shared<ServeArgs>();
    auto* cmd = app.add_subcommand(
        "serve", "Serve the playground web page (build it with `make playground`) and its ONNX export");
    cmd->add_option("--root", a->root, "Folder to serve (default: the playground folder next to this executable)");
    cmd->add_option("--port", a->port, "Port (0: pick a free one)")->check(CLI::Range(0, 65535));
    cmd->add_option("--host", a->host, "Address to listen on (0.0.0.0: every interface)");
    cmd->callback([a] { run_serve(*a); });
}

}  // namespace neurite::cli
