// The Collective of `neurite train` on MPI: one MPI_Allreduce (sum, in
// place) per call on MPI_COMM_WORLD. Compiled only when CMake finds MPI.
#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

#include "distributed.hpp"
#include "neurite/core/error.hpp"

namespace neurite::cli {
namespace {

class MpiCollective : public Distributed {
public:
    MpiCollective() {
        int initialized = 0;
        MPI_Initialized(&initialized);
        if (initialized == 0) {
            // Only the main thread calls MPI (the kernels' threads never do).
            int provided = 0;
            if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
                fail("MPI could not be started");
            owns_ = true;
        }
        int rank = 0, size = 1;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        rank_ = static_cast<std::size_t>(rank);
        size_ = static_cast<std::size_t>(size);
        MPI_Comm local = MPI_COMM_NULL;
        if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &local) == MPI_SUCCESS &&
            local != MPI_COMM_NULL) {
            int n = 1;
            MPI_Comm_size(local, &n);
            local_size_ = static_cast<std::size_t>(std::max(n, 1));
            MPI_Comm_free(&local);
        }
    }
    ~MpiCollective() override {
        if (owns_) MPI_Finalize();
    }
    MpiCollective(const MpiCollective&) = delete;
    MpiCollective& operator=(const MpiCollective&) = delete;

    std::size_t rank() const override { return rank_; }
    std::size_t size() const override { return size_; }
    std::size_t local_size() const override { return local_size_; }

    void sum(std::span<float> values) override { all_reduce(values.data(), values.size(), MPI_FLOAT); }
    void sum(std::span<double> values) override { all_reduce(values.data(), values.size(), MPI_DOUBLE); }

    [[noreturn]] void abort_job(const std::string& message) override {
        std::fflush(stdout);
        if (rank_ != 0) std::this_thread::sleep_for(std::chrono::seconds(2));
        // One write(2) for the whole line: mpirun forwards a process's stderr
        // in the pieces it reads, and prints its own abort notice meanwhile,
        // so a line written in parts (as std::cerr does, one part per <<) can
        // reach the user cut in two by that notice.
        std::string line = "error: ";
        if (rank_ != 0) line += "process " + std::to_string(rank_) + " of " + std::to_string(size_) + ": ";
        line += message + "\n";
        std::cerr.flush();
        for (std::size_t done = 0; done < line.size();) {
            const ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        MPI_Abort(MPI_COMM_WORLD, 1);
        std::_Exit(1);
    }

private:
    template <typename T>
    void all_reduce(T* data, std::size_t count, MPI_Datatype type) {
        // MPI counts are ints: long buffers go in pieces.
        while (count > 0) {
            const std::size_t piece = std::min<std::size_t>(count, INT_MAX);
            if (MPI_Allreduce(MPI_IN_PLACE, data, static_cast<int>(piece), type, MPI_SUM, MPI_COMM_WORLD) != MPI_SUCCESS)
                fail("MPI_Allreduce failed");
            data += piece;
            count -= piece;
        }
    }

    bool owns_ = false;
    std::size_t rank_ = 0, size_ = 1, local_size_ = 1;
};

}  // namespace

std::unique_ptr<Distributed> start_mpi() { return std::make_unique<MpiCollective>(); }

}  // namespace neurite::cli
