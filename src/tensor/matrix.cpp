#include "neurite/tensor/matrix.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>

#include "neurite/core/error.hpp"
#include "neurite/core/memory.hpp"

namespace neurite {
namespace {

// The largest matrix, in bytes (and elements): 1 TiB where std::size_t has 64
// bits; on 32-bit targets (WebAssembly) half the address space.
constexpr std::size_t kMaxMatrixBytes =
    sizeof(std::size_t) >= 8 ? std::size_t(std::uint64_t{1} << 40) : std::numeric_limits<std::size_t>::max() / 2;

template <typename T>
T* allocate(std::size_t rows, std::size_t cols) {
    const std::size_t count = rows * cols;  // checked for overflow by resize()
    if (count == 0) return nullptr;
    if (count > kMaxMatrixBytes / sizeof(T)) fail("matrix ", rows, "×", cols, " is too large");
    std::size_t bytes = count * sizeof(T);
    // Refused before the allocation: Linux would hand out the address space
    // and kill the process when the zero fill touches it.
    require_memory(bytes, cat("matrix ", rows, "×", cols));
    bytes = (bytes + BasicMatrix<T>::alignment - 1) / BasicMatrix<T>::alignment * BasicMatrix<T>::alignment;
    void* p = std::aligned_alloc(BasicMatrix<T>::alignment, bytes);
    if (p == nullptr) fail("out of memory allocating a matrix ", rows, "×", cols);
    return static_cast<T*>(p);
}

}  // namespace

template <typename T>
void BasicMatrix<T>::Free::operator()(T* p) const {
    std::free(p);
}

template <typename T>
BasicMatrix<T>::BasicMatrix(std::size_t rows, std::size_t cols, T fill_value) {
    resize(rows, cols);
    fill(fill_value);
}

template <typename T>
BasicMatrix<T>::BasicMatrix(std::size_t rows, std::size_t cols, std::initializer_list<T> values) {
    if (values.size() != rows * cols)
        fail("matrix ", rows, "×", cols, " needs ", rows * cols, " values, got ", values.size());
    resize(rows, cols);
    std::copy(values.begin(), values.end(), data());
}

template <typename T>
BasicMatrix<T>::BasicMatrix(MatrixView<const T> v) {
    resize(v.rows(), v.cols());
    for (std::size_t r = 0; r < v.rows(); ++r) std::copy(v.row(r).begin(), v.row(r).end(), row(r).begin());
}

template <typename T>
BasicMatrix<T>::BasicMatrix(const BasicMatrix& other) : BasicMatrix(other.view()) {}

template <typename T>
BasicMatrix<T>::BasicMatrix(BasicMatrix&& other) noexcept
    : data_(std::move(other.data_)), rows_(other.rows_), cols_(other.cols_), capacity_(other.capacity_) {
    other.rows_ = other.cols_ = other.capacity_ = 0;
}

template <typename T>
BasicMatrix<T>& BasicMatrix<T>::operator=(const BasicMatrix& other) {
    if (this != &other) {
        resize(other.rows_, other.cols_);
        std::copy(other.data(), other.data() + other.size(), data());
    }
    return *this;
}

template <typename T>
BasicMatrix<T>& BasicMatrix<T>::operator=(BasicMatrix&& other) noexcept {
    if (this != &other) {
        data_ = std::move(other.data_);
        rows_ = other.rows_;
        cols_ = other.cols_;
        capacity_ = other.capacity_;
        other.rows_ = other.cols_ = other.capacity_ = 0;
    }
    return *this;
}

template <typename T>
void BasicMatrix<T>::resize(std::size_t rows, std::size_t cols) {
    if (cols != 0 && rows > kMaxMatrixBytes / cols) fail("matrix ", rows, "×", cols, " is too large");
    const std::size_t need = rows * cols;
    if (need > capacity_) {
        data_.reset(allocate<T>(rows, cols));
        capacity_ = need;
    }
    rows_ = rows;
    cols_ = cols;
}

template <typename T>
void BasicMatrix<T>::fill(T value) {
    std::fill(data(), data() + size(), value);
}

template class BasicMatrix<float>;
template class BasicMatrix<double>;

}  // namespace neurite
