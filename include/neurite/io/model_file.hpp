// neurite's model file: our own documented binary container (see
// docs/model-file.md), used for trained models and for training checkpoints.
//
//   offset  size  field
//   0       8     magic "NEURITE\x1a"
//   8       4     format version (uint32 LE), currently 1
//   12      4     reserved, 0
//   16      8     header length H (uint64 LE)
//   24      H     header: UTF-8 JSON (architecture as a model spec without
//                 weights, preprocessing, metadata, and a table of blobs)
//   24+H    …     blobs: little-endian float32 arrays, in the header's order
//   end−4   4     CRC-32 (IEEE) of every byte before it (uint32 LE)
//
// Files are written to a hidden temporary file next to <path> (".NAME.PID-N.tmp"),
// flushed and fsync'd, then renamed over <path> and the directory fsync'd, so
// a reader sees the old file or the new one, never half of one, even after a
// crash; the next write of <path> removes temporary files left by writers
// that died (docs/model-file.md, "Writing atomically").
// Loading checks the magic, the version, the sizes and the checksum before
// trusting anything, and a truncated, corrupted or foreign file is an Error
// naming the file and what is wrong.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "neurite/data/transforms.hpp"
#include "neurite/io/model_spec.hpp"

namespace neurite {

struct ModelFile {
    ModelSpec spec;                 // architecture; explicit weights are not used here
    Preprocessing preprocessing;
    std::vector<std::string> class_names;  // optional
    // Free-form JSON object text for whoever writes the file (the trainer
    // keeps its checkpoint state here); "{}" when unused.
    std::string extra_json = "{}";
    // Named float arrays. "params" holds the network's flat parameter buffer.
    std::map<std::string, std::vector<float>> blobs;
};

inline constexpr std::uint32_t kModelFormatVersion = 1;

// Serializes to bytes / parses bytes (source names the file in errors).
std::vector<std::uint8_t> encode_model_file(const ModelFile& file);
ModelFile decode_model_file(const std::vector<std::uint8_t>& bytes, const std::string& source);

// Atomic write (temp file, flush, fsync, rename) and checked read.
void save_model_file(const std::filesystem::path& path, const ModelFile& file);
ModelFile load_model_file(const std::filesystem::path& path);

// Convenience: a trained network and its preprocessing.
ModelFile model_file_of(const Sequential& net, const Preprocessing& pre = {},
                        std::vector<std::string> class_names = {});
// Builds the network stored in a model file, with its weights.
Sequential network_of(const ModelFile& file);

// True when the file starts with the model-file magic (false for JSON specs).
bool is_model_file(const std::filesystem::path& path);

}  // namespace neurite
