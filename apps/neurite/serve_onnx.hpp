// The ONNX export `neurite serve` offers the playground page, which cannot
// write ONNX itself (libonnx is not part of its WebAssembly build):
//
//   POST /api/export/onnx[?columns=NAME,NAME,…&doc=TEXT]
//   body: a JSON model spec with all its weights (the page's JSON export)
//
// answers 200 with the ONNX file (application/octet-stream), exactly what
// `neurite export --format onnx` writes for the same spec, plus, when
// given, the input columns' names (metadata "input_columns", one per line,
// and the graph input's doc string) and a description (the model's doc
// string). A body that is not such a spec, or columns that do not match
// its inputs, is answered 400 with one line of text saying why; a body over
// kOnnxExportMaxBody 413; a neurite built without ONNX 501. Every answer
// of the endpoint, refusals included, carries the header
// X-Neurite-Export: onnx, so that the page can tell them from a static
// server's 404 or 405.
#pragma once

#include <cstddef>
#include <string>

namespace neurite::cli {

inline constexpr const char* kOnnxExportPath = "/api/export/onnx";
inline constexpr const char* kOnnxExportHeader = "X-Neurite-Export";
// 16 MiB of JSON: about 800 000 weights, far more than the page's largest
// network (10 layers of 32 units: about 10 000).
inline constexpr std::size_t kOnnxExportMaxBody = std::size_t{16} << 20;

struct OnnxExportReply {
    int status = 200;
    std::string content_type;
    std::string body;
};

// The answer to one request: its body, and its query parameters "columns"
// (comma-separated; empty: not given) and "doc" (empty: not given).
OnnxExportReply onnx_export_reply(const std::string& body, const std::string& columns, const std::string& doc);

}  // namespace neurite::cli
