// Memory limits: requests larger than this machine's memory fail before
// anything is allocated, with a message that says how much was asked for
// and how much there is:
//
//   network: a batch of 64 rows needs 250.0 GiB for its activations and
//   deltas; this machine has 23.4 GiB of memory
//
// Sizes are counted in saturating 64-bit arithmetic, so an absurd request
// reads as "needs more than 16 EiB" instead of wrapping around to a small
// number. The limits themselves are listed in docs/limits.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace neurite {

// This machine's memory in bytes: the physical memory
// (sysconf(_SC_PHYS_PAGES) × page size), or the cgroup memory limit when
// that is smaller. Read once and cached; 0 when unknown (then nothing is
// refused).
std::uint64_t physical_memory_bytes();

// a × b and a + b, saturating at UINT64_MAX instead of wrapping.
std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b);
std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b);

// A byte count for people: "512 B", "3.0 MiB", "23.4 GiB".
std::string format_bytes(std::uint64_t bytes);

// Throws neurite::Error "WHAT needs X; this machine has Y of memory" when
// `bytes` exceeds physical_memory_bytes(). Call it before allocating.
void require_memory(std::uint64_t bytes, std::string_view what);

}  // namespace neurite
