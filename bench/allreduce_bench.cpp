// The time of one MPI_Allreduce (sum of doubles, in place, on MPI_COMM_WORLD)
// for the gradient sizes of neurite's networks, and a line fitted to them:
// time = latency + bytes / bandwidth (the latency from a 16-value message). docs/distributed.md builds its scaling
// model on these numbers. Run under mpirun (bench/mpi.sh does):
//
//   mpirun -np 2 build/bench/allreduce_bench [REPEATS]   (default 200)
//
// Before every call all processes meet at a barrier, so a call's time is the
// all-reduce's own, not a wait for a slower process. Process 0 prints the
// median of the repeats for each size.
#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

struct Size {
    const char* what;
    long values;
};

// 784-32-10, 784-256-128-10, 784-1024-1024-10 (the gradient, in doubles), and a small message.
constexpr Size kSizes[] = {{"16 values", 16},
                           {"784-32-10", 784L * 32 + 32 + 32 * 10 + 10},
                           {"784-256-128-10", 784L * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10},
                           {"784-1024-1024-10", 784L * 1024 + 1024 + 1024L * 1024 + 1024 + 1024 * 10 + 10}};

}  // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long repeats = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 200;
    if (repeats < 1) {
        if (rank == 0) std::fprintf(stderr, "allreduce_bench: REPEATS must be a positive number (got %s)\n", argv[1]);
        MPI_Finalize();
        return 2;
    }
    if (rank == 0) std::printf("processes %d\n| network | bytes | median µs |\n|---|---:|---:|\n", size);
    std::vector<double> bytes, micros;
    for (const Size& s : kSizes) {
        std::vector<double> values(static_cast<std::size_t>(s.values), 1.0);
        std::vector<double> times;
        for (long r = 0; r < repeats + 5; ++r) {
            MPI_Barrier(MPI_COMM_WORLD);
            const double start = MPI_Wtime();
            MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM,
                          MPI_COMM_WORLD);
            const double took = MPI_Wtime() - start;
            // The slowest process's time is the call's time.
            double slowest = took;
            MPI_Reduce(&took, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
            if (r >= 5) times.push_back(slowest);  // the first calls set up connections
        }
        std::nth_element(times.begin(), times.begin() + static_cast<long>(times.size() / 2), times.end());
        const double median = times[times.size() / 2] * 1e6;
        bytes.push_back(8.0 * static_cast<double>(s.values));
        micros.push_back(median);
        if (rank == 0) std::printf("| %s | %.0f | %.1f |\n", s.what, bytes.back(), median);
    }
    if (rank == 0) {
        // time = latency + bytes / bandwidth: the latency is the smallest
        // message's time, the bandwidth a least-squares fit of the others
        // with that latency held (an unheld line through these sizes,
        // dominated by the largest, can cross below zero).
        const double latency = micros[0];
        double sxx = 0, sxy = 0;
        for (std::size_t i = 1; i < bytes.size(); ++i) {
            sxx += bytes[i] * bytes[i];
            sxy += bytes[i] * (micros[i] - latency);
        }
        std::printf("fit: %.1f µs + bytes / %.2f GB/s\n", latency, sxx / sxy * 1e-3);
    }
    MPI_Finalize();
    return 0;
}
