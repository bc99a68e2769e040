// Row-major matrices (batch × features) and non-owning views of them.
//
//   neurite::Matrix  m(64, 784);          // float, zero-filled, 64-byte aligned
//   neurite::MatrixView<float> v = m;     // a view: pointer, rows, cols, stride
//   auto batch = m.view().rows(16, 32);   // rows 16..47, no copy
//
// MatrixView<const T> is the read-only view; a MatrixView<T> converts to it.
#pragma once

#include <cassert>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <type_traits>

namespace neurite {

template <typename T>
class MatrixView {
public:
    MatrixView() = default;
    MatrixView(T* data, std::size_t rows, std::size_t cols)
        : data_(data), rows_(rows), cols_(cols), stride_(cols) {}
    MatrixView(T* data, std::size_t rows, std::size_t cols, std::size_t stride)
        : data_(data), rows_(rows), cols_(cols), stride_(stride) {}
    // MatrixView<float> -> MatrixView<const float>
    template <typename U>
        requires std::is_same_v<const U, T> && (!std::is_same_v<U, T>)
    MatrixView(MatrixView<U> other)  // NOLINT(google-explicit-constructor)
        : data_(other.data()), rows_(other.rows()), cols_(other.cols()), stride_(other.stride()) {}

    T* data() const { return data_; }
    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    std::size_t stride() const { return stride_; }
    std::size_t size() const { return rows_ * cols_; }
    bool empty() const { return rows_ == 0 || cols_ == 0; }
    bool contiguous() const { return stride_ == cols_ || rows_ <= 1; }

    T& operator()(std::size_t r, std::size_t c) const {
        assert(r < rows_ && c < cols_);
        return data_[r * stride_ + c];
    }
    std::span<T> row(std::size_t r) const {
        assert(r < rows_);
        return {data_ + r * stride_, cols_};
    }
    // Rows [first, first + count).
    MatrixView rows(std::size_t first, std::size_t count) const {
        assert(first + count <= rows_);
        return {data_ + first * stride_, count, cols_, stride_};
    }
    // All elements as one span; only for contiguous views.
    std::span<T> flat() const {
        assert(contiguous());
        return {data_, size()};
    }

private:
    T* data_ = nullptr;
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::size_t stride_ = 0;
};

template <typename T>
class BasicMatrix {
public:
    static constexpr std::size_t alignment = 64;

    BasicMatrix() = default;
    BasicMatrix(std::size_t rows, std::size_t cols, T fill = T(0));
    // Row-major values; their count must be rows * cols.
    BasicMatrix(std::size_t rows, std::size_t cols, std::initializer_list<T> values);
    BasicMatrix(MatrixView<const T> view);  // NOLINT: a copy of a view's contents
    BasicMatrix(const BasicMatrix& other);
    BasicMatrix(BasicMatrix&& other) noexcept;
    BasicMatrix& operator=(const BasicMatrix& other);
    BasicMatrix& operator=(BasicMatrix&& other) noexcept;
    ~BasicMatrix() = default;

    // Changes the shape; keeps the storage when it is big enough (contents
    // are then unspecified), so resizing to a known size never allocates.
    void resize(std::size_t rows, std::size_t cols);
    void fill(T value);

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    std::size_t size() const { return rows_ * cols_; }
    bool empty() const { return size() == 0; }
    T* data() { return data_.get(); }
    const T* data() const { return data_.get(); }
    T& operator()(std::size_t r, std::size_t c) { return data_[r * cols_ + c]; }
    const T& operator()(std::size_t r, std::size_t c) const { return data_[r * cols_ + c]; }
    std::span<T> row(std::size_t r) { return {data() + r * cols_, cols_}; }
    std::span<const T> row(std::size_t r) const { return {data() + r * cols_, cols_}; }
    std::span<T> flat() { return {data(), size()}; }
    std::span<const T> flat() const { return {data(), size()}; }

    MatrixView<T> view() { return {data(), rows_, cols_}; }
    MatrixView<const T> view() const { return {data(), rows_, cols_}; }
    operator MatrixView<T>() { return view(); }              // NOLINT
    operator MatrixView<const T>() const { return view(); }  // NOLINT

private:
    struct Free {
        void operator()(T* p) const;
    };
    std::unique_ptr<T[], Free> data_;
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::size_t capacity_ = 0;
};

using Matrix = BasicMatrix<float>;
using MatrixD = BasicMatrix<double>;

}  // namespace neurite
