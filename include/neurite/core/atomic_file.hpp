// Writing a file so that a crash or a kill at any moment leaves either the
// old file or the new one, never a mix: the bytes go to a hidden temporary
// file next to the target (".NAME.PID-N.tmp"), are flushed to disk, and the
// temporary file is renamed over the target; then the folder is synced.
// Temporary files of writers that died are removed by the next write of the
// same name. Every file neurite writes goes through here.
#pragma once

#include <filesystem>
#include <string_view>

namespace neurite {

// Writes bytes to path atomically, creating the folders on the way; throws
// Error naming the path and the step that failed.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

}  // namespace neurite
